"""The demo team is realistic enough to show every part of Teamaround."""

from sqlalchemy import func, select

from core.models import Child, EntryKind, Person, TimelineEntry
from core.people.passwords import CHEAPEST
from demo import seed as demo


def test_the_demo_has_two_children_and_a_timeline_entry_of_every_kind(db, host):
    assert demo.ensure_demo(db, host, CHEAPEST) is True
    assert db.scalar(select(func.count()).select_from(Child)) == 2
    kinds = set(db.scalars(select(TimelineEntry.kind).distinct()))
    assert kinds == set(EntryKind)


def test_the_demo_has_an_assessment_of_every_registered_type(db, host):
    demo.ensure_demo(db, host, CHEAPEST)
    recorded = set(db.scalars(select(TimelineEntry.payload_schema).where(TimelineEntry.payload_schema.is_not(None))))
    assert recorded == set(host.assessment_types)


def test_the_demo_is_created_once(db, host):
    demo.ensure_demo(db, host, CHEAPEST)
    assert demo.ensure_demo(db, host, CHEAPEST) is False
    assert db.scalar(select(func.count()).select_from(Person)) == len(demo.PEOPLE)


def test_the_demo_parent_has_unread_notifications_and_a_daily_digest(db, host):
    from core.messaging import notifications
    from core.models import Person

    demo.ensure_demo(db, host, CHEAPEST)
    grace = db.scalar(select(Person).where(Person.email == "grace.okafor@demo.teamaround.example"))
    assert notifications.unread_count(db, grace) > 0
    assert "new for you today" in notifications.last_digest(db, grace).subject


def test_the_demo_senco_has_a_plan_review_coming_up(db, host):
    from core.messaging import dashboard
    from core.types import utcnow

    demo.ensure_demo(db, host, CHEAPEST)
    senco = db.scalar(select(Person).where(Person.email == "senco@demo.teamaround.example"))
    board = dashboard.dashboard(db, senco, utcnow(), "Europe/London")
    assert [review.plan.child.known_as for review in board.reviews_due] == ["Amara"]
