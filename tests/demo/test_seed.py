"""The demo team is realistic enough to show every part of Teamaround."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.db import make_session_factory
from core.models import Child, EntryKind, Meeting, MeetingStatus, Person, PersonKind, TimelineEntry
from core.people.passwords import CHEAPEST
from core.schemas import STRUCTURED_CONVERSATION
from core.site import Site
from core.timeline import entries as timeline
from core.types import utcnow
from core.wording import English
from demo import seed as demo


@pytest.fixture(scope="module")
def seeded(module_connection, host):
    """The demo, seeded once per module and database in the module's transaction (seeding it
    takes longer than all that a test here reads of it)."""
    db = make_session_factory(module_connection)()
    demo.ensure_demo(db, host, CHEAPEST)
    db.commit()  # releases the session's savepoint: the demo stays in the module's transaction
    db.close()


@pytest.fixture
def connection(savepoint_connection, seeded):
    """Every test here reads the seeded demo in a savepoint rolled back after it."""
    return savepoint_connection


def test_the_demo_has_two_children_and_a_timeline_entry_of_every_kind(db):
    assert db.scalar(select(func.count()).select_from(Child)) == 2
    kinds = set(db.scalars(select(TimelineEntry.kind).distinct()))
    assert kinds == set(EntryKind)


def test_the_demo_has_an_assessment_of_every_registered_type(db, host):
    recorded = set(db.scalars(select(TimelineEntry.payload_schema).where(TimelineEntry.payload_schema.is_not(None))))
    assert recorded == set(host.assessment_types)


def test_the_demo_parent_has_unread_notifications_and_a_daily_digest(db, host):
    from core.messaging import notifications
    from core.models import Person

    grace = db.scalar(select(Person).where(Person.email == "grace.okafor@demo.teamaround.example"))
    assert notifications.unread_count(db, grace) > 0
    assert "new for you today" in notifications.last_digest(db, grace, Site(host=host)).subject


def test_the_demo_senco_has_a_plan_review_coming_up(db):
    from core.messaging import dashboard
    from core.types import utcnow

    senco = db.scalar(select(Person).where(Person.email == "senco@demo.teamaround.example"))
    board = dashboard.dashboard(db, senco, utcnow(), "Europe/London")
    assert [review.known_as for review in board.reviews_due] == ["Amara"]


@pytest.fixture
def demo_team(db):
    """The demo's people by e-mail."""
    return {person.email: person for person in db.scalars(select(Person))}


def test_the_readme_parent_reads_a_professionals_assessment_summarised_in_plain_words(db, host, demo_team):
    grace = demo_team["grace.okafor@demo.teamaround.example"]
    amara = db.scalar(select(Child).where(Child.preferred_name == "Amara"))
    page = timeline.read_timeline(db, grace, amara.id)
    people = {person.id: person for person in demo_team.values()}
    shown = [
        entry
        for entry in page.entries
        if entry.kind is EntryKind.ASSESSMENT and people[entry.author_id].kind is PersonKind.PROFESSIONAL
    ]
    assert shown
    assessment_type = host.assessment_types[shown[0].payload_schema]
    html = host.hook.render_timeline_entry(
        entry=shown[0], viewer=grace, assessment_type=assessment_type, reader=English()
    )
    assert "What happens next" in html


def test_the_demo_has_a_meeting_booked_in_the_days_ahead_with_the_parent_invited(db, demo_team):
    grace = demo_team["grace.okafor@demo.teamaround.example"]
    ahead = db.scalars(
        select(Meeting).where(Meeting.starts_at > utcnow(), Meeting.status == MeetingStatus.CONFIRMED)
    ).all()
    assert any(grace in [attendee.person for attendee in meeting.attendees] for meeting in ahead)
    assert all(meeting.starts_at < utcnow() + timedelta(days=14) for meeting in ahead)


def test_the_demo_has_a_meeting_held_with_its_notes_and_agreed_actions(db, demo_team):
    held = db.scalars(select(Meeting).where(Meeting.starts_at < utcnow())).all()
    assert any(all(meeting.notes.get(part) for part in STRUCTURED_CONVERSATION) and meeting.actions for meeting in held)
