"""Mail queued or sent before e-mails named their child is linked to it by the migration
wherever that can be told: an invite by its meeting, other mail by the notifications it carried."""

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from conftest import Team, child_factory, meeting_factory, person_factory
from sqlalchemy import select

from core.db import make_engine, make_session_factory
from core.messaging import notifications
from core.migrations import alembic_config, upgrade
from core.models import OutboxMessage
from core.people import team as core_team
from core.timeline import entries as timeline
from core.types import utcnow

BEFORE = "0022"  # the revision before e-mails named their child


@pytest.fixture
def sent_mail(fresh_url, host, site):
    """Invites, notification e-mails, a digest about one child and one about two: each
    message's child as the code names it today."""
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    with make_session_factory(engine)() as db, db.begin():
        make_person = person_factory(db)
        team = Team(db, make_person, child_factory(db))
        meeting_factory(db, team, site)(utcnow().replace(microsecond=0) + timedelta(days=7))
        brother = child_factory(db)(team.senco, full_name="Kofi Okafor")
        core_team.add_member(db, team.senco, brother.id, {"person_id": team.parent.id, "role": "parent"})
        notifications.set_preferences(db, team.parent, {"new_entry": "daily_digest"})
        notifications.set_preferences(db, team.slt, {"new_entry": "daily_digest"})
        for author, child in [(team.teacher, team.child), (team.senco, brother)]:
            timeline.post_entry(db, author, child.id, {"kind": "update", "title": "News"}, host=host)
        evening = datetime.combine(utcnow().date() + timedelta(days=1), datetime.min.time(), UTC).replace(hour=18)
        notifications.queue_emails(db, evening, site)
        written = dict(db.execute(select(OutboxMessage.id, OutboxMessage.child_id)).all())
    yield engine, written
    engine.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_migrating_links_old_mail_to_the_child_it_is_about_as_new_mail_is(sent_mail, fresh_url):
    engine, written = sent_mail
    command.downgrade(alembic_config(fresh_url), BEFORE)
    upgrade(fresh_url)
    with engine.connect() as connection:
        migrated = dict(connection.execute(select(OutboxMessage.id, OutboxMessage.child_id)).all())
    kinds = sorted(message_id is not None for message_id in written.values())
    assert kinds.count(True) >= 3 and kinds.count(False) >= 1  # invites, mails and digests; a digest of two
    assert migrated == written
