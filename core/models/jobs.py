"""Background work waiting in the database: one row per job, whatever its kind."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base
from core.types import UTCDateTime, utcnow


class Job(Base):
    """A piece of background work (a document's preview, say), kept until it is done, so a
    restart loses nothing; claimed on a lease so two workers never run it at once.

    The payload names records by id and never copies what they say: a job is no part of
    anyone's record, and an erased record leaves nothing of itself here.
    """

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    # Work asked for twice while the first is still waiting is queued once.
    key: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the kind's retry policy gives up: the job stays, with its last error, for a person.
    given_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_jobs_due", "given_up_at", "next_attempt_at"), Index("ix_jobs_key", "key"))
