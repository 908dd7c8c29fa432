"""SQLite as a multi-process web app needs it: foreign keys, the write-ahead log, a busy
timeout, the write lock taken at the start of every transaction that writes, and reads
that take no lock at all."""

import sqlite3

import psycopg
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.db import (
    SQLITE_BUSY_TIMEOUT_MS,
    begin_reading,
    finish_reading,
    make_engine,
    make_session_factory,
    write_after_reading,
)


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'school.sqlite'}")
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("foreign_keys", 1), ("journal_mode", "wal"), ("busy_timeout", SQLITE_BUSY_TIMEOUT_MS), ("synchronous", 1)],
)
def test_every_connection_is_set_up_for_several_processes(sqlite_engine, pragma, expected):
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql(f"PRAGMA {pragma}").scalar() == expected


def test_a_row_pointing_at_nothing_is_refused(sqlite_engine):
    with sqlite_engine.begin() as connection:
        connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        connection.execute(text("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))"))
    with pytest.raises(Exception, match="FOREIGN KEY"), sqlite_engine.begin() as connection:
        connection.execute(text("INSERT INTO child (parent_id) VALUES (42)"))


def test_a_transaction_holds_the_write_lock_from_its_start(sqlite_engine, tmp_path):
    """A second writer waits from its BEGIN, rather than failing later when it tries to write."""
    with sqlite_engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
    outside = sqlite3.connect(tmp_path / "school.sqlite", timeout=0, isolation_level=None)
    with sqlite_engine.begin() as connection:
        connection.execute(text("SELECT 1"))  # a read only, yet the lock is held
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            outside.execute("BEGIN IMMEDIATE")
    outside.execute("BEGIN IMMEDIATE")
    outside.execute("ROLLBACK")
    outside.close()


class _Base(DeclarativeBase):
    pass


class Note(_Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]


@pytest.fixture
def notes(fresh_url):
    """A database of its own holding one note, and its session factory."""
    engine = make_engine(fresh_url)
    _Base.metadata.create_all(engine)
    factory = make_session_factory(engine)
    with factory() as db, db.begin():
        db.add(Note(id=1, body="first"))
    yield factory
    engine.dispose()


BOTH = pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)


@pytest.mark.parametrize("fresh_url", ["sqlite"], indirect=True)
def test_a_read_leaves_the_write_lock_to_others(notes, tmp_path):
    outside = sqlite3.connect(tmp_path / "live.sqlite", timeout=0, isolation_level=None)
    with notes() as db:
        begin_reading(db)
        assert db.get(Note, 1).body == "first"
        outside.execute("BEGIN IMMEDIATE")
        outside.execute("ROLLBACK")
    outside.close()


@BOTH
def test_a_reads_writes_wait_until_it_finishes(notes):
    with notes() as db:
        begin_reading(db)
        write_after_reading(db, lambda session: session.add(Note(id=2, body="written after")))
        assert db.get(Note, 2) is None
        finish_reading(db)
    with notes() as db:
        assert db.get(Note, 2).body == "written after"


@BOTH
def test_outside_a_read_a_write_is_made_at_once(notes):
    with notes() as db:
        write_after_reading(db, lambda session: session.add(Note(id=2, body="now")))
        assert db.get(Note, 2).body == "now"


@BOTH
def test_a_read_that_changes_a_record_itself_is_refused(notes):
    with notes() as db:
        begin_reading(db)
        db.get(Note, 1).body = "changed in the read"
        with pytest.raises(RuntimeError, match="write_after_reading"):
            finish_reading(db)


@BOTH
def test_a_read_whose_writes_fail_fails_and_leaves_the_session_usable(notes):
    with notes() as db:
        begin_reading(db)
        write_after_reading(db, lambda session: session.add(Note(id=1, body="a duplicate key")))
        with pytest.raises(IntegrityError):
            finish_reading(db)
        assert db.get(Note, 1).body == "first"


@BOTH
def test_a_reads_writes_are_kept_together_or_not_at_all(notes):
    with notes() as db:
        begin_reading(db)
        write_after_reading(db, lambda session: session.add(Note(id=2, body="kept only with the next")))
        write_after_reading(db, lambda session: session.add(Note(id=1, body="a duplicate key")))
        with pytest.raises(IntegrityError):
            finish_reading(db)
    with notes() as db:
        assert db.get(Note, 2) is None


@BOTH
def test_a_read_that_runs_a_statement_that_writes_is_refused(notes):
    with notes() as db:
        begin_reading(db)
        with pytest.raises(RuntimeError, match="write_after_reading"):
            db.execute(update(Note).values(body="changed in the read"))


@pytest.mark.parametrize("fresh_url", ["sqlite"], indirect=True)
def test_a_read_finishes_though_another_wrote_while_it_read(notes, tmp_path):
    """Another's write between the read's statements does not stop the read's own (under a
    transaction begun deferred, it did: the read's snapshot was older than the write)."""
    with notes() as db:
        begin_reading(db)
        assert db.get(Note, 1).body == "first"
        outside = sqlite3.connect(tmp_path / "live.sqlite", isolation_level=None)
        outside.execute("INSERT INTO notes (id, body) VALUES (3, 'from elsewhere')")
        outside.close()
        write_after_reading(db, lambda session: session.add(Note(id=2, body="written after")))
        finish_reading(db)
    with notes() as db:
        assert {note.id for note in db.scalars(select(Note))} == {1, 2, 3}


@pytest.mark.parametrize("fresh_url", ["sqlite"], indirect=True)
def test_a_read_on_sqlite_holds_no_transaction_open(notes):
    """Each statement reads a snapshot of its own, as on PostgreSQL: no BEGIN, no COMMIT to pay for."""
    with notes() as db:
        begin_reading(db)
        assert db.get(Note, 1).body == "first"
        assert db.connection().connection.dbapi_connection.in_transaction is False


@pytest.mark.parametrize("fresh_url", ["postgresql"], indirect=True)
def test_a_read_on_postgresql_holds_no_transaction_open(notes):
    """At READ COMMITTED each statement reads a snapshot of its own: BEGIN and COMMIT would only cost round trips."""
    with notes() as db:
        begin_reading(db)
        assert db.get(Note, 1).body == "first"
        driver = db.connection().connection.dbapi_connection
        assert driver.info.transaction_status is psycopg.pq.TransactionStatus.IDLE


@pytest.mark.parametrize("fresh_url", ["postgresql"], indirect=True)
def test_after_a_read_a_change_is_all_or_nothing_again(notes):
    with notes() as db:
        begin_reading(db)
        db.get(Note, 1)
        finish_reading(db)
    with notes() as db:
        db.add(Note(id=2, body="never committed"))
        db.flush()
        db.rollback()
    with notes() as db:
        assert db.get(Note, 2) is None


def _closed_by_the_server(engine) -> int:
    """The id of the server process behind the engine's pooled connection, which the server
    has then closed, as a restart or its idle timeout would."""
    with engine.connect() as connection:
        backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with psycopg.connect(engine.url.render_as_string(hide_password=False).replace("+psycopg", ""),
                         autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
    return backend


@pytest.mark.parametrize("fresh_url", ["postgresql"], indirect=True)
def test_a_connection_closed_while_it_rested_is_replaced_before_a_request_uses_it(fresh_url, monkeypatch):
    monkeypatch.setattr("core.db.IDLE_BEFORE_PING_SECONDS", 0)
    engine = make_engine(fresh_url)
    closed = _closed_by_the_server(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != closed
    engine.dispose()


@pytest.mark.parametrize("fresh_url", ["postgresql"], indirect=True)
def test_a_connection_used_a_moment_ago_is_not_asked_again_and_one_request_pays_if_it_closed(
    fresh_url, monkeypatch
):
    """Asking at every checkout cost a round trip in four on a kept page (issue 25)."""
    monkeypatch.setattr("core.db.IDLE_BEFORE_PING_SECONDS", 3600)  # however slow closing it was
    engine = make_engine(fresh_url)
    closed = _closed_by_the_server(engine)
    with pytest.raises(OperationalError), engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != closed
    engine.dispose()
