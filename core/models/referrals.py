"""Referrals between agencies: the team asks another service to see the child, with the family's consent."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.children import Child
from core.models.documents import Document
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class ReferralStatus(enum.StrEnum):
    """Where a referral is: with the receiving agency, back with the referrer, or answered."""

    WAITING = "waiting"
    MORE_INFORMATION = "more_information"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ConsentMethod(enum.StrEnum):
    """How the family gave their consent to the referral."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    IN_WRITING = "in_writing"


class ReferralStepKind(enum.StrEnum):
    """What happened to a referral, one step at a time."""

    MADE = "made"
    MORE_INFORMATION_ASKED = "more_information_asked"
    INFORMATION_GIVEN = "information_given"
    ACCEPTED = "accepted"
    DECLINED = "declined"


referral_documents = Table(
    "referral_documents",
    Base.metadata,
    Column("referral_id", ForeignKey("referrals.id"), primary_key=True),
    Column("document_id", ForeignKey("documents.id"), primary_key=True),
)


class Referral(Base):
    """A request from a child's team that another agency see the child.

    The receiving agency's people read the referral before any of them is in the team
    (see :func:`core.access.referral_access`); the family's consent to this referral is
    kept on it (who gave it, when, how), and no referral is made without it.
    """

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    agency: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    # The questions as they were asked, each with its answer: [{"key", "question" (a
    # Wording as JSON, in its plugin's catalogue), "answer"}], so a referral made last
    # year still reads when a plugin changes its questions.
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    referred_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    referred_by_agency: Mapped[str | None] = mapped_column(String(64))
    referred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    consent_given_by: Mapped[str] = mapped_column(String(200))
    consent_given_on: Mapped[date] = mapped_column(Date)
    consent_method: Mapped[ConsentMethod] = mapped_column(enum_column(ConsentMethod, "referral_consent_method"))
    status: Mapped[ReferralStatus] = mapped_column(enum_column(ReferralStatus, "referral_status"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    child: Mapped[Child] = relationship()
    referred_by: Mapped[Person] = relationship()
    documents: Mapped[list[Document]] = relationship(secondary=referral_documents, order_by="Document.id")
    steps: Mapped[list[ReferralStep]] = relationship(back_populates="referral", order_by="ReferralStep.id")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_referrals_child_id", "child_id", "id"),
        Index("ix_referrals_agency_status", "agency", "status"),
    )


class ReferralStep(Base):
    """One step of a referral (made, a question for more information, its answer, the
    agency's answer), with what the person who took it wrote."""

    __tablename__ = "referral_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"))
    kind: Mapped[ReferralStepKind] = mapped_column(enum_column(ReferralStepKind, "referral_step_kind"))
    text: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("timeline_entries.id"))

    referral: Mapped[Referral] = relationship(back_populates="steps")
    by: Mapped[Person] = relationship()

    __table_args__ = (Index("ix_referral_steps_referral_id", "referral_id"),)
