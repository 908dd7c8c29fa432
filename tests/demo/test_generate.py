"""Generated data is shaped like the real thing: teams with one lead, consent for every agency."""

from sqlalchemy import func, select

from core.models import AgencyConsent, Child, Membership, Person, PersonKind, TimelineEntry
from core.timeline import entries as timeline
from demo import generate


def test_generated_children_have_full_teams_and_timelines(db, host):
    made = generate.generate(db, children=30, entries_per_child=12, password_hash="x", seed=3)
    assert made.entries == 360 and made.children == 30
    assert db.scalar(select(func.count()).select_from(TimelineEntry)) == 360
    leads = db.execute(
        select(Membership.child_id, func.count()).where(Membership.is_lead.is_(True)).group_by(Membership.child_id)
    ).all()
    assert len(leads) == 30 and {count for _, count in leads} == {1}


def test_every_generated_professional_has_consent_to_see_their_children(db):
    generate.generate(db, children=10, entries_per_child=1, password_hash="x", seed=4)
    without_consent = db.scalar(
        select(func.count())
        .select_from(Membership)
        .join(Person, Person.id == Membership.person_id)
        .where(Person.kind == PersonKind.PROFESSIONAL)
        .where(
            ~select(AgencyConsent.id)
            .where(AgencyConsent.child_id == Membership.child_id, AgencyConsent.agency == Membership.agency)
            .exists()
        )
    )
    assert without_consent == 0


def test_a_generated_parent_reads_their_childs_timeline_through_the_policy(db):
    generate.generate(db, children=3, entries_per_child=20, password_hash="x", seed=5)
    child = db.scalars(select(Child)).first()
    parent = db.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.child_id == child.id, Person.kind == PersonKind.PARENT)
    )
    page = timeline.read_timeline(db, parent, child.id, {"limit": 200})
    assert page.entries and all(entry.visibility.value == "team" for entry in page.entries)


def test_a_generated_parent_reads_a_plan_with_data_behind_it(db):
    from core.plans import content as plans
    from core.plans.progress import OnTrack
    from core.types import utcnow

    made = generate.generate(db, children=4, entries_per_child=1, password_hash="x", seed=6)
    assert made.plans == 4
    child = db.scalars(select(Child)).first()
    parent = _parent_of(db, child)
    view = plans.view_plan(db, parent, child.id, today=utcnow().date())
    assert len(view.outcomes) == generate.OUTCOMES_PER_PLAN
    assert all(item.status is not OnTrack.NO_READINGS for item in view.outcomes)
    assert view.provision[0].delivery.planned > 0 and view.next_review is not None and view.agreed is not None


def test_a_generated_parent_is_invited_to_a_meeting_past_and_one_to_come(db):
    from core.meetings import booking as meetings

    made = generate.generate(db, children=3, entries_per_child=1, password_hash="x", seed=7)
    assert made.meetings == 6
    child = db.scalars(select(Child)).first()
    overview = meetings.child_overview(db, _parent_of(db, child), child.id)
    assert len(overview.past) == 1 and len(overview.upcoming) == 1


def _parent_of(db, child):
    return db.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.child_id == child.id, Person.kind == PersonKind.PARENT)
    )
