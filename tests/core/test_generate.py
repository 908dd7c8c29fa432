"""Generated data is shaped like the real thing: teams with one lead, consent for every agency."""

from sqlalchemy import func, select

from core import generate, timeline
from core.models import AgencyConsent, Child, Membership, Person, PersonKind, TimelineEntry


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
