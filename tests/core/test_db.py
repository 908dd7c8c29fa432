"""SQLite as a multi-process web app needs it: foreign keys, the write-ahead log, a busy
timeout, and the write lock taken at the start of every transaction."""

import sqlite3

import pytest
from sqlalchemy import text

from core.db import SQLITE_BUSY_TIMEOUT_MS, make_engine


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
