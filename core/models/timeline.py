"""The shared timeline: entries from every member of the team, and who has seen them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class Withdrawal(NamedTuple):
    """An entry taken off the timeline: by whom, and when."""

    by: Person
    at: datetime


class EntryKind(enum.StrEnum):
    UPDATE = "update"
    HOME_OBSERVATION = "home_observation"
    MESSAGE = "message"
    ASSESSMENT = "assessment"
    MEETING = "meeting"
    PLAN_CHANGE = "plan_change"
    DOCUMENT = "document"
    REFERRAL = "referral"  # a referral between agencies, and each answer to it
    EHC = "ehc"  # a step of the EHC needs assessment and plan


class Visibility(enum.StrEnum):
    """Who reads an entry: the whole team, professionals only, or one agency."""

    TEAM = "team"
    PROFESSIONALS = "professionals"
    AGENCY = "agency"


class TimelineEntry(Base):
    """One dated event in a child's shared timeline, from any member of the team."""

    __tablename__ = "timeline_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    agency: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[EntryKind] = mapped_column(enum_column(EntryKind, "entry_kind"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility, "visibility"))
    # The system's own words (an entry about a meeting, a plan change) as data, by part
    # ("title", "body"): see core.wording. None for what a person wrote.
    wording: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    payload_schema: Mapped[str | None] = mapped_column(String(100))
    payload_version: Mapped[int | None] = mapped_column(Integer)
    # An assessment's plain summary for the family as its author edited it before saving
    # ({"measured", "found", "next_steps"}); None when the plugin's own summary stood, which
    # then goes on following the plugin (and its translations).
    parent_summary: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # A reply in a thread of team messages points at the message that started it.
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("timeline_entries.id"))
    # An entry telling the team a document was added to the child's file links to it.
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Withdrawn by its author or the lead: gone from the timeline, where it shows only as
    # withdrawn, by whom and when; the row stays for the audit log and subject access.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # The number of the record's latest change, in the order changes committed (core.models.changes).
    change_sequence: Mapped[int | None] = mapped_column(BigInteger, index=True)

    author: Mapped[Person] = relationship(foreign_keys=[author_id])
    withdrawn_by: Mapped[Person | None] = relationship(foreign_keys=[withdrawn_by_id])
    reply_to: Mapped[TimelineEntry | None] = relationship(remote_side="TimelineEntry.id")
    acknowledgements: Mapped[list[Acknowledgement]] = relationship(
        back_populates="entry", order_by="Acknowledgement.acknowledged_at"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The keyset of the timeline: newest first within one child.
        Index("ix_timeline_entries_child_occurred", "child_id", "occurred_at", "id"),
        # A child's entries of some kinds, by time within each: the families' messages waiting
        # for the school (the dashboard) and a timeline narrowed to one kind read no others.
        Index("ix_timeline_entries_child_kind_occurred", "child_id", "kind", "occurred_at", "id"),
        # A thread's replies, found from its first message: whether a family's message was
        # answered (the dashboard), what an erasure takes with it. Only replies are indexed.
        Index(
            "ix_timeline_entries_reply_to",
            "reply_to_id",
            sqlite_where=text("reply_to_id IS NOT NULL"),
            postgresql_where=text("reply_to_id IS NOT NULL"),
        ),
    )

    @property
    def withdrawal(self) -> Withdrawal | None:
        """Who withdrew the entry and when; None while it stands."""
        return None if self.withdrawn_at is None else Withdrawal(by=self.withdrawn_by, at=self.withdrawn_at)


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
