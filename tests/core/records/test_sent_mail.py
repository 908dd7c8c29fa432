"""Mail sent about a child is part of the child's record: each message names the one child it
is about, is exported with the child's record and is erased with the case."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from core.messaging import notifications
from core.models import OutboxMessage
from core.people import team
from core.records import children as records
from core.records import retention, subject_access
from core.timeline import entries as timeline
from core.types import utcnow

LONG_AFTER_EVERY_RETENTION = date(2200, 1, 1)
# The team's child was born on 14 March 2018: therapists keep their part to the 25th birthday.
AFTER_THE_THERAPISTS = date(2043, 3, 15)


def tomorrow_evening():
    """After the digest hour, on a day after every notification the test makes."""
    return datetime.combine(utcnow().date() + timedelta(days=1), datetime.min.time(), UTC).replace(hour=18)


def mail(db, **where):
    return db.scalars(select(OutboxMessage).filter_by(**where).order_by(OutboxMessage.id)).all()


def post(db, host, author, child_id, title="News"):
    return timeline.post_entry(db, author, child_id, {"kind": "update", "title": title}, host=host)


@pytest.fixture
def invite(db, child_team, make_meeting):
    """The meeting's invite as mailed to the parent."""
    meeting = make_meeting(utcnow().replace(microsecond=0) + timedelta(days=7))
    [message] = mail(db, recipient_id=child_team.parent.id, key=f"meeting:{meeting.id}:sequence:0:REQUEST:"
                                                                  f"person:{child_team.parent.id}")
    return message


@pytest.fixture
def brother(db, child_team, make_child):
    """A second child of the same parent, in a team the same SENCO leads."""
    child = make_child(child_team.senco, full_name="Kofi Okafor")
    team.add_member(db, child_team.senco, child.id, {"person_id": child_team.parent.id, "role": "parent"})
    return child


@pytest.fixture
def erase(db, host, tmp_path):
    def run(today=LONG_AFTER_EVERY_RETENTION):
        return retention.run(db, tmp_path / "erasures.jsonl", agencies=host.agencies, overrides={"social_care": 75},
                             today=today)

    return run


def test_an_invite_names_the_child_its_meeting_is_about(child_team, invite):
    assert invite.child_id == child_team.child.id


def test_a_notification_email_names_the_child_of_its_notification(db, child_team, host, site):
    post(db, host, child_team.teacher, child_team.child.id)
    notifications.queue_emails(db, utcnow(), site)
    [message] = mail(db, recipient_id=child_team.parent.id)
    assert message.child_id == child_team.child.id


def test_a_digest_about_one_child_names_that_child(db, child_team, host, site):
    notifications.set_preferences(db, child_team.parent, {"new_entry": "daily_digest"})
    post(db, host, child_team.teacher, child_team.child.id, "One")
    post(db, host, child_team.teacher, child_team.child.id, "Two")
    notifications.queue_emails(db, tomorrow_evening(), site)
    [digest] = mail(db, recipient_id=child_team.parent.id)
    assert digest.child_id == child_team.child.id


def test_a_digest_about_two_children_names_neither(db, child_team, host, site, brother):
    notifications.set_preferences(db, child_team.parent, {"new_entry": "daily_digest"})
    post(db, host, child_team.teacher, child_team.child.id, "About Amara")
    post(db, host, child_team.senco, brother.id, "About Kofi")
    notifications.queue_emails(db, tomorrow_evening(), site)
    [digest] = mail(db, recipient_id=child_team.parent.id)
    assert digest.child_id is None


def test_a_childs_export_holds_the_mail_sent_about_them(db, child_team, invite):
    document = subject_access.export_child(db, child_team.admin, child_team.child.id)
    assert invite.id in [message["id"] for message in document["outbox_messages"]]


def test_another_childs_export_holds_none_of_it(db, child_team, invite):
    document = subject_access.export_child(db, child_team.admin, child_team.other_child.id)
    assert document.get("outbox_messages", []) == []


def test_erasing_a_case_erases_the_mail_sent_about_it(db, child_team, invite, erase):
    records.close_case(db, child_team.senco, child_team.child.id)
    erase()
    assert mail(db, id=invite.id) == []


def test_erasing_a_case_erases_a_digest_that_named_it_among_other_children(db, child_team, host, site, brother,
                                                                          erase):
    notifications.set_preferences(db, child_team.parent, {"new_entry": "daily_digest"})
    post(db, host, child_team.teacher, child_team.child.id, "About Amara")
    post(db, host, child_team.senco, brother.id, "About Kofi")
    notifications.queue_emails(db, tomorrow_evening(), site)
    records.close_case(db, child_team.senco, child_team.child.id)
    erase()
    assert mail(db, recipient_id=child_team.parent.id) == []


def test_erasing_an_agencys_part_erases_the_mail_that_quoted_its_entries(db, child_team, host, site, erase):
    post(db, host, child_team.slt, child_team.child.id, "Therapy notes")
    post(db, host, child_team.teacher, child_team.child.id, "School news")
    notifications.queue_emails(db, utcnow(), site)
    records.close_case(db, child_team.senco, child_team.child.id)
    erase(today=AFTER_THE_THERAPISTS)
    subjects = [message.subject for message in mail(db, recipient_id=child_team.parent.id)]
    assert len(subjects) == 1 and child_team.teacher.full_name in subjects[0]
