"""Authenticator apps (TOTP, RFC 6238): enrolling one, and checking its codes.

A code is accepted for the current 30-second step and the one before it (a code typed
as the clock turns), never for a step at or before the last one accepted, so a code
seen over someone's shoulder cannot be used again.
"""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
from cryptography.fernet import Fernet
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.models import FactorKind, Person, SecondFactor
from core.records import audit
from core.types import utcnow

ISSUER = "Teamaround"


def start_enrolment(db: Session, person: Person, box: Fernet) -> tuple[SecondFactor, str]:
    """A new, unconfirmed app for ``person``, replacing one they began and left: it and its secret."""
    db.execute(
        delete(SecondFactor).where(
            SecondFactor.person_id == person.id,
            SecondFactor.kind == FactorKind.TOTP,
            SecondFactor.confirmed_at.is_(None),
        )
    )
    secret = pyotp.random_base32()
    factor = SecondFactor(
        person_id=person.id, kind=FactorKind.TOTP, encrypted_secret=box.encrypt(secret.encode()).decode()
    )
    db.add(factor)
    db.flush()
    return factor, secret


def unconfirmed(db: Session, person: Person) -> SecondFactor | None:
    return db.scalar(
        select(SecondFactor).where(
            SecondFactor.person_id == person.id,
            SecondFactor.kind == FactorKind.TOTP,
            SecondFactor.confirmed_at.is_(None),
        )
    )


def secret_of(factor: SecondFactor, box: Fernet) -> str:
    return box.decrypt(factor.encrypted_secret.encode()).decode()


def provisioning_uri(secret: str, person: Person) -> str:
    """The otpauth:// address an app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=person.email, issuer_name=ISSUER)


def confirm(db: Session, person: Person, box: Fernet, code: str, now: datetime | None = None) -> SecondFactor | None:
    """Confirm the app ``person`` is enrolling with a code from it; None if the code is not right."""
    factor = unconfirmed(db, person)
    if factor is None or not accepts(factor, box, code, now):
        return None
    factor.confirmed_at = utcnow()
    audit.record(db, person, "second_factor.added", subject=f"person:{person.id}", detail={"kind": "totp"})
    db.flush()
    return factor


def check(db: Session, person: Person, box: Fernet, code: str, now: datetime | None = None) -> bool:
    """Whether ``code`` is a fresh one from any of ``person``'s confirmed apps (it is then spent)."""
    factors = db.scalars(
        select(SecondFactor).where(
            SecondFactor.person_id == person.id,
            SecondFactor.kind == FactorKind.TOTP,
            SecondFactor.confirmed_at.is_not(None),
        )
    )
    for factor in factors:
        if accepts(factor, box, code, now):
            factor.last_used_at = utcnow()
            db.flush()
            return True
    return False


def accepts(factor: SecondFactor, box: Fernet, code: str, now: datetime | None = None) -> bool:
    """Whether ``code`` is the app's for the current or the previous step, and newer than the
    last one accepted; if so that step is recorded as used."""
    code = "".join(code.split())
    totp = pyotp.TOTP(secret_of(factor, box))
    current = totp.timecode(now or utcnow())
    for step in (current, current - 1):
        if factor.last_time_step is not None and step <= factor.last_time_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            factor.last_time_step = step
            return True
    return False
