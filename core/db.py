"""Engines and sessions for SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from core.errors import StaleVersion

SQLITE_BUSY_TIMEOUT_MS = 5000


def make_engine(url: str, **options) -> Engine:
    """An engine for ``url``, with the SQLite settings a multi-process web app needs."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **options)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


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
        # Every request writes (at least an audit event), so take the write lock up
        # front: a deferred transaction that upgrades later fails with SQLITE_BUSY
        # instead of waiting out the busy timeout.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class TeamaroundSession(Session):
    """A session in which two changes to one record saved at the same moment clash as :class:`StaleVersion`.

    Records with a version counter are updated ``WHERE version = <the version read>``;
    when another transaction saved first the update matches no row. Every flush (explicit,
    automatic before a query, or at commit) goes through here, so no service can forget it.
    """

    def flush(self, objects=None) -> None:
        try:
            super().flush(objects)
        except StaleDataError:
            raise StaleVersion(
                "Someone else changed this record at the same moment: read it again, then redo your change."
            ) from None


def make_session_factory(bind) -> sessionmaker[Session]:
    """Sessions over ``bind``; joined as a savepoint when bound to a connection in a transaction."""
    return sessionmaker(
        bind=bind, class_=TeamaroundSession, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
