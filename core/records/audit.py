"""The audit log: every view, change, export and login, in a tamper-evident chain.

A change's event is written in the change's transaction, and a read's before the
read's answer is sent, so a read whose audit event cannot be written fails: an
unaudited read of a child's record is not possible.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, NamedTuple

from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Boolean,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Result, Row
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from core.db import with_sqlite_functions, write_after_reading, writes_waiting
from core.models import AuditEvent, Person
from core.types import UTCDateTime, utcnow

GENESIS = "0" * 64

# Any constant will do: it names the lock that serialises writers of the chain on
# PostgreSQL. SQLite needs none: a statement or transaction that writes takes the write
# lock at its start (see _APPEND_ON_SQLITE).
_CHAIN_LOCK = 0x7EA3A0

# What counts as a view of a child's record is decided by the last word of the
# action's name, so a read is counted in "who viewed" the day it is written, with no
# list to keep up: "viewed" for reading it in Teamaround ("plan.outcome_viewed"),
# "exported" for a copy that leaves it (a chronology, an invite, a subject access export).
VIEW_WORDS = ("viewed", "exported")
_ENDINGS = tuple(separator + word for word in VIEW_WORDS for separator in "._")


def is_view(action: str) -> bool:
    """Whether an action is a view of what it is about (see ``VIEW_WORDS``)."""
    return action.endswith(_ENDINGS)


def views() -> ColumnElement[bool]:
    """SQL condition on :class:`AuditEvent`: the events that :func:`is_view` counts."""
    return or_(*(AuditEvent.action.endswith(ending, autoescape=True) for ending in _ENDINGS))


def record(
    db: Session,
    actor: Person | None,
    action: str,
    *,
    child_id: int | None = None,
    subject: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. ``detail`` must hold no case content, only facts.

    In a read (:func:`core.db.begin_reading`) the event is appended when the read
    finishes, before anything is sent; otherwise now, in the caller's transaction. The
    events a read records one after another are appended in one statement, instead of one
    each and a transaction around them: a home page read again records three (dashboard,
    actions, caseload).
    """
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        child_id=child_id,
        subject=subject,
        detail=detail or {},
    )
    if (noted := db.info.get(_NOTED)) is not None:
        noted.append(event)
        return event
    waiting = writes_waiting(db)
    if waiting and isinstance(waiting[-1], _Appends):
        waiting[-1].events.append(event)
    else:
        write_after_reading(db, _Appends([event]))
    return event


_NOTED = "teamaround.audit_events_noted"


def events_of(db: Session, read: Callable[[], object]) -> tuple[AuditEvent, ...]:
    """The events ``read`` records, noted and not appended: what a page read again would
    audit, for appending with the request's first statement (:class:`Ahead`)."""
    db.info[_NOTED] = []
    try:
        read()
        return tuple(db.info[_NOTED])
    finally:
        del db.info[_NOTED]


@dataclass
class _Appends:
    """A read's events, appended when it finishes, in one statement, atomic on its own as a
    read's one write must be (core.db.begin_reading)."""

    events: list[AuditEvent]

    def __call__(self, db: Session) -> None:
        if len(self.events) == 1:
            _append(db, self.events[0])
            return
        connection = db.connection()
        if connection.dialect.name == "postgresql":
            appended = connection.execute(_APPEND_MANY_ON_POSTGRESQL, _in_columns(self.events)).all()
        else:
            # No NaN, which SQLite's JSON would refuse, or read as null unlike the text hashed.
            given = json.dumps([_values(event) for event in self.events], allow_nan=False)
            appended = with_sqlite_functions(connection).execute(
                _APPEND_MANY_ON_SQLITE, {"events": given, "genesis": GENESIS}
            ).all()
            appended.sort(key=lambda row: row.id)  # inserted in the order given; RETURNING's is SQLite's own
        for event, row in zip(self.events, appended, strict=True):
            event.id, event.at, event.previous_hash, event.hash = row


def record_many(db: Session, actor: Person | None, events: list[dict[str, Any]]) -> None:
    """Append many events of one change at once (a roster import's batch), each a dict of
    :func:`record`'s keyword arguments and ``action``: the chain's head is read once and the
    events inserted in one statement, instead of one round trip each. On PostgreSQL the
    chain's lock is taken first, as the one-event function does (migration 0010)."""
    if not events:
        return
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:chain_lock)"), {"chain_lock": _CHAIN_LOCK})
    previous = db.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS
    rows = []
    for event in events:
        row = {"actor_id": actor.id if actor is not None else None, "action": event["action"],
               "child_id": event.get("child_id"), "subject": event.get("subject", ""),
               "detail": event.get("detail") or {}, "previous_hash": previous, "at": utcnow()}
        row["hash"] = previous = event_hash(SimpleNamespace(**row))
        rows.append(row)
    db.execute(insert(AuditEvent), rows)


# On PostgreSQL one statement takes the chain's lock, reads the newest hash and inserts
# (migration 0010): a page's event costs one round trip to the server instead of three.
_APPEND_ON_POSTGRESQL = (
    text(
        "SELECT id, at, previous_hash, hash FROM teamaround_append_audit_event("
        ":chain_lock, :actor_id, :action, :child_id, :subject, :detail, :hashed_rest)"
    )
    .bindparams(bindparam("detail", type_=JSON))
    .columns(id=Integer(), at=UTCDateTime(), previous_hash=String(), hash=String())
)


# An event's hash in SQLite's SQL, as event_hash makes it: of the previous hash, the time as
# stored made ISO (core.db._utcnow_as_stored) and the rest, hashed as JSON (_hashed_json).
_SQLITE_HASH = "teamaround_sha256('[\"' || {previous} || '\",\"' || replace({at}, ' ', 'T') || '+00:00\",' || {rest})"


# On SQLite one statement reads the newest hash and inserts, as on PostgreSQL: a read's event
# is its one write, made outside any transaction (core.db.begin_reading), and SQLite makes a
# statement that writes take the write lock at its start, so the newest hash it reads is the
# newest there is, and the time is taken after that, so that times follow the chain's order.
# The hash and the time are functions added to the connection (core.db.with_sqlite_functions),
# the hash of the same JSON as event_hash's.
_APPEND_ON_SQLITE = (
    text(
        "WITH newest AS MATERIALIZED ("
        " SELECT teamaround_utcnow() AS at,"
        " coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), :genesis) AS previous_hash)"
        " INSERT INTO audit_events (at, actor_id, action, child_id, subject, detail, previous_hash, hash)"
        " SELECT at, :actor_id, :action, :child_id, :subject, :detail, previous_hash, "
        + _SQLITE_HASH.format(previous="previous_hash", at="at", rest=":hashed_rest")
        + " FROM newest"
        " RETURNING id, at, previous_hash, hash"
    )
    .bindparams(bindparam("detail", type_=JSON))
    .columns(id=Integer(), at=UTCDateTime(), previous_hash=String(), hash=String())
)


# A read's events in one call, in the order recorded (migration 0047).
_APPENDED_VALUES = ("actor_id", "action", "child_id", "subject", "detail", "hashed_rest")
_APPEND_MANY_ON_POSTGRESQL = (
    text(
        "SELECT id, at, previous_hash, hash FROM teamaround_append_audit_events(:chain_lock,"
        " CAST(:actor_ids AS integer[]), CAST(:actions AS varchar[]), CAST(:child_ids AS integer[]),"
        " CAST(:subjects AS varchar[]), CAST(:details AS json[]), CAST(:hashed_rests AS text[]))"
    )
    .bindparams(bindparam("details", type_=ARRAY(JSON)))
    .columns(id=Integer(), at=UTCDateTime(), previous_hash=String(), hash=String())
)


@dataclass(frozen=True)
class Newest:
    """A reader's newest event of ``action`` (its id; None while there is none): what a page
    is kept under when its reader's own reads change it, as each look at a timeline takes its
    entries off the home page's new ones (core.messaging.dashboard.last_look)."""

    action: str
    id: int | None


def newest_id(reader: ColumnElement[int], action: ColumnElement[str] | str) -> ColumnElement[int]:
    """SQL: the id of ``reader``'s newest event of ``action`` (:class:`Newest`), found by an
    index (migration 0046)."""
    return (
        select(func.max(AuditEvent.id))
        .where(AuditEvent.actor_id == reader, AuditEvent.action == action)
        .scalar_subquery()
    )


@dataclass(frozen=True)
class Ahead:
    """A read to audit ahead, with the statement that signs its reader in (a session's,
    core.people.sessions; a bearer token's, core.people.tokens), while the data version is
    still ``kept_at``: the events of a page kept at that version, which the request will be
    answered with (webui.kept_pages). A page read again otherwise costs a second round trip
    on PostgreSQL, for its events alone. Appended only if the statement signs ``reader_id``
    in, and only on PostgreSQL: on SQLite a statement costs no round trip. A page kept under
    its reader's ``newest`` event of an action is audited ahead only while that is still it,
    as the statement began; the data version is read again once the chain is locked. A look
    committed in between leaves the page answered as of before it, as a request a moment
    earlier would have been; the next is rendered afresh."""

    kept_at: int
    reader_id: int
    events: tuple[AuditEvent, ...]
    newest: Newest | None = None

    def parameters(self) -> dict[str, Any]:
        """The values :func:`_appended_ahead` binds."""
        newest = {"newest_of": self.newest.action, "newest_id": self.newest.id} if self.newest else _NO_NEWEST
        return _in_columns(self.events) | newest | {"kept_at": self.kept_at, "reader_id": self.reader_id}


_NO_NEWEST = {"newest_of": None, "newest_id": None}


def _appended_ahead(reader: ColumnElement[int], opens: ColumnElement[bool]) -> ColumnElement[bool]:
    """A column of the statement that signs ``reader`` in: whether the read of an :class:`Ahead`
    was audited, which it is when ``reader`` is its reader, what signs them in ``opens`` the
    page, the reader's newest event it names is still that, and the data version is still the
    one the page was kept at (migration 0048)."""
    return case((and_(reader == bindparam("reader_id"), opens, _STILL_NEWEST), _APPENDED_AT), else_=False)


class SignedInRow(NamedTuple):
    """What a statement of :class:`SigningIn` found: its row, whether the read of an
    :class:`Ahead` was audited, and whether the reader's newest event it names is still that."""

    row: Row
    audited_ahead: bool = False
    newest_still: bool = False


class SigningIn:
    """A statement that signs a reader in (a session's, a bearer token's), the same statement
    auditing a read ahead (:class:`Ahead`) with :func:`_appended_ahead`'s column, and on SQLite
    the same asking whether the read's reader's newest event is still its own (saving the
    page kept under it a statement), all built once. It must return one row at most: the
    events would be appended for each."""

    def __init__(self, statement: Select, reader: ColumnElement[int], opens: ColumnElement[bool]) -> None:
        self._plain = statement
        self._auditing = statement.add_columns(_appended_ahead(reader, opens))
        self._asking_newest = statement.add_columns(and_(reader == bindparam("reader_id"), _STILL_NEWEST))

    def first(
        self, execute: Callable[..., Result], dialect: str, values: dict[str, Any], ahead: Ahead | None
    ) -> SignedInRow | None:
        """The statement's row, if any, with whether the read of ``ahead`` was audited (on
        PostgreSQL only, where it saves a round trip; on SQLite a statement costs none) and
        whether its reader's newest event is still the one it names."""
        if ahead is not None and dialect == "postgresql":
            found = execute(self._auditing, values | ahead.parameters()).first()
            return found and SignedInRow(found[:-1], found[-1], found[-1])
        if ahead is not None and ahead.newest is not None:
            found = execute(self._asking_newest, values | ahead.parameters()).first()
            return found and SignedInRow(found[:-1], False, bool(found[-1]))
        found = execute(self._plain, values).first()
        return found and SignedInRow(found)


_NEWEST_OF = bindparam("newest_of", type_=String)
_STILL_NEWEST = or_(
    _NEWEST_OF.is_(None),
    newest_id(bindparam("reader_id", type_=Integer), _NEWEST_OF).is_not_distinct_from(
        bindparam("newest_id", type_=Integer)
    ),
)


_APPENDED_AT = func.teamaround_append_audit_events_at(
    bindparam("kept_at", type_=BigInteger),
    bindparam("chain_lock", type_=BigInteger),
    cast(bindparam("actor_ids"), ARRAY(Integer)),
    cast(bindparam("actions"), ARRAY(String)),
    cast(bindparam("child_ids"), ARRAY(Integer)),
    cast(bindparam("subjects"), ARRAY(String)),
    cast(bindparam("details", type_=ARRAY(JSON)), ARRAY(JSON)),
    cast(bindparam("hashed_rests"), ARRAY(Text)),
    type_=Boolean,
)


def _in_columns(events: list[AuditEvent] | tuple[AuditEvent, ...]) -> dict[str, Any]:
    rows = [_values(event) for event in events]
    return {f"{name}s": [row[name] for row in rows] for name in _APPENDED_VALUES} | {"chain_lock": _CHAIN_LOCK}


# A read's events in one statement on SQLite too, each hashed after the one before it in a
# recursive step (the same text as _APPEND_ON_SQLITE's), all at the time the statement took
# the write lock, and inserted in the order given.
_APPEND_MANY_ON_SQLITE = text(
    "WITH RECURSIVE given AS ("
    " SELECT key AS place, json_extract(value, '$.actor_id') AS actor_id,"
    " json_extract(value, '$.action') AS action, json_extract(value, '$.child_id') AS child_id,"
    " json_extract(value, '$.subject') AS subject, json_extract(value, '$.detail') AS detail,"
    " json_extract(value, '$.hashed_rest') AS hashed_rest"
    " FROM json_each(:events)),"
    " newest AS MATERIALIZED ("
    " SELECT teamaround_utcnow() AS at,"
    " coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), :genesis) AS hash),"
    " chain(place, at, previous_hash, hash) AS ("
    " SELECT -1, at, NULL, hash FROM newest"
    " UNION ALL"
    " SELECT given.place, chain.at, chain.hash, "
    + _SQLITE_HASH.format(previous="chain.hash", at="chain.at", rest="given.hashed_rest")
    + " FROM chain JOIN given ON given.place = chain.place + 1)"
    " INSERT INTO audit_events (at, actor_id, action, child_id, subject, detail, previous_hash, hash)"
    " SELECT chain.at, given.actor_id, given.action, given.child_id, given.subject, given.detail,"
    " chain.previous_hash, chain.hash"
    " FROM chain JOIN given ON given.place = chain.place ORDER BY chain.place"
    " RETURNING id, at, previous_hash, hash"
).columns(id=Integer(), at=UTCDateTime(), previous_hash=String(), hash=String())


def _values(event: AuditEvent) -> dict[str, Any]:
    return {
        "actor_id": event.actor_id,
        "action": event.action,
        "child_id": event.child_id,
        "subject": event.subject,
        "detail": event.detail,
        "hashed_rest": _hashed_json(_hashed_after_time(event))[1:],
    }


def _append(db: Session, event: AuditEvent) -> None:
    values = _values(event)
    if db.get_bind().dialect.name == "postgresql":
        appended = db.execute(_APPEND_ON_POSTGRESQL, values | {"chain_lock": _CHAIN_LOCK}).one()
    else:
        # On the session's connection: the session's own step costs as much as the statement.
        connection = with_sqlite_functions(db.connection())
        appended = connection.execute(_APPEND_ON_SQLITE, values | {"genesis": GENESIS}).one()
    event.id, event.at, event.previous_hash, event.hash = appended


_HASHED = (
    AuditEvent.previous_hash,
    AuditEvent.at,
    AuditEvent.actor_id,
    AuditEvent.action,
    AuditEvent.child_id,
    AuditEvent.subject,
    AuditEvent.detail,
)


def event_hash(event) -> str:
    """The hash of an event, or of a row holding the same columns."""
    content = [event.previous_hash, event.at.isoformat(timespec="microseconds"), *_hashed_after_time(event)]
    return hashlib.sha256(_hashed_json(content).encode()).hexdigest()


def _hashed_after_time(event) -> list:
    return [event.actor_id, event.action, event.child_id, event.subject, event.detail]


def _hashed_json(content: list) -> str:
    # ASCII only (json's default), so the text and its UTF-8 bytes agree in every language.
    return json.dumps(content, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def verify_chain(db: Session, batch: int = 5000) -> Iterator[ChainBreak]:
    """Walk the whole chain in order, yielding every place it does not hold."""
    previous, last_id = GENESIS, 0
    while True:
        events = db.execute(
            select(AuditEvent.id, AuditEvent.hash, *_HASHED)
            .where(AuditEvent.id > last_id)
            .order_by(AuditEvent.id)
            .limit(batch)
        ).all()
        if not events:
            return
        for event in events:
            if event.previous_hash != previous:
                yield ChainBreak(event.id, "does not follow the event before it (one was removed or changed)")
            if event_hash(event) != event.hash:
                yield ChainBreak(event.id, "its content does not match its hash (it was altered)")
            previous, last_id = event.hash, event.id


def head(db: Session) -> str:
    """The newest hash: record it outside the database to detect removal of the newest events."""
    return db.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS
