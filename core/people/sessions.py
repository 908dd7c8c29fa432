"""Signed-in sessions, kept on the server so that logging out really ends one.

The browser's cookie carries only a random secret; the server keeps the secret's SHA-256
(as for API tokens: a long random secret needs no slow hash) with the person, when the
session started, when it was last seen and when it ended. Logging out, changing the
password or closing the account ends sessions here, so a copy of a cookie kept from
before opens nothing afterwards.

Lifetimes are the project's own, for a shared record of children's data (ASVS 3.3):
a session ends after 30 idle minutes and, however busy, 10 hours after logging in.

Every request checks its session with one indexed lookup, which also reads the person
and their unread notifications (every page shows both). "Last seen" is written only
when it has moved by more than a minute, so most requests write nothing; the idle
limit is met to within that minute, never later.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, delete, inspect, or_, select, update
from sqlalchemy.orm import Session

from core.db import as_loaded, write_after_reading
from core.messaging.notifications import unread_count_of
from core.models import LoginSession, Person
from core.models.data_version import DATA_VERSION
from core.records import audit
from core.types import utcnow

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=10)
LAST_SEEN_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class SignedIn:
    """Whom an open session signs in, with what every page shows about them."""

    person: Person
    unread_notifications: int
    # The person must enrol a second factor before this session opens anything else.
    enrolment_required: bool = False
    # "Last seen" moved on with this request: the browser's cookie is renewed with it.
    seen_again: bool = False
    # The data version (core.models.data_version) read with the person and their unread count,
    # before anything else of the request: what a page kept for them was rendered at.
    data_version: int | None = None
    # The read named by an ``Ahead`` (core.records.audit) was audited with the session, the data
    # version still the one its page was kept at (and read so here): that page answers it.
    audited_ahead: bool = False
    # The reader's newest event that read's page was kept under is still their newest, as read
    # here: a page kept under it need not read it again.
    newest_still: bool = False


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _over(now):
    """Sessions that have ended, by logging out or by either lifetime."""
    return or_(
        LoginSession.ended_at.is_not(None),
        LoginSession.last_seen_at <= now - IDLE_TIMEOUT,
        LoginSession.started_at <= now - ABSOLUTE_TIMEOUT,
    )


def start(db: Session, person: Person, *, enrolment_required: bool = False) -> str:
    """A new session for ``person``: the secret for their cookie (one that opens only
    enrolment of a second factor while ``enrolment_required``).

    Their sessions that are over are cleared away first, so the table holds about as
    many rows as there are people signed in.
    """
    now = utcnow()
    db.execute(delete(LoginSession).where(LoginSession.person_id == person.id, _over(now)))
    secret = secrets.token_urlsafe(32)
    db.add(
        LoginSession(
            person_id=person.id,
            token_hash=_hash(secret),
            started_at=now,
            last_seen_at=now,
            enrolment_required=enrolment_required,
        )
    )
    db.flush()
    return secret


# The person's columns, read with the session (see core.db.as_loaded).
_PERSON_COLUMNS = tuple(attribute.key for attribute in inspect(Person).column_attrs)

# Built once: the unread count's access condition takes longer to build than to run. With a
# read to audit ahead, on PostgreSQL, it appends the read's events for an open session awaiting
# no second factor. It returns one row at most (a session's secret is unique, and its person
# one): keep it so, or the events are appended for each row.
_OPEN = audit.SigningIn(
    select(
        LoginSession.id,
        LoginSession.last_seen_at,
        LoginSession.enrolment_required,
        unread_count_of(Person.id),
        DATA_VERSION.scalar_subquery(),
        *(inspect(Person).columns[key] for key in _PERSON_COLUMNS),
    )
    .join(Person, Person.id == LoginSession.person_id)
    .where(
        LoginSession.token_hash == bindparam("token_hash"),
        LoginSession.ended_at.is_(None),
        LoginSession.last_seen_at > bindparam("idle_after"),
        LoginSession.started_at > bindparam("started_after"),
        Person.active.is_(True),
    ),
    Person.id,
    LoginSession.enrolment_required.is_(False),
)


def resume(db: Session, secret: str, ahead: audit.Ahead | None = None) -> SignedIn | None:
    """Whom the session behind ``secret`` signs in; None once it is over or the account closed.
    With ``ahead``, the read it names is audited too, on PostgreSQL, if the session opens it
    and the data version is still the one it names (``SignedIn.audited_ahead``)."""
    now = utcnow()
    if db.autoflush:
        db.flush()  # as a query through the session would first
    connection = db.connection()
    values = {"token_hash": _hash(secret), "idle_after": now - IDLE_TIMEOUT, "started_after": now - ABSOLUTE_TIMEOUT}
    found = _OPEN.first(connection.execute, connection.dialect.name, values, ahead)
    if found is None:
        return None
    session_id, last_seen, enrolment_required, unread, version, *person = found.row
    seen_again = now - last_seen > LAST_SEEN_PRECISION
    if seen_again:
        seen = update(LoginSession).where(LoginSession.id == session_id).values(last_seen_at=now)
        write_after_reading(db, lambda db: db.execute(seen))
    # The person as the session's own record of them, made here: see core.db.as_loaded.
    person = as_loaded(db, Person, dict(zip(_PERSON_COLUMNS, person, strict=True)))
    return SignedIn(person, unread, enrolment_required, seen_again, version, found.audited_ahead, found.newest_still)


def end(db: Session, person: Person, secret: str) -> None:
    """``person`` logs out: the session behind ``secret`` opens nothing from now on."""
    db.execute(
        update(LoginSession)
        .where(LoginSession.token_hash == _hash(secret), LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    audit.record(db, person, "login.logged_out", subject=f"person:{person.id}")


def end_all(db: Session, person: Person) -> None:
    """End every session of ``person``, wherever they are signed in."""
    db.execute(
        update(LoginSession)
        .where(LoginSession.person_id == person.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
