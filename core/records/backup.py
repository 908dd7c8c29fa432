"""Backing up and restoring the whole database.

SQLite is copied with its online backup API, which gives a consistent copy while
the application keeps writing; PostgreSQL goes through pg_dump's custom format and
pg_restore, the tools its operators already trust.
"""

from __future__ import annotations

import glob
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


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
