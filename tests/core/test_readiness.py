"""Whether an instance should be sent requests: its database answers at this version's
schema, and mail due to go is not left waiting (no outbox runner)."""

from datetime import timedelta

import pytest
from sqlalchemy import create_engine

from core import readiness
from core.db import make_session_factory
from core.migrations import upgrade
from core.models import OutboxMessage
from core.types import utcnow


@pytest.fixture
def queue_mail(db):
    def queued(due_minutes_ago, **values):
        message = OutboxMessage(key=f"readiness-{due_minutes_ago}-{len(values)}", to_address="parent@example.org",
                                subject="Meeting", text_body="A meeting",
                                next_attempt_at=utcnow() - timedelta(minutes=due_minutes_ago), **values)
        db.add(message)
        db.flush()
        return message

    return queued


def test_a_migrated_database_with_no_mail_waiting_is_ready(db):
    assert readiness.check(db, utcnow()).ready


def test_mail_due_for_longer_than_a_runner_would_leave_it_means_the_outbox_is_stuck(db, queue_mail):
    queue_mail(due_minutes_ago=16)
    assert list(readiness.check(db, utcnow()).failures) == ["outbox"]


def test_mail_due_a_few_minutes_ago_is_in_the_runners_hands(db, queue_mail):
    queue_mail(due_minutes_ago=14)
    assert readiness.check(db, utcnow()).ready


def test_mail_sent_long_ago_keeps_nothing_waiting(db, queue_mail):
    queue_mail(due_minutes_ago=600, sent_at=utcnow() - timedelta(hours=9))
    assert readiness.check(db, utcnow()).ready


def test_mail_the_outbox_gave_up_on_is_not_waiting_for_a_runner(db, queue_mail):
    queue_mail(due_minutes_ago=600, attempts=60, given_up_at=utcnow())
    assert readiness.check(db, utcnow()).ready


@pytest.mark.parametrize("revision", ["0022", None], ids=["older", "empty"])
def test_a_database_not_at_this_versions_schema_is_not_ready(tmp_path, revision):
    url = f"sqlite:///{tmp_path / 'behind.sqlite'}"
    if revision:
        upgrade(url, revision=revision)
    engine = create_engine(url)
    with make_session_factory(engine)() as db:
        found = readiness.check(db, utcnow())
    engine.dispose()
    assert list(found.failures) == ["migrations"]
    assert "teamaround db upgrade" in found.failures["migrations"]
