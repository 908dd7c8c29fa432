"""Recovery codes: for signing in when one's phone or passkey is lost.

Shown once, kept only as Argon2 hashes (with the passwords' hasher: a code is a short
secret like a password), each accepted once.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.models import Person, RecoveryCode
from core.people.passwords import verify
from core.records import audit
from core.types import utcnow

HOW_MANY = 10


def issue(db: Session, person: Person, hasher: PasswordHasher) -> list[str]:
    """A new set of codes for ``person``, to show them once; any earlier set stops working."""
    db.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(HOW_MANY)]
    db.add_all(RecoveryCode(person_id=person.id, code_hash=hasher.hash(code)) for code in codes)
    audit.record(db, person, "second_factor.recovery_codes_issued", subject=f"person:{person.id}")
    db.flush()
    return codes


def remaining(db: Session, person: Person) -> int:
    return len(_unused(db, person))


def use(db: Session, person: Person, hasher: PasswordHasher, code: str) -> bool:
    """Whether ``code`` is one of ``person``'s unused codes; if so it is spent, and audited."""
    code = "".join(code.split()).lower()
    for recovery in _unused(db, person):
        if verify(hasher, recovery.code_hash, code):
            recovery.used_at = utcnow()
            audit.record(db, person, "second_factor.recovery_code_used", subject=f"person:{person.id}")
            db.flush()
            return True
    return False


def _unused(db: Session, person: Person) -> list[RecoveryCode]:
    return list(
        db.scalars(select(RecoveryCode).where(RecoveryCode.person_id == person.id, RecoveryCode.used_at.is_(None)))
    )
