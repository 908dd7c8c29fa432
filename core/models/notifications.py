"""Telling people what changed: notifications, how each person wants them, reminders."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class NotificationKind(enum.StrEnum):
    NEW_ENTRY = "new_entry"
    MESSAGE = "message"
    REPLY = "reply"
    PLAN_CHANGE = "plan_change"
    MEETING = "meeting"
    ACTION = "action"
    REMINDER = "reminder"


class Delivery(enum.StrEnum):
    """How a kind of notification reaches a person besides the in-app list."""

    IMMEDIATELY = "immediately"
    DAILY_DIGEST = "daily_digest"
    NOT_AT_ALL = "not_at_all"


class Notification(Base):
    """One thing one person should know: which child, who, what, and a link to it.

    ``key`` names the event (an entry, a reminder of a meeting), so the same event
    never notifies the same person twice, however often the jobs run.
    """

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind, "notification_kind"))
    headline: Mapped[str] = mapped_column(String(300))
    first_line: Mapped[str] = mapped_column(String(300), default="")
    # The system's words of the headline and first line as data, by part: see core.wording.
    # The two columns above keep them in English, and a first line a person typed as typed.
    wording: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    link: Mapped[str] = mapped_column(String(300))
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery, "delivery"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The e-mail that carries it (one each, or a daily digest), so the outbox can check
    # at send time that its recipient may still see every child it names.
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"), index=True)

    recipient: Mapped[Person] = relationship()

    __table_args__ = (
        UniqueConstraint("key", "recipient_id", name="uq_notifications_key_recipient"),
        Index("ix_notifications_recipient_unread", "recipient_id", "read_at", "id"),
        Index("ix_notifications_to_email", "delivery", "emailed_at"),
    )


class NotificationPreference(Base):
    """A person's choice for one kind of notification; without one, their preferred channel decides."""

    __tablename__ = "notification_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind, "notification_kind"))
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery, "delivery"))

    __table_args__ = (UniqueConstraint("person_id", "kind", name="uq_notification_preferences_person_kind"),)


class ReportRequest(Base):
    """The lead professional asking a team member for their report before a review meeting."""

    __tablename__ = "report_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    due_on: Mapped[date] = mapped_column(Date)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("timeline_entries.id"))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])

    __table_args__ = (UniqueConstraint("meeting_id", "person_id", name="uq_report_requests_meeting_person"),)
