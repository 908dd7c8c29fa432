"""The domain model: the child, the adults around them, and the shared timeline."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum(enum_class, name):
    """Store an enum by its value, checked by a constraint on every database."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


class PersonKind(enum.StrEnum):
    PARENT = "parent"
    SCHOOL_STAFF = "school_staff"
    PROFESSIONAL = "professional"
    ADMINISTRATOR = "administrator"


class ContactChannel(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    TEXT = "text"
    FACE_TO_FACE = "face_to_face"


class SenStatus(enum.StrEnum):
    SEN_SUPPORT = "sen_support"
    EHCP = "ehcp"


class AreaOfNeed(enum.StrEnum):
    """The four broad areas of need of the SEND Code of Practice (6.28–6.35)."""

    COMMUNICATION_AND_INTERACTION = "communication_and_interaction"
    COGNITION_AND_LEARNING = "cognition_and_learning"
    SOCIAL_EMOTIONAL_MENTAL_HEALTH = "social_emotional_mental_health"
    SENSORY_AND_PHYSICAL = "sensory_and_physical"


class EntryKind(enum.StrEnum):
    UPDATE = "update"
    HOME_OBSERVATION = "home_observation"
    MESSAGE = "message"
    ASSESSMENT = "assessment"
    MEETING = "meeting"
    PLAN_CHANGE = "plan_change"
    DOCUMENT = "document"


class Visibility(enum.StrEnum):
    """Who reads an entry: the whole team, professionals only, or one agency."""

    TEAM = "team"
    PROFESSIONALS = "professionals"
    AGENCY = "agency"


class Person(Base):
    """An account: a parent or carer, school staff, an agency professional, an administrator."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    addressed_as: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), unique=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[PersonKind] = mapped_column(_enum(PersonKind, "person_kind"))
    agency: Mapped[str | None] = mapped_column(String(64))
    preferred_contact: Mapped[ContactChannel] = mapped_column(
        _enum(ContactChannel, "contact_channel"), default=ContactChannel.EMAIL
    )
    language: Mapped[str] = mapped_column(String(16), default="en")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Raised when the password changes or the account is closed: every session
    # and token issued before then stops working at once.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", foreign_keys="Membership.person_id"
    )

    @property
    def is_parent(self) -> bool:
        return self.kind is PersonKind.PARENT

    @property
    def display_name(self) -> str:
        return self.addressed_as or self.full_name


class Child(Base):
    """A child with special educational needs, at the centre of one team."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date] = mapped_column(Date)
    year_group: Mapped[str] = mapped_column(String(40), default="")
    sen_status: Mapped[SenStatus] = mapped_column(
        _enum(SenStatus, "sen_status"), default=SenStatus.SEN_SUPPORT
    )
    needs: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    strengths: Mapped[str] = mapped_column(Text, default="")
    about_me: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    memberships: Mapped[list[Membership]] = relationship(back_populates="child")

    __mapper_args__ = {"version_id_col": version}

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.full_name.split(" ")[0]


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


class TimelineEntry(Base):
    """One dated event in a child's shared timeline, from any member of the team."""

    __tablename__ = "timeline_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    agency: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[EntryKind] = mapped_column(_enum(EntryKind, "entry_kind"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    visibility: Mapped[Visibility] = mapped_column(_enum(Visibility, "visibility"))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    payload_schema: Mapped[str | None] = mapped_column(String(100))
    payload_version: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    author: Mapped[Person] = relationship()
    acknowledgements: Mapped[list[Acknowledgement]] = relationship(
        back_populates="entry", order_by="Acknowledgement.acknowledged_at"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The keyset of the timeline: newest first within one child.
        Index("ix_timeline_entries_child_occurred", "child_id", "occurred_at", "id"),
    )


class Acknowledgement(Base):
    """A team member's "seen it" on an entry, so the author knows who has read it."""

    __tablename__ = "acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("timeline_entries.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[TimelineEntry] = relationship(back_populates="acknowledgements")
    person: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("entry_id", "person_id"),)


class AuditEvent(Base):
    """Who did or viewed what, about which child, when: append-only and hash-chained.

    Each event carries the hash of the one before, so deleting or altering an event
    breaks the chain at that point, which ``teamaround audit verify`` finds.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(64))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"))
    subject: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    actor: Mapped[Person | None] = relationship()

    __table_args__ = (Index("ix_audit_events_child_action", "child_id", "action", "at"),)


class LoginAttempt(Base):
    """One try at logging in, kept a short while to slow down password guessing."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )
