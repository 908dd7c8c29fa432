"""Backing up and restoring the whole database.

SQLite is copied with its online backup API, which gives a consistent copy while
the application keeps writing; PostgreSQL goes through pg_dump's custom format and
pg_restore, the tools its operators already trust.

Documents' files are outside the database: a backup copies those its documents name into
a folder beside it (``<backup>.files``), content-addressed as the store keeps them, so a
second backup into the same place copies only the files added since; a restore puts
back into the store the ones the restored database names and the store lacks.
"""

from __future__ import annotations

import glob
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.documents.named_files import files_named
from core.documents.storage import FileStore, FileUnreadable, LocalFileStore

_ROWS_AT_ONCE = 1000


class BackupError(RuntimeError):
    """The backup or restore could not be done; the message says why."""


def backup(url: str, destination: Path) -> Path:
    """Write a consistent copy of the database at ``url`` to ``destination``."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(_sqlite_path(parsed)) as source, sqlite3.connect(destination) as target:
            source.backup(target)
        return destination
    _run(_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={destination}", _libpq(parsed))
    return destination


def restore(url: str, source: Path) -> None:
    """Replace the database at ``url`` with the backup in ``source``."""
    if not source.exists():
        raise BackupError(f"there is no backup at {source}")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(source) as backup_copy, sqlite3.connect(_sqlite_path(parsed)) as target:
            backup_copy.backup(target)
        return
    _run(
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        f"--dbname={_libpq(parsed)}",
        str(source),
    )


def files_beside(backup_path: Path) -> Path:
    """Where the backup at ``backup_path`` keeps the documents' files."""
    return backup_path.with_name(backup_path.name + ".files")


def backup_files(db: Session, store: FileStore, folder: Path) -> list[str]:
    """Copy into ``folder`` every file the documents name (their previews' too) that it does not hold yet; returns
    the problems (a file missing or changed in the store), after copying all the others."""
    return _copy_named(db, store, LocalFileStore(folder))


def restore_files(db: Session, folder: Path, store: FileStore) -> list[str]:
    """Put back into ``store`` every file the database names that it lacks, from the backup's
    ``folder``; returns the problems (a file the backup does not hold, or holds changed)."""
    return _copy_named(db, LocalFileStore(folder), store)


def _copy_named(db: Session, source: FileStore, target: FileStore) -> list[str]:
    files = files_named().subquery()
    named = db.scalars(select(files.c.sha256).order_by(files.c.sha256).execution_options(yield_per=_ROWS_AT_ONCE))
    problems = []
    for sha256 in named:
        if target.has(sha256):
            continue
        try:
            with source.open(sha256) as file:
                target.add(file)
        except FileUnreadable as error:
            problems.append(str(error))
    return problems


def _sqlite_path(parsed) -> str:
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return parsed.database


def _libpq(parsed) -> str:
    """The URL in the form pg_dump understands (no SQLAlchemy driver name)."""
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
