"""Requests an agency system may send again safely: each answer kept under the key it sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base
from core.types import UTCDateTime, utcnow


class KeptAnswer(Base):
    """The answer to a request sent with an ``Idempotency-Key``, kept for a day so that a
    repeat (a retry after a lost connection) gets it again instead of doing the work twice.

    ``fingerprint`` is the hash of what was asked (method, path, body): the same key with
    something else asked is a mistake, not a retry. ``status`` is None while the request
    is being answered.
    """

    __tablename__ = "kept_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text, default="")
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("person_id", "key", name="uq_kept_answers_person_key"),)
