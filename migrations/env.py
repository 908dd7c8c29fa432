"""Alembic environment: migrations run against the URL or connection the caller gives."""

from alembic import context

from core.db import make_engine
from core.models import Base

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    sqlite = connection.dialect.name == "sqlite" and not connection.in_transaction()
    if not sqlite:
        _migrate(connection, sqlite=False)
        return
    _foreign_keys(connection, "OFF")
    try:
        _migrate(connection, sqlite=True)
    finally:
        # A pooled connection left with enforcement off would let later writes break links.
        _foreign_keys(connection, "ON")


def _migrate(connection, *, sqlite: bool) -> None:
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            _check_foreign_keys(connection)


def _foreign_keys(connection, state: str) -> None:
    """Turn SQLite's enforcement of foreign keys on or off, as its procedure for changing a
    table asks: a migration in batch mode copies the table, drops the old one and renames the
    copy, and with foreign keys enforced the drop fails while other tables' rows refer to its
    rows. The pragma does nothing within a transaction, so it is given to the driver's
    connection before the migrations' transaction begins (core.db has it emit BEGIN itself)."""
    connection.connection.dbapi_connection.execute(f"PRAGMA foreign_keys = {state}")


def _check_foreign_keys(connection) -> None:
    """What enforcement would have refused, refused before the migrations' transaction commits."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the migrations would leave rows referring to rows that are not there: {broken[:5]}")


run_migrations_online()
