"""Mail the old rule stopped trying after eight attempts is tried again by the migration
that keeps mail for days, unless it is older than that, when it is given up and reported."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from core.db import make_engine
from core.messaging.outbox import KEEP_TRYING_FOR
from core.migrations import upgrade
from core.models import OutboxMessage

BEFORE = "0025"  # the revision before mail was given up after days


def _old_message(key, *, age, attempts, sent=False):
    now = datetime.now(UTC)
    return {"key": key, "to_address": f"{key}@example.org", "subject": "Meeting", "text_body": "A meeting",
            "created_at": now - age, "next_attempt_at": now - age, "attempts": attempts, "last_error": "refused",
            "detail": {}, "sent_at": now if sent else None}


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_mail_the_old_rule_stopped_is_retried_when_young_and_given_up_when_old(fresh_url):
    upgrade(fresh_url, revision=BEFORE)
    engine = make_engine(fresh_url)
    columns = ["key", "to_address", "subject", "text_body", "created_at", "next_attempt_at", "attempts", "last_error",
               "detail", "sent_at"]
    messages = sa.table("outbox_messages", *(sa.column(name, OutboxMessage.__table__.c[name].type) for name in columns))
    with engine.begin() as connection:
        connection.execute(messages.insert(), [
            _old_message("stopped-yesterday", age=timedelta(days=1), attempts=8),
            _old_message("stopped-long-ago", age=KEEP_TRYING_FOR + timedelta(days=1), attempts=8),
            _old_message("sent-long-ago", age=KEEP_TRYING_FOR + timedelta(days=1), attempts=8, sent=True),
            _old_message("still-trying", age=KEEP_TRYING_FOR + timedelta(days=1), attempts=3),
        ])
    upgrade(fresh_url)
    with engine.connect() as connection:
        given_up = dict(connection.execute(select(OutboxMessage.key, OutboxMessage.given_up_at.is_not(None))).all())
    engine.dispose()
    assert given_up == {"stopped-yesterday": False, "stopped-long-ago": True, "sent-long-ago": False,
                        "still-trying": False}
