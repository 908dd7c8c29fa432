"""Notifications read in the recipient's language: the list on the page, and the e-mail."""

from datetime import date, timedelta

from dates import at_school
from sqlalchemy import select

from core.messaging import notifications
from core.models import OutboxMessage
from core.people import accounts
from core.site import Site
from core.timeline import entries as timeline
from core.types import utcnow
from webui.wording import Catalogues


def _update_by_the_teacher(db, child_team, host):
    data = {"kind": "update", "title": "Settled well after the holiday", "body": "", "visibility": "team"}
    return timeline.post_entry(db, child_team.teacher, child_team.child.id, data, host=host)


def test_a_polish_parent_reads_who_posted_what_in_polish(client, auth, db, child_team, host):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    _update_by_the_teacher(db, child_team, host)
    auth.login(child_team.parent)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Nowa aktualizacja od: Daniel Hughes, w sprawie: Amara" in page
    assert "posted an update" not in page


def test_an_email_is_written_in_its_recipients_language(db, child_team, host):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    notifications.set_preferences(db, child_team.parent, {"new_entry": "immediately"})
    _update_by_the_teacher(db, child_team, host)
    site = Site(host=host, base_url="https://school.example", readers=Catalogues({}).reader)
    notifications.queue_emails(db, utcnow(), site)
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == child_team.parent.id))
    assert mail.subject == "Nowa aktualizacja od: Daniel Hughes, w sprawie: Amara"
    assert mail.text_body.startswith("Dzień dobry, Grace Okafor,")
    assert "Ustaw, jakie powiadomienia otrzymujesz" in mail.text_body


def test_an_email_to_someone_reading_english_stays_english(db, child_team, host):
    notifications.set_preferences(db, child_team.teacher, {"new_entry": "immediately"})
    timeline.post_entry(db, child_team.parent, child_team.child.id,
                        {"kind": "home_observation", "title": "Slept well", "body": "", "visibility": "team"},
                        host=host)
    site = Site(host=host, base_url="https://school.example", readers=Catalogues({}).reader)
    notifications.queue_emails(db, utcnow(), site)
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == child_team.teacher.id))
    assert mail.subject == "Grace Okafor posted an observation from home about Amara"


def test_the_latest_digest_on_the_page_reads_in_the_language_she_reads_now(client, auth, db, child_team, host):
    notifications.set_preferences(db, child_team.parent, {"new_entry": "daily_digest"})
    _update_by_the_teacher(db, child_team, host)
    site = Site(host=host, base_url="https://school.example", readers=Catalogues({}).reader)
    # Mailed in English, after school the next day: the digest goes only once its hour has come.
    notifications.queue_emails(db, at_school(date.today() + timedelta(days=1), notifications.DIGEST_HOUR + 1), site)
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Dzień dobry, Grace Okafor," in page and "Ustaw, jakie powiadomienia otrzymujesz" in page
    assert "Dear Grace" not in page and "new for you today" not in page
