"""Webhooks a person registers for their agency's system: registered, listed, re-enabled, deleted.

A webhook sends what its owner may read through the access policy, and nothing else: the
changes feed read as the owner (:mod:`core.webhooks.deliveries`), narrowed to the children
named at registration if any were. It starts from the moment it is registered: what changed
before is in the changes feed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cryptography.fernet import Fernet
from marshmallow import Schema, fields, validate
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from core.access import visible_children
from core.errors import DoesNotFit, NotFound
from core.models import ApiToken, Child, Person
from core.models.changes import latest_change
from core.models.webhooks import Webhook, WebhookDelivery
from core.records import audit
from core.validation import load
from core.webhooks.secrets import new_secret
from core.webhooks.targets import check_url

MAX_LOG_PAGE = 200


class WebhookInput(Schema):
    url = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "An https:// address on the public internet", "example": "https://example.org/hook"},
    )
    child_ids = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)),
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=1000),
        metadata={"description": "Only these children (each one you may read); leave out for every child you may read"},
    )


class DeliveryLogQuery(Schema):
    before = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=2**63 - 1),
        metadata={"description": "The next_cursor of the page read last; leave out for the newest"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_LOG_PAGE))


def register(
    db: Session, actor: Person, data: Mapping[str, Any], *, box: Fernet, allow_loopback: bool,
    token: ApiToken | None = None,
) -> tuple[Webhook, str]:
    """A new webhook of ``actor`` (stopping when ``token``, if given, is revoked), and its
    secret to show them once."""
    values = load(WebhookInput(), data)
    check_url(values["url"], allow_loopback=allow_loopback)
    child_ids = values["child_ids"]
    if child_ids is not None:
        child_ids = sorted(set(child_ids))
        readable = set(db.scalars(visible_children(actor).where(Child.id.in_(child_ids)).with_only_columns(Child.id)))
        if unknown := [child_id for child_id in child_ids if child_id not in readable]:
            raise DoesNotFit({"child_ids": [f"You may read no child with the id {number}." for number in unknown]})
    secret = new_secret()
    webhook = Webhook(
        person_id=actor.id, registered_with_id=token.id if token else None, url=values["url"], child_ids=child_ids,
        encrypted_secret=box.encrypt(secret.encode()).decode(), cursor=latest_change(db), disabled_reason="",
    )
    db.add(webhook)
    db.flush()
    audit.record(db, actor, "webhook.registered", subject=f"webhook:{webhook.id}")
    return webhook, secret


def list_own(db: Session, actor: Person) -> list[Webhook]:
    return list(db.scalars(select(Webhook).where(Webhook.person_id == actor.id).order_by(Webhook.id)))


def own(db: Session, actor: Person, webhook_id: int) -> Webhook:
    webhook = db.get(Webhook, webhook_id)
    if webhook is None or webhook.person_id != actor.id:
        raise NotFound(f"webhook {webhook_id}")
    return webhook


def delete(db: Session, actor: Person, webhook_id: int) -> None:
    """Stop the webhook at once and forget it, with its deliveries (sent or waiting)."""
    webhook = own(db, actor, webhook_id)
    db.delete(webhook)
    db.flush()
    audit.record(db, actor, "webhook.deleted", subject=f"webhook:{webhook_id}")


def enable(db: Session, actor: Person, webhook_id: int, *, allow_loopback: bool) -> Webhook:
    """Start a disabled webhook again, once its owner has mended the receiver: deliveries
    waiting are sent in order, each with its failures counted afresh."""
    webhook = own(db, actor, webhook_id)
    check_url(webhook.url, allow_loopback=allow_loopback)
    if webhook.disabled_at is not None:
        webhook.disabled_at, webhook.disabled_reason = None, ""
        db.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.status == "pending")
            .values(failures=0)
        )
        audit.record(db, actor, "webhook.enabled", subject=f"webhook:{webhook.id}")
    db.flush()
    return webhook


def delivery_log(
    db: Session, actor: Person, webhook_id: int, query: Mapping[str, Any] | None = None
) -> tuple[list[WebhookDelivery], int | None]:
    """The webhook's deliveries, newest first, with each one's attempts; and the cursor of the
    next page (None at the oldest)."""
    webhook = own(db, actor, webhook_id)
    options = load(DeliveryLogQuery(), query or {})
    statement = (
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook.id)
        .options(selectinload(WebhookDelivery.attempt_log))
    )
    if options["before"] is not None:
        statement = statement.where(WebhookDelivery.id < options["before"])
    found = list(db.scalars(statement.order_by(WebhookDelivery.id.desc()).limit(options["limit"] + 1)))
    page = found[: options["limit"]]
    return page, page[-1].id if len(found) > options["limit"] else None
