"""The append-only audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base
from core.models.people import Person
from core.types import UTCDateTime, utcnow


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

    # The person before the time: the home page asks whether this person looked at the child's
    # timeline since an entry was posted, not whether anyone did (migration 0040).
    # And a person's newest look at any timeline, which their kept home page depends on (migration 0046).
    __table_args__ = (
        Index("ix_audit_events_child_action_actor", "child_id", "action", "actor_id", "at"),
        Index("ix_audit_events_actor_action", "actor_id", "action", "id"),
    )
