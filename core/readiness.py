"""Whether this instance can serve, as a load balancer or a process manager asks it
(``/readyz``) every few seconds: two small reads, and an answer that names
what failed and what to do, never anything about a child.

It is not ready when the database does not answer, when its schema is not this version's
(a deploy ran the new code before ``teamaround db upgrade``), or when mail has waited past
its time to be sent, which means no ``teamaround outbox run`` is running: invitations,
meeting invites and reminders would silently stop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.migrations import alembic_config
from core.models import OutboxMessage

OUTBOX_LATE_AFTER = timedelta(minutes=15)
"""How long a message may stay due before the outbox counts as stuck: ``outbox run --every``
passes at least once a minute, and a retry's back-off is measured from its due time."""


@dataclass(frozen=True)
class Readiness:
    failures: dict[str, str] = field(default_factory=dict)
    """Each failed check's name and what to do about it, in an operator's words."""

    @property
    def ready(self) -> bool:
        return not self.failures


def check(db: Session, now: datetime) -> Readiness:
    """Ask the database everything in one read; a database that does not answer fails only
    that check, as the others cannot be known."""
    try:
        revision = MigrationContext.configure(db.connection()).get_current_revision()
        if revision != code_revision():
            return Readiness({"migrations": "The database's schema is not this version's: "
                                            "run `teamaround db upgrade`."})
        oldest_due = db.scalar(
            select(func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.sent_at.is_(None), OutboxMessage.given_up_at.is_(None)
            )
        )
    except SQLAlchemyError:
        return Readiness({"database": "The database does not answer: is it running, and is DATABASE_URL right?"})
    failures = {}
    if oldest_due is not None and now - oldest_due > OUTBOX_LATE_AFTER:
        failures["outbox"] = "E-mail due to be sent is waiting: is `teamaround outbox run --every 60` running?"
    return Readiness(failures)


@cache
def code_revision() -> str:
    """The newest migration this code has: read once, as parsing the migrations costs more
    than the rest of a check."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
