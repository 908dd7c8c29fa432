"""Single-use links mailed to a person: an invitation to choose a password, a password reset.

The link carries a long random secret; only its SHA-256 is kept (as for API tokens and
sessions: nothing to guess, so no slow hash), so a copy of the database opens no link.
A link opens nothing once used, once expired, or once ended unused: by a newer link of
the same kind (a resent invitation), or by a new password or a closed account
(:func:`end_all`, called wherever every way into an account ends).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.models import AccountLink, LinkPurpose, Person
from core.types import utcnow


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(
    db: Session, person: Person, purpose: LinkPurpose, lasts: timedelta, *, sent_by: Person | None = None
) -> tuple[AccountLink, str]:
    """A new link of ``purpose`` for ``person``: the record, and the secret for the mail.
    Their earlier links of the same kind open nothing from now on."""
    _end(db, person, purpose)
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    link = AccountLink(
        person_id=person.id,
        purpose=purpose,
        token_hash=_hash(secret),
        sent_by_id=sent_by.id if sent_by is not None else None,
        created_at=now,
        expires_at=now + lasts,
    )
    db.add(link)
    db.flush()
    return link, secret


def valid(db: Session, secret: str, purpose: LinkPurpose) -> AccountLink | None:
    """The unused, unexpired, unended link of ``purpose`` behind ``secret``, of an open account."""
    return db.scalar(
        select(AccountLink)
        .join(Person, Person.id == AccountLink.person_id)
        .where(
            AccountLink.token_hash == _hash(secret),
            AccountLink.purpose == purpose,
            AccountLink.used_at.is_(None),
            AccountLink.ended_at.is_(None),
            AccountLink.expires_at > utcnow(),
            Person.active.is_(True),
        )
    )


def use(db: Session, link: AccountLink) -> None:
    link.used_at = utcnow()
    db.flush()


def count_since(db: Session, person: Person, purpose: LinkPurpose, since) -> int:
    """How many links of ``purpose`` the person was sent after ``since``."""
    return db.scalar(
        select(func.count()).where(
            AccountLink.person_id == person.id, AccountLink.purpose == purpose, AccountLink.created_at > since
        )
    )


def end_all(db: Session, person: Person) -> None:
    """Every link of the person still open opens nothing from now on."""
    _end(db, person, None)


def _end(db: Session, person: Person, purpose: LinkPurpose | None) -> None:
    condition = [AccountLink.person_id == person.id, AccountLink.used_at.is_(None), AccountLink.ended_at.is_(None)]
    if purpose is not None:
        condition.append(AccountLink.purpose == purpose)
    db.execute(update(AccountLink).where(*condition).values(ended_at=utcnow()).execution_options(
        synchronize_session=False))
