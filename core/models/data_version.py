"""One number the database changes whenever it writes a row a page may show (migration 0045).

A page answered again from what was rendered before (webui.kept_pages) is right only while
nothing it shows has changed. Each table carries a trigger that draws a new number, at random,
when a row of it is written, whoever writes it: the ORM, plain SQL, a command, a migration. A
reader who reads the number before the page's records, and finds it what it was when the page
was rendered, knows those records are as they were then. Random, not counted: after a
rollback or a restored backup a count would come back to numbers it had passed, standing for
other records than before; a random number stands for one state of the records.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Connection, Integer, inspect, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.models.base import Base

UNWATCHED = frozenset(
    {
        "alembic_version",
        "data_version",
        # Written by reads (a read's audit event, a session seen again, a token's last use, the
        # API's rate limits): watched, they would change the number at every page.
        "audit_events",
        "login_sessions",
        "api_tokens",
        "rate_limit_counters",
        # Written by signing in and by work in the background, and shown on no page kept.
        "login_attempts",
        "sign_in_steps",
        "jobs",
        "outbox_messages",
        "kept_answers",
        "webhook_attempts",
        "webhook_deliveries",
        "change_counter",
    }
)
"""The tables whose writes leave the number as it is: no page kept may read them, but for the
home page's reading of the reader's own looks at timelines in the audit log, which it is also
kept under (core.messaging.dashboard.last_look, and on PostgreSQL the statement that signs the
reader in, when it audits that page ahead: core.records.audit.Newest); tests/webui/test_kept_pages.py
reads the SQL of the pages kept to make sure."""


class DataVersion(Base):
    """One row: a number drawn afresh by every write to a watched table (on PostgreSQL, by
    every transaction that wrote one, as it commits)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger)


DATA_VERSION = select(DataVersion.number).where(DataVersion.id == 1)
"""The number now, as a statement: read before the records a page shows (as a column of the
request's first query, core.people.sessions), it never stands for records older than those."""


def data_version(db: Session) -> int:
    return db.connection().execute(DATA_VERSION).scalar_one()


def unwatched_by_mistake(connection: Connection) -> list[str]:
    """The tables whose writes would leave the number as it is though they are not UNWATCHED:
    a table rebuilt by a later migration without its triggers, or one added without them.
    A page kept from such a table could be shown after it changed (``teamaround doctor``)."""
    watched = set(inspect(connection).get_table_names()) - UNWATCHED
    if connection.dialect.name == "postgresql":
        found = connection.scalars(
            text("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'data_version_moves'")
        )
        return sorted(watched - set(found))
    names = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return sorted(
        table
        for table in watched
        if any(f"data_version_after_{operation}_{table}" not in names for operation in ("insert", "update", "delete"))
    )
