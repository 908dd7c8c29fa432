"""Changes become deliveries, and deliveries are sent: in order per child, through the job queue.

**Collecting** (:func:`collect`, at every run of ``teamaround jobs run``): for each webhook
that is on, the changes feed is read as its owner after the webhook's cursor, so a delivery
never carries what the owner could not read through the access policy; each change becomes
one delivery with a body rendered once (the feed's representation of the change, and its
cursor), and the cursor moves on in the same transaction.

**Sending** (the ``webhooks.send`` job, one per webhook and child): the child's deliveries
waiting are sent oldest change first, and the first that fails stops the rest, so a
receiver gets a child's changes in order. The job is tried again with exponential back-off
(:data:`RETRY`); after :data:`DISABLE_AFTER` failed attempts of one delivery in a row (about
two hours of failing) the webhook is disabled, saying why, until its owner enables it again.
An attempt counts as delivered on a 2xx answer only; redirects are not followed. Before
each attempt the owner must still see the child and the target must still be public, and
the attempt connects to the very addresses that check saw (:mod:`core.webhooks.pinned`).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import sees_child
from core.jobs.queue import JobKind, RetryPolicy, Sessions, enqueue
from core.models import Person
from core.models.webhooks import Webhook, WebhookAttempt, WebhookDelivery
from core.people import tokens as api_tokens
from core.sync.changes import MAX_LIMIT, Change, read_changes
from core.types import utcnow
from core.webhooks import pinned, signing
from core.webhooks.targets import RefusedTarget, checked_addresses

KIND = "webhooks.send"
ERASED = "child_erased"  # the changes feed's kind for a case retention erased
DISABLE_AFTER = 10
# 15 s, 30 s, 1 min, ... up to an hour between attempts: the tenth failure comes about two hours after the first.
RETRY = RetryPolicy(
    attempts=DISABLE_AFTER + 5, first_wait=timedelta(seconds=15), longest_wait=timedelta(hours=1),
    lease=timedelta(minutes=5),
)
TIMEOUT_SECONDS = 10
ANSWER_KEPT = 500

# The change as the changes feed represents it to ``owner``; JSON-ready.
Render = Callable[[Person, bool, Change], dict[str, Any]]


class DeliveryFailed(Exception):
    """The receiver did not take a delivery: the lane waits out its back-off."""


def collect(sessions: Sessions, render: Render) -> int:
    """Turn the changes since each webhook's cursor into deliveries, and queue the sending of
    every child's deliveries waiting; returns how many deliveries were made."""
    with sessions() as db:
        webhook_ids = list(db.scalars(select(Webhook.id).where(Webhook.disabled_at.is_(None)).order_by(Webhook.id)))
    made = 0
    for webhook_id in webhook_ids:
        with sessions() as db, db.begin():
            made += _collect_for(db, webhook_id, render)
    return made


def _collect_for(db: Session, webhook_id: int, render: Render) -> int:
    webhook = db.get(Webhook, webhook_id, with_for_update=True)
    if webhook is None or webhook.disabled_at is not None:
        return 0
    if reason := _stopped(webhook):
        webhook.disabled_at, webhook.disabled_reason = utcnow(), reason
        return 0
    made = 0
    while True:
        page = read_changes(db, webhook.person, {"cursor": webhook.cursor, "limit": MAX_LIMIT},
                            child_ids=webhook.child_ids)
        for change in page.changes:
            public_id = str(uuid.uuid4())
            body = {"id": public_id, "webhook_id": webhook.id, "cursor": str(change.sequence),
                    "change": render(webhook.person, page.sees_assessment_details, change)}
            db.add(WebhookDelivery(
                public_id=public_id, webhook_id=webhook.id, person_id=webhook.person_id,
                child_id=change.record.child_id, sequence=change.sequence, kind=change.kind,
                body=json.dumps(body, separators=(",", ":")), status="pending", attempts=0, failures=0, error="",
            ))
        made += len(page.changes)
        webhook.cursor = page.next_cursor
        if not page.more:
            break
    db.flush()
    waiting = select(WebhookDelivery.child_id).where(
        WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.status == "pending"
    )
    for child_id in sorted(set(db.scalars(waiting))):
        enqueue(db, KIND, {"webhook": webhook.id, "child": child_id}, key=f"{KIND}:{webhook.id}:{child_id}")
    return made


def _stopped(webhook: Webhook) -> str:
    """Why the webhook must stop for good, whatever its receiver does; empty while it may go on."""
    if not webhook.person.active:
        return "Its owner's account was closed."
    token = webhook.registered_with
    if token is not None and (end := api_tokens.ended(token, utcnow())) is not None:
        return _TOKEN_ENDED[end]
    return ""


_TOKEN_ENDED = {
    api_tokens.TokenEnd.REVOKED: "The token that registered it was revoked.",
    api_tokens.TokenEnd.EXPIRED: "The token that registered it expired.",
}


def job_kind(box: Fernet, *, allow_loopback: bool, retry: RetryPolicy = RETRY) -> JobKind:
    """The sending of one child's deliveries to one webhook, with the key that opens secrets."""
    return JobKind(KIND, lambda sessions, payload: _send_lane(sessions, payload, box, allow_loopback), retry)


def _send_lane(sessions: Sessions, payload: dict[str, Any], box: Fernet, allow_loopback: bool) -> None:
    while (next_one := _next_delivery(sessions, payload["webhook"], payload["child"], box)) is not None:
        delivery_id, url, secret, public_id, body = next_one
        code, error = _attempt(url, secret, public_id, body.encode(), allow_loopback)
        with sessions() as db, db.begin():
            if not _record_attempt(db, delivery_id, code, error):
                return
        if error:
            raise DeliveryFailed(error)


def _next_delivery(sessions: Sessions, webhook_id: int, child_id: int, box: Fernet) -> tuple | None:
    """The lane's oldest delivery waiting, with what sending it takes; None when there is none
    to send now (all sent, or the webhook off). One the owner may no longer read is withheld."""
    with sessions() as db, db.begin():
        webhook = db.get(Webhook, webhook_id)
        if webhook is None or webhook.disabled_at is not None:
            return None
        if reason := _stopped(webhook):
            webhook.disabled_at, webhook.disabled_reason = utcnow(), reason
            return None
        lane = (
            select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.child_id == child_id,
                   WebhookDelivery.status == "pending")
            .order_by(WebhookDelivery.sequence, WebhookDelivery.id)
        )
        for delivery in db.scalars(lane):
            # That a case was erased carries nothing of the child, and is sent after access ended.
            if delivery.kind == ERASED or db.scalar(select(sees_child(webhook.person_id, child_id))):
                secret = box.decrypt(webhook.encrypted_secret.encode()).decode()
                return delivery.id, webhook.url, secret, delivery.public_id, delivery.body
            delivery.status, delivery.error = "withheld", "Its owner may no longer read this child's record."
        return None


def _attempt(url: str, secret: str, public_id: str, body: bytes, allow_loopback: bool) -> tuple[int | None, str]:
    """Send once: the answer's status, and what went wrong (empty when delivered)."""
    try:
        addresses = checked_addresses(url, allow_loopback=allow_loopback)
    except RefusedTarget as refused:
        return None, refused.errors["url"][0]
    headers = {"Content-Type": "application/json", "User-Agent": "Teamaround-Webhooks/1"}
    headers |= signing.headers(secret, public_id, int(utcnow().timestamp()), body)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with pinned.opener(addresses).open(request, timeout=TIMEOUT_SECONDS) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as answer:
        return answer.code, f"The receiver answered {answer.code} {answer.reason}"[:ANSWER_KEPT]
    except (OSError, ValueError) as error:
        return None, f"Could not reach the receiver: {getattr(error, 'reason', error)}"[:ANSWER_KEPT]


def _record_attempt(db: Session, delivery_id: int, code: int | None, error: str) -> bool:
    """Log one attempt; disable the webhook when one delivery has failed too often. False when
    the lane must stop without a retry (the webhook was just disabled, or is gone)."""
    delivery = db.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return False
    now = utcnow()
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.response_code, delivery.error = now, code, error
    db.add(WebhookAttempt(delivery_id=delivery.id, attempted_at=now, response_code=code, error=error))
    if not error:
        delivery.status, delivery.delivered_at = "delivered", now
        return True
    delivery.failures += 1
    if delivery.failures >= DISABLE_AFTER:
        webhook = db.get(Webhook, delivery.webhook_id)
        webhook.disabled_at = now
        webhook.disabled_reason = f"{DISABLE_AFTER} attempts in a row failed to deliver one change; the last: {error}"
        return False
    return True
