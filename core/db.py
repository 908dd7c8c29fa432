"""Engines and sessions for SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.orm import Mapper, Session, make_transient_to_detached, sessionmaker
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.orm.exc import StaleDataError

from core.errors import StaleVersion

SQLITE_BUSY_TIMEOUT_MS = 5000

READ_ONLY = "teamaround_read_only"
"""Execution option of statements that only read: on SQLite they begin no transaction, each
reading a snapshot of its own, so that they never wait for the write lock nor hold it."""

_WRITES_AFTER_READING = "teamaround.writes_after_reading"
_BIND_THAT_BEGINS = "teamaround.bind_that_begins"

_Record = TypeVar("_Record")


def make_engine(url: str, **options) -> Engine:
    """An engine for ``url``, with the SQLite settings a multi-process web app needs."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **options)
        _configure_sqlite(engine)
        return engine
    engine = create_engine(url, **options)
    _ping_when_idle(engine)
    return engine


# How long a pooled connection may rest before it is asked whether it is still open.
IDLE_BEFORE_PING_SECONDS = 1.0
_CHECKED_IN_AT = "teamaround.checked_in_at"


def _ping_when_idle(engine: Engine) -> None:
    """Ask a pooled connection that has rested IDLE_BEFORE_PING_SECONDS whether it is still open, and
    take a new one if not, before a request uses it.

    A server restarted, or a connection closed by a firewall or the server's own idle timeout,
    while the app rested would otherwise fail the next request. The pool's ``pre_ping`` asks
    at every checkout: on a page answered from memory (webui.kept_pages) its empty query was
    one round trip in four, and served the timeline about 15% fewer requests a second on
    PostgreSQL (bench/RESULTS.md, issue 25). A connection used within the second was open
    then; if the server went away since, the request fails (503), SQLAlchemy drops every
    connection the pool holds, and the next request connects anew."""

    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection, record):
        record.info[_CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, record, _proxy):
        checked_in_at = record.info.get(_CHECKED_IN_AT)
        if checked_in_at is None or time.monotonic() - checked_in_at < IDLE_BEFORE_PING_SECONDS:
            return  # new, or in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The server most likely went away for every connection the pool holds (a restart):
            # all are dropped, as pre_ping drops them, not found dead one request at a time.
            raise InvalidatePoolError("the connection closed while it rested") from error


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, emit BEGIN, so it can be BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # A transaction that writes takes the write lock up front: a deferred one that
        # upgrades later fails with SQLITE_BUSY instead of waiting out the busy timeout.
        # A read begins none (see begin_reading): each statement reads a snapshot of its
        # own, and in the write-ahead log it never waits.
        if not connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN IMMEDIATE")


_FUNCTIONS_ADDED = "teamaround.sqlite_functions"


def with_sqlite_functions(connection: Connection) -> Connection:
    """``connection`` (to SQLite) with what PostgreSQL has built in, for statements that must
    do all their work in one (an audit event's append, core.records.audit): added to each
    driver connection the first time, whichever engine made it, so that an engine not made
    by :func:`make_engine` (a test's, an embedding application's) appends events too."""
    pooled = connection.connection
    if not pooled.info.get(_FUNCTIONS_ADDED):
        pooled.driver_connection.create_function("teamaround_sha256", 1, _sha256_hex, deterministic=True)
        pooled.driver_connection.create_function("teamaround_utcnow", 0, _utcnow_as_stored)
        pooled.info[_FUNCTIONS_ADDED] = True
    return connection


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _utcnow_as_stored() -> str:
    """The time now as SQLAlchemy writes a UTC time in SQLite (core.types.UTCDateTime): the
    audit event's hash is built from this text in SQL, and core.records.audit.event_hash
    checks it from the time read back, so the two must be the same time to the microsecond."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class TeamaroundSession(Session):
    """A session in which two changes to one record saved at the same moment clash as
    :class:`StaleVersion`, and a read (:func:`begin_reading`) cannot write by mistake.

    Records with a version counter are updated ``WHERE version = <the version read>``;
    when another transaction saved first the update matches no row. Every flush (explicit,
    automatic before a query, or at commit) goes through here, so no service can forget it.
    """

    def flush(self, objects=None) -> None:
        if _WRITES_AFTER_READING in self.info and (self.new or self.dirty or self.deleted):
            raise _written_in_a_read()
        try:
            super().flush(objects)
        except StaleDataError:
            raise StaleVersion(
                "Someone else changed this record at the same moment: read it again, then redo your change."
            ) from None


@event.listens_for(TeamaroundSession, "do_orm_execute")
def _refuse_statements_that_write_in_a_read(state) -> None:
    # An INSERT, UPDATE or DELETE statement bypasses the flush; on SQLite it would try to
    # take the write lock inside the read's snapshot and fail only under load.
    if _WRITES_AFTER_READING in state.session.info and (state.is_insert or state.is_update or state.is_delete):
        raise _written_in_a_read()


def _written_in_a_read() -> RuntimeError:
    return RuntimeError("a read changed records in its own transaction: use core.db.write_after_reading")


def make_session_factory(bind) -> sessionmaker[Session]:
    """Sessions over ``bind``; joined as a savepoint when bound to a connection in a transaction."""
    return sessionmaker(
        bind=bind, class_=TeamaroundSession, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


def as_loaded(db: Session, model: type[_Record], columns: dict) -> _Record:
    """The record of ``model`` whose ``columns`` (every column attribute's value, by its key)
    were read on the session's connection, as the session's own record of it: the one it
    holds already, else one made from the columns as a query would load it (every column
    loaded, nothing changed, the relationships loaded when first used).

    For the rows every request reads (its person, core.people.sessions; a child and the
    reader's membership, core.access): through the ORM, the query's own steps and its loading
    of one row took more time than the database took to answer it."""
    mapper = inspect(model)
    held = db.identity_map.get(mapper.identity_key_from_primary_key([columns[key] for key in _primary_key(mapper)]))
    if held is not None:
        return held  # as a query gives it: the record the session holds, as it holds it
    record = mapper.class_manager.new_instance()
    # The values as a query's loading leaves them, in the record's own dictionary, then
    # committed at once (set_committed_value would commit each).
    instance_state(record).dict.update(columns)
    make_transient_to_detached(record)
    db.add(record)
    return record


@cache  # one entry a mapped class
def _primary_key(mapper: Mapper) -> tuple[str, ...]:
    return tuple(mapper.get_property_by_column(column).key for column in mapper.primary_key)


def begin_reading(db: Session) -> None:
    """Serve what follows as a read: one that takes no lock, so readers never queue.

    Reading a child's record writes too (its audit event, a token's last use), and on
    SQLite a transaction that writes holds the one write lock from its start. So a read
    runs outside any transaction, on both databases: each statement reads a snapshot of
    its own (on PostgreSQL at READ COMMITTED it would anyway; a transaction around a read
    would add nothing but its BEGIN and COMMIT). What the read writes waits for
    :func:`finish_reading`, which makes the writes once the reading is done and before
    anything is sent: a read whose audit event cannot be written still fails. Until
    then the read does not see its own writes (a token's new last use, say).

    A read's one write is made in one statement, atomic on its own (an audit event's is
    one, see :mod:`core.records.audit`): keep each write to one statement. Several writes
    are made in a transaction, together or not at all. The price: a page's statements do not
    read one snapshot together, on SQLite as on PostgreSQL at READ COMMITTED; each reads what
    was committed when it ran.
    """
    if db.in_transaction():
        raise RuntimeError("begin_reading comes before the session's first query")
    db.execution_options = db.execution_options.union({READ_ONLY: True})
    db.info[_WRITES_AFTER_READING] = []
    if isinstance(db.bind, Engine) and db.bind.dialect.name == "postgresql":
        db.info[_BIND_THAT_BEGINS] = db.bind
        db.bind = _outside_a_transaction(db.bind)


@lru_cache(maxsize=8)  # one engine in the app; a few in the tests, not kept for ever
def _outside_a_transaction(engine: Engine) -> Engine:
    # At READ COMMITTED every statement reads a snapshot of its own anyway: a transaction
    # around a read would add nothing but the round trips of its BEGIN and COMMIT.
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def writes_waiting(db: Session) -> list[Callable[[Session], object]] | None:
    """The writes a read begun with :func:`begin_reading` waits to make when it finishes, in
    order (a writer may add to its own last one rather than wait with another); None outside
    a read."""
    return db.info.get(_WRITES_AFTER_READING)


def write_after_reading(db: Session, write: Callable[[Session], object]) -> None:
    """Make a read's write: now, or in a read begun with :func:`begin_reading`, when it finishes."""
    pending = db.info.get(_WRITES_AFTER_READING)
    if pending is None:
        write(db)
    else:
        pending.append(write)


def discard_reading(db: Session) -> None:
    """Give up a read that failed: roll it back, with the writes it was waiting to make."""
    db.rollback()
    if _WRITES_AFTER_READING in db.info:
        db.info[_WRITES_AFTER_READING] = []


def finish_reading(db: Session) -> None:
    """End a read with its writes: one write as the statement it is (see
    :func:`begin_reading`), several in one short transaction of their own, which on SQLite
    takes the write lock at its start."""
    pending = db.info.get(_WRITES_AFTER_READING)
    if not pending and not db.in_transaction():
        # Ended already (a page ends its read before rendering and again once answered), and
        # nothing read since: there is no transaction to end, only the check that the read
        # changed no record.
        db.flush()
        return
    try:
        db.flush()  # refused if the read itself changed a record (see TeamaroundSession.flush)
        if pending:
            if len(pending) > 1:
                db.commit()
                if _BIND_THAT_BEGINS in db.info:
                    db.bind = db.info.pop(_BIND_THAT_BEGINS)
                db.connection(execution_options={READ_ONLY: False})
            del db.info[_WRITES_AFTER_READING]  # from here on, writes as in any transaction
            for write in pending:
                write(db)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        if pending is not None:
            db.info[_WRITES_AFTER_READING] = []
