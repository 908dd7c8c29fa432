"""Webhooks an agency's system registers, and the deliveries each change in the changes feed becomes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base
from core.models.people import Person
from core.models.tokens import ApiToken
from core.types import UTCDateTime, utcnow


class Webhook(Base):
    """Where to send the changes its owner may read, as the changes feed reports them.

    ``cursor`` is the feed's cursor up to which changes became deliveries. The secret that
    signs them is kept encrypted (:mod:`core.webhooks.secrets`): the receiver must be able to
    check a signature, so it cannot be a hash. A webhook registered with a token stops when that
    token is revoked or expires.
    """

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    registered_with_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"))
    url: Mapped[str] = mapped_column(String(2000))
    encrypted_secret: Mapped[str] = mapped_column(Text)
    # None: every child the owner may read; else only these (each one the owner could read when named).
    child_ids: Mapped[list[int] | None] = mapped_column(JSON)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_reason: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship()
    registered_with: Mapped[ApiToken | None] = relationship()

    __table_args__ = (Index("ix_webhooks_person_id", "person_id"),)


class WebhookDelivery(Base):
    """One change sent to one webhook: its body, signed anew at each attempt, and how sending went.

    ``public_id`` is the delivery's id in the ``Teamaround-Delivery`` header, the same at every
    attempt, so a receiver that keeps the ids it has seen handles each delivery once.
    ``failures`` counts failed attempts since the webhook was last enabled. ``person_id``, the
    webhook's owner, puts what was sent to their system in their own subject access export.
    """

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    response_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attempt_log: Mapped[list[WebhookAttempt]] = relationship(
        order_by="WebhookAttempt.id", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_webhook_deliveries_lane", "webhook_id", "status", "child_id", "sequence"),
        Index("ix_webhook_deliveries_child_id", "child_id"),
        Index("ix_webhook_deliveries_person_id", "person_id"),
    )


class WebhookAttempt(Base):
    """One try at sending a delivery: when, the answer's status code and what went wrong, so
    the receiver's integrator sees every try (a 503, then a timeout...), not only the last."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    response_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_webhook_attempts_delivery_id", "delivery_id"),)
