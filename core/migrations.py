"""Applying the Alembic migrations in ``migrations/`` beside the packages."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

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
