"""Requests an agency system may send again: the first answer to a key is kept for a day.

A system that lost the connection before reading the answer cannot tell whether its
entry was posted; it sends the same request with the same ``Idempotency-Key`` again and
gets the first answer, with nothing done twice. Keys are the sender's own (per person).
The answer is kept in the transaction that made the change, so both are saved or neither.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import Conflict, TeamaroundError
from core.models import KeptAnswer, Person
from core.types import utcnow

KEPT_FOR = timedelta(hours=24)


class KeyReused(TeamaroundError):
    """The key was sent before with a different request."""


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What a request asks, as a hash: a repeat asks the same."""
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


def kept_or_reserved(db: Session, person: Person, key: str, asked: str) -> KeptAnswer:
    """The answer kept for ``key``, or, when there is none, the key reserved for the
    answer this request will get (its ``status`` is None): :func:`keep` fills it in.

    Two requests with one key at once: the second waits for the first to commit (on the
    unique key) and then gets its answer; if the first failed, the second goes ahead.
    """
    expired = KeptAnswer.person_id == person.id, KeptAnswer.created_at <= utcnow() - KEPT_FOR
    db.execute(delete(KeptAnswer).where(*expired))
    kept = _kept(db, person, key)
    if kept is None:
        reserved = KeptAnswer(person_id=person.id, key=key, fingerprint=asked)
        try:
            with db.begin_nested():
                db.add(reserved)
        except IntegrityError:
            kept = _kept(db, person, key)
        else:
            return reserved
    if kept.fingerprint != asked:
        raise KeyReused("This Idempotency-Key was sent with another request: use a new key for a new request.")
    if kept.status is None:
        raise Conflict("A request with this Idempotency-Key is still being answered: send it again in a moment.")
    return kept


def keep(reserved: KeptAnswer, *, status: int, body: str, headers: dict[str, str]) -> None:
    """Keep the answer given to the request that reserved the key."""
    reserved.status, reserved.body, reserved.headers = status, body, headers


def _kept(db: Session, person: Person, key: str) -> KeptAnswer | None:
    return db.scalar(select(KeptAnswer).where(KeptAnswer.person_id == person.id, KeptAnswer.key == key))
