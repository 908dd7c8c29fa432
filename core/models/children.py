"""The child, the team around them, and the family's consent to share."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class SenStatus(enum.StrEnum):
    SEN_SUPPORT = "sen_support"
    EHCP = "ehcp"


class AreaOfNeed(enum.StrEnum):
    """The four broad areas of need of the SEND Code of Practice (6.28–6.35)."""

    COMMUNICATION_AND_INTERACTION = "communication_and_interaction"
    COGNITION_AND_LEARNING = "cognition_and_learning"
    SOCIAL_EMOTIONAL_MENTAL_HEALTH = "social_emotional_mental_health"
    SENSORY_AND_PHYSICAL = "sensory_and_physical"


class Child(Base):
    """A child with special educational needs, at the centre of one team."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date] = mapped_column(Date)
    year_group: Mapped[str] = mapped_column(String(40), default="")
    sen_status: Mapped[SenStatus] = mapped_column(enum_column(SenStatus, "sen_status"), default=SenStatus.SEN_SUPPORT)
    needs: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    strengths: Mapped[str] = mapped_column(Text, default="")
    about_me: Mapped[str] = mapped_column(Text, default="")
    # How other systems know the child (core.records.identifiers): the school census's
    # Unique Pupil Number and the NHS number, each stored compact and held by one child.
    upn: Mapped[str | None] = mapped_column(String(13))
    nhs_number: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when retention has erased the case: the row stays, blanked, because the
    # audit log's events name it (see core.records.retention).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    memberships: Mapped[list[Membership]] = relationship(back_populates="child")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("uq_children_upn", "upn", unique=True),
        Index("uq_children_nhs_number", "nhs_number", unique=True),
    )

    @property
    def known_as(self) -> str:
        return known_as(self.preferred_name, self.full_name)


def known_as(preferred_name: str, full_name: str) -> str:
    """The name the child uses: what they asked to be called, or else their first name."""
    return preferred_name or full_name.split(" ")[0]


class Membership(Base):
    """A person's place in a child's team: their role, their agency, whether they lead."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    role: Mapped[str] = mapped_column(String(64))
    agency: Mapped[str | None] = mapped_column(String(64))
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # A parent's or carer's relationship to the child as the school records it ("mother",
    # "grandparent"), and whether they hold parental responsibility (None: not recorded).
    relationship_to_child: Mapped[str] = mapped_column(String(40), default="", server_default="")
    parental_responsibility: Mapped[bool | None] = mapped_column(Boolean)

    person: Mapped[Person] = relationship(back_populates="memberships", foreign_keys=[person_id])
    child: Mapped[Child] = relationship(back_populates="memberships")

    __table_args__ = (
        # One current membership per person and child; past ones stay as history.
        Index(
            "uq_memberships_current",
            "person_id",
            "child_id",
            unique=True,
            sqlite_where=text("left_at IS NULL"),
            postgresql_where=text("left_at IS NULL"),
        ),
        Index("ix_memberships_child_id", "child_id"),
    )


class AgencyConsent(Base):
    """The family's consent to share their child's record with one agency.

    Withdrawal is recorded rather than deleting the row, so the record shows who
    agreed to what and when, as the Caldicott principles ask.
    """

    __tablename__ = "agency_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    agency: Mapped[str] = mapped_column(String(64))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    recorded_by: Mapped[Person] = relationship(foreign_keys=[recorded_by_id])

    __table_args__ = (
        Index(
            "uq_agency_consents_current",
            "child_id",
            "agency",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )
