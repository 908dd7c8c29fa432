"""How a delivery is signed, and how a receiver checks it (HMAC-SHA256, RFC 2104).

Each delivery carries three headers:

- ``Teamaround-Delivery``: the delivery's id, the same at every attempt: keep the ids you
  have handled and ignore a repeat (an attempt whose answer was lost is sent again);
- ``Teamaround-Timestamp``: when this attempt was signed, in whole seconds since 1970 (UTC);
- ``Teamaround-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the webhook's
  secret, of the timestamp, a full stop, and the body's bytes exactly as received.

Signing the timestamp with the body stops a replay: refuse a delivery whose timestamp is
more than :data:`TOLERANCE` from your clock, then compare signatures in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import timedelta

TOLERANCE = timedelta(minutes=5)
DELIVERY, TIMESTAMP, SIGNATURE = "Teamaround-Delivery", "Teamaround-Timestamp", "Teamaround-Signature"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def headers(secret: str, delivery_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {DELIVERY: delivery_id, TIMESTAMP: str(timestamp), SIGNATURE: signature(secret, timestamp, body)}


def verify(secret: str, received: Mapping[str, str], body: bytes, now: int) -> bool:
    """What a receiver does: the signature is the secret's over this body, signed within
    :data:`TOLERANCE` of ``now`` (seconds since 1970). ``received``: the headers, looked up
    by name as sent (or case-insensitively, as most HTTP servers offer them)."""
    try:
        timestamp = int(received.get(TIMESTAMP))
    except (TypeError, ValueError):
        return False
    if abs(now - timestamp) > TOLERANCE.total_seconds():
        return False
    return hmac.compare_digest(received.get(SIGNATURE, ""), signature(secret, timestamp, body))
