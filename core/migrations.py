"""Applying the Alembic migrations in ``migrations/`` beside the packages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from core.db import READ_ONLY

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str | None = None, connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str | None = None, *, connection=None, revision: str = "head") -> None:
    """Bring the database at ``url`` (or on ``connection``) up to ``revision``."""
    command.upgrade(alembic_config(url, connection), revision)


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands against this version's migrations."""

    current: str | None
    """The database's revision; None where no migration was ever applied (no Teamaround tables)."""
    head: str
    known: bool
    """Whether this version has the database's revision; not, where a newer version migrated it."""

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def schema_state(engine: Engine) -> SchemaState:
    """Read the database's revision, so that a command can say what to run instead of failing
    on a missing table halfway through."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as connection:
        current = MigrationContext.configure(connection.execution_options(**{READ_ONLY: True})).get_current_revision()
    known = current is None or current in {revision.revision for revision in script.walk_revisions()}
    return SchemaState(current=current, head=script.get_current_head(), known=known)
