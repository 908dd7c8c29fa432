"""Personal API tokens: created, listed with their last use, revoked.

A token is shown once; only its SHA-256 is kept. A long random token needs no
slow hash (nothing to guess), and a fast one lets every API call be checked with
one indexed lookup.

Every token ends: a secret copied into an agency's system outlives the reason it was
made for, so it works for the days chosen when it was made (90 unless said, a year at
most), and may be limited to reading.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from marshmallow import Schema, fields, validate
from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from core.db import write_after_reading
from core.errors import NotFound
from core.models import ApiToken, Person, TokenScope
from core.models.data_version import DATA_VERSION
from core.records import audit
from core.types import utcnow
from core.validation import load

PREFIX = "ta_"
# Writing "last used" on every call would make each read a write; a minute's
# precision is enough to tell whether a token is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)
DEFAULT_DAYS = 90
MAX_DAYS = 365


class TokenInput(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    days = fields.Integer(
        load_default=DEFAULT_DAYS,
        validate=validate.Range(min=1, max=MAX_DAYS),
        metadata={"description": f"How many days the token works ({DEFAULT_DAYS} unless said, {MAX_DAYS} at most)"},
    )
    scope = fields.Enum(
        TokenScope,
        by_value=fields.String,
        load_default=TokenScope.READ_WRITE,
        metadata={"description": "read: only GET; read_write: every operation its person may do"},
    )


class TokenExpired(Exception):
    """A bearer secret of a token whose days are over: told apart so the caller can say so."""

    def __init__(self, expired_at):
        self.expired_at = expired_at
        super().__init__(f"token expired at {expired_at.isoformat()}")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(db: Session, actor: Person, data: Mapping[str, Any]) -> tuple[ApiToken, str]:
    """A new token for ``actor``: the record, and the secret to show them once."""
    values = load(TokenInput(), data)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        person_id=actor.id,
        name=values["name"],
        token_hash=_hash(secret),
        expires_at=utcnow() + timedelta(days=values["days"]),
        scope=values["scope"],
    )
    db.add(token)
    db.flush()
    audit.record(db, actor, "api_token.created", subject=f"token:{token.id}",
                 detail={"scope": token.scope.value, "days": values["days"]})
    return token, secret


def list_own(db: Session, actor: Person) -> list[ApiToken]:
    """The actor's tokens not revoked, expired ones among them (so they can see which ended)."""
    return list(
        db.scalars(
            select(ApiToken).where(ApiToken.person_id == actor.id, ApiToken.revoked_at.is_(None)).order_by(ApiToken.id)
        )
    )


def revoke(db: Session, actor: Person, token_id: int) -> None:
    token = db.get(ApiToken, token_id)
    if token is None or token.person_id != actor.id or token.revoked_at is not None:
        raise NotFound(f"token {token_id}")
    token.revoked_at = utcnow()
    audit.record(db, actor, "api_token.revoked", subject=f"token:{token.id}")
    db.flush()


def revoke_all(db: Session, person: Person) -> None:
    """Revoke every token of ``person``, with no event of its own: the change of account
    that calls for it (a new password, a closed account) is audited."""
    db.execute(
        update(ApiToken)
        .where(ApiToken.person_id == person.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


class TokenEnd(enum.Enum):
    """How a token came to open nothing."""

    REVOKED = "revoked"
    EXPIRED = "expired"


def ended(token: ApiToken, now: datetime) -> TokenEnd | None:
    """How ``token`` has ended by ``now``, None while it still opens: the one rule for the API's
    callers and for the webhooks a token registered. Revoked first: it says someone ended it."""
    if token.revoked_at is not None:
        return TokenEnd.REVOKED
    if token.expires_at <= now:
        return TokenEnd.EXPIRED
    return None


def still_opens(now) -> ColumnElement[bool]:
    """:func:`ended`'s rule as SQL, for a statement that must decide before its row is read
    (a read audited ahead, core.records.audit.Ahead): a token neither revoked nor expired at
    ``now``. Change the two together."""
    return and_(ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)


class Bearer(NamedTuple):
    """Whom a bearer token signs in, with the data version read with them (core.models.data_version)."""

    token: ApiToken
    person: Person
    data_version: int
    # The read named by an ``Ahead`` (core.records.audit) was audited with the token, as
    # core.people.sessions.SignedIn's is with a session.
    audited_ahead: bool = False


# Built once: every API call asks it, and building and keying it cost more than running it.
# With a read to audit ahead, on PostgreSQL, it appends the read's events for a token that still
# opens. It returns one row at most (a token's secret is unique, and its person one): keep it
# so, or the events are appended for each row.
_TOKEN_AND_PERSON = audit.SigningIn(
    select(ApiToken, Person, DATA_VERSION.scalar_subquery())
    .join(Person, Person.id == ApiToken.person_id)
    .where(ApiToken.token_hash == bindparam("token_hash"), Person.active.is_(True)),
    Person.id,
    still_opens(bindparam("now")),
)


def authenticate(db: Session, secret: str, ahead: audit.Ahead | None = None) -> Bearer | None:
    """The token and its person for a bearer secret; None for an unknown, revoked or closed one.
    With ``ahead``, the read it names is audited too, on PostgreSQL, if the token still opens
    it and the data version is still the one it names (``Bearer.audited_ahead``).

    Raises :class:`TokenExpired` for a token whose days are over."""
    if not secret.startswith(PREFIX):
        return None
    now = utcnow()
    values = {"token_hash": _hash(secret), "now": now}
    found = _TOKEN_AND_PERSON.first(db.execute, db.get_bind().dialect.name, values, ahead)
    if found is None:
        return None
    token, person, data_version = found.row
    match ended(token, now):
        case TokenEnd.REVOKED:
            return None
        case TokenEnd.EXPIRED:
            raise TokenExpired(token.expires_at)
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        write_after_reading(db, lambda _db: setattr(token, "last_used_at", now))
    return Bearer(token, person, data_version, found.audited_ahead)
