"""The steps of a sign-in that the server waits for, each taken once.

After a right password the browser holds the secret of a step that asks for the second
factor; a passkey's challenge is such a step too. The server keeps the secret's SHA-256
and deletes the step when it is taken, so neither a copied cookie nor a replayed answer
takes it twice (a challenge kept in Flask's signed cookie could be replayed). Steps
last five minutes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.models import Person, SignInStep
from core.types import utcnow

LIFETIME = timedelta(minutes=5)

SECOND_FACTOR = "second_factor"
PASSKEY_SIGN_IN = "passkey_sign_in"
PASSKEY_ENROLMENT = "passkey_enrolment"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def begin(db: Session, purpose: str, person: Person | None = None, challenge: bytes | None = None) -> str:
    """A new step: the secret the browser keeps for it. Steps past their lifetime are cleared first."""
    db.execute(delete(SignInStep).where(SignInStep.created_at <= utcnow() - LIFETIME))
    secret = secrets.token_urlsafe(32)
    db.add(
        SignInStep(
            secret_hash=_hash(secret), purpose=purpose, person_id=person.id if person else None, challenge=challenge
        )
    )
    db.flush()
    return secret


def waiting(db: Session, secret: str | None, purpose: str) -> SignInStep | None:
    """The step behind ``secret`` while it waits (not taken, not expired), left in place."""
    if not secret:
        return None
    return db.scalar(
        select(SignInStep).where(
            SignInStep.secret_hash == _hash(secret),
            SignInStep.purpose == purpose,
            SignInStep.created_at > utcnow() - LIFETIME,
        )
    )


def take(db: Session, secret: str | None, purpose: str) -> SignInStep | None:
    """The step behind ``secret``, deleted: whatever answers it, it is never answered again."""
    step = waiting(db, secret, purpose)
    if step is not None:
        db.delete(step)
        db.flush()
    return step
