"""Backup and restore give back exactly what was there, on both databases."""

import io

import pytest
from sqlalchemy import create_engine, text

from core.db import make_engine, make_session_factory
from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
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


@pytest.fixture
def letter(db, child_team, host, tmp_path):
    """A letter in the child's file, in a store of its own; its version."""
    store = LocalFileStore(tmp_path / "documents")
    document = filing.add_document(
        db, child_team.parent, child_team.child.id, {"title": "Diagnosis letter", "kind": "letter"},
        filing.Upload(io.BytesIO(b"The diagnosis, in a letter"), "letter.txt"), store=store, host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    letter = document.current
    letter.store = store
    return letter


def test_a_backup_copies_every_file_the_documents_name(db, letter, tmp_path):
    assert backup.backup_files(db, letter.store, tmp_path / "copy.files") == []
    assert LocalFileStore(tmp_path / "copy.files").open(letter.sha256).read() == b"The diagnosis, in a letter"


def test_a_backup_copies_the_documents_previews_too(db, letter, tmp_path):
    preview = letter.store.add(io.BytesIO(b"a small picture of the letter"))
    letter.preview_sha256 = preview.sha256
    backup.backup_files(db, letter.store, tmp_path / "copy.files")
    assert LocalFileStore(tmp_path / "copy.files").has(preview.sha256)


def test_a_file_missing_from_the_store_is_named_and_not_backed_up(db, letter, tmp_path):
    letter.store.remove(letter.sha256)
    [problem] = backup.backup_files(db, letter.store, tmp_path / "copy.files")
    assert letter.sha256 in problem
    assert not LocalFileStore(tmp_path / "copy.files").has(letter.sha256)


def test_a_restore_puts_back_the_files_the_store_lost(db, letter, tmp_path):
    backup.backup_files(db, letter.store, tmp_path / "copy.files")
    letter.store.remove(letter.sha256)
    assert backup.restore_files(db, tmp_path / "copy.files", letter.store) == []
    assert letter.store.open(letter.sha256).read() == b"The diagnosis, in a letter"
