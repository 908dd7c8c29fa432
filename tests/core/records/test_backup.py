"""Backup and restore give back exactly what was there, on both databases."""

import pytest
from sqlalchemy import create_engine, text

from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.people.passwords import CHEAPEST
from core.records import backup
from demo import seed as demo

TABLES = ("people", "children", "memberships", "timeline_entries", "audit_events", "meetings")


def snapshot(url):
    with create_engine(url).connect() as connection:
        return {table: connection.execute(text(f"select * from {table} order by id")).all() for table in TABLES}


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_a_restored_backup_equals_the_database_it_was_taken_from(fresh_url, tmp_path, host):
    upgrade(fresh_url)
    with make_session_factory(make_engine(fresh_url))() as db, db.begin():
        demo.ensure_demo(db, host, CHEAPEST)
    before = snapshot(fresh_url)
    copy = backup.backup(fresh_url, tmp_path / "teamaround.backup")
    with create_engine(fresh_url).begin() as connection:
        connection.execute(text("delete from acknowledgements"))
        connection.execute(text("update children set full_name = 'changed after the backup'"))
    backup.restore(fresh_url, copy)
    assert snapshot(fresh_url) == before
    assert len(before["timeline_entries"]) > 10


def test_restoring_from_a_missing_file_says_so(tmp_path):
    with pytest.raises(backup.BackupError, match="no backup"):
        backup.restore(f"sqlite:///{tmp_path / 'x.sqlite'}", tmp_path / "missing.backup")
