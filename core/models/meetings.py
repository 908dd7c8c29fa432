"""Joint meetings of the team, who is invited, what was agreed, and when people are free."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.children import Child
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class MeetingStatus(enum.StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class MeetingPurpose(enum.StrEnum):
    TAC_MEETING = "tac_meeting"
    IEP_REVIEW = "iep_review"
    EHCP_ANNUAL_REVIEW = "ehcp_annual_review"
    PLANNING = "planning"
    OTHER = "other"


class Rsvp(enum.StrEnum):
    """An attendee's answer, with the iCalendar PARTSTAT names (RFC 5545 3.2.12)."""

    NEEDS_ACTION = "needs_action"
    ACCEPTED = "accepted"
    TENTATIVE = "tentative"
    DECLINED = "declined"


class Meeting(Base):
    """A meeting about one child; UID and SEQUENCE make every change a new version of
    the same calendar invite, so calendars update it instead of adding another."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    organiser_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    purpose: Mapped[MeetingPurpose] = mapped_column(enum_column(MeetingPurpose, "meeting_purpose"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.PROPOSED
    )
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # The number of the record's latest change, in the order changes committed (core.models.changes).
    change_sequence: Mapped[int | None] = mapped_column(BigInteger, index=True)
    agenda: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    child: Mapped[Child] = relationship()
    organiser: Mapped[Person] = relationship()
    attendees: Mapped[list[MeetingAttendee]] = relationship(
        back_populates="meeting", order_by="MeetingAttendee.id", cascade="all, delete-orphan"
    )
    actions: Mapped[list[MeetingAction]] = relationship(back_populates="meeting", order_by="MeetingAction.id")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_meetings_child_starts", "child_id", "starts_at"),)


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    rsvp: Mapped[Rsvp] = mapped_column(enum_column(Rsvp, "rsvp"), default=Rsvp.NEEDS_ACTION)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    person: Mapped[Person] = relationship()

    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id"),
        Index("ix_meeting_attendees_person_id", "person_id"),
    )


_OPEN = text("done_at IS NULL")  # an action not yet done (its column ``text`` hides the function in the class)


class MeetingAction(Base):
    """An action agreed at a meeting: who does what by when."""

    __tablename__ = "meeting_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="actions")
    owner: Mapped[Person] = relationship()

    __table_args__ = (
        Index("ix_meeting_actions_owner_due", "owner_id", "due_on"),
        # The open actions of a child, by when they are due: a lead's overdue ones, counted
        # on the home page and listed with the person's own. Done actions are not indexed.
        Index(
            "ix_meeting_actions_child_open_due",
            "child_id",
            "due_on",
            sqlite_where=_OPEN,
            postgresql_where=_OPEN,
        ),
    )


class AvailabilityKind(enum.StrEnum):
    FREE = "free"
    BUSY = "busy"


class AvailabilitySource(enum.StrEnum):
    BY_HAND = "by_hand"
    CALENDAR_FILE = "calendar_file"


class AvailabilitySlot(Base):
    """A time a person can come (free) or cannot (busy), once or every week until a date."""

    __tablename__ = "availability_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[AvailabilityKind] = mapped_column(enum_column(AvailabilityKind, "availability_kind"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    weekly_until: Mapped[date | None] = mapped_column(Date)
    where: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[AvailabilitySource] = mapped_column(
        enum_column(AvailabilitySource, "availability_source"), default=AvailabilitySource.BY_HAND
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_availability_slots_person_starts", "person_id", "starts_at"),)


class CalendarFeed(Base):
    """A person's secret subscription address; only its hash is stored."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Raised whenever what the feed shows changes, so the feed's ETag is known
    # without reading a single meeting.
    content_version: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, server_default=func.now())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()


class OutboxMessage(Base):
    """An e-mail waiting to go, written in the same transaction as the change it reports.

    Saving a meeting never waits on a mail server: the message is queued here and
    sent afterwards, retried with back-off when the server fails. ``key`` names what
    it is about and is unique, so it is queued once; ``claimed_by`` and
    ``claimed_until`` are one sender's lease on it, and ``handed_over_at`` says the
    mail server had all of it but the final dot, so it is sent once (``core.messaging.outbox``);
    ``given_up_at`` that it failed for days and is no longer tried, reported to the operator.
    ``child_id`` is the one child the message is about, so that it is part of the child's
    record (exported, erased with the case); None for one about no child or several (a
    digest), whose notifications name theirs. ``secret`` is the part of ``text_body`` that
    opens something (a link's secret): blanked in the body, and forgotten, once sent.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    secret: Mapped[str | None] = mapped_column(String(200))
    calendar: Mapped[str | None] = mapped_column(Text)
    calendar_method: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    given_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_outbox_messages_due", "sent_at", "next_attempt_at"),)
