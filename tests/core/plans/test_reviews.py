"""Reviews in the assess, plan, do, review cycle, and the next plan that starts from one."""

from datetime import date, timedelta

import pytest
from conftest import today
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.errors import Conflict, Forbidden, InvalidInput
from core.models import EntryKind, Judgement, PlanStatus, Review, ReviewStatus, TimelineEntry
from core.plans import content as plans
from core.plans import reviews, versions
from core.wording import English, render

NEXT_TERM = today() + timedelta(days=90)


def last_plan_change(db):
    return db.scalar(
        select(TimelineEntry).where(TimelineEntry.kind == EntryKind.PLAN_CHANGE).order_by(TimelineEntry.id.desc())
    )


def judge(*pairs, comment="Discussed with the family"):
    return [{"outcome_id": outcome.id, "judgement": judgement, "comment": comment} for outcome, judgement in pairs]


# Review dates


def test_the_lead_sets_the_review_date(db, child_team, site, plan):
    review = reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": NEXT_TERM.isoformat()}, site=site)
    assert (review.due_on, review.status, plan.pending_review) == (NEXT_TERM, ReviewStatus.SCHEDULED, review)
    assert last_plan_change(db).title == "Review date set"


def test_moving_the_review_keeps_one_review_waiting(db, child_team, site, plan):
    first = reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": NEXT_TERM.isoformat()}, site=site)
    later = NEXT_TERM + timedelta(days=7)
    moved = reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": later.isoformat()}, site=site)
    assert (moved, moved.due_on, len(plan.reviews)) == (first, later, 1)
    assert last_plan_change(db).title == "Review date changed"


def test_a_review_date_in_the_past_is_refused(db, child_team, site, plan):
    with pytest.raises(InvalidInput):
        reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": "2020-01-01"}, site=site)


@pytest.mark.parametrize("who", ["teacher", "parent"])
def test_only_the_lead_sets_the_review_date(db, child_team, site, plan, who):
    with pytest.raises(Forbidden):
        reviews.schedule_review(db, getattr(child_team, who), plan.id, {"due_on": NEXT_TERM.isoformat()}, site=site)


def test_a_review_due_before_the_day_is_on_the_leads_list(db, child_team, site, plan):
    review = reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": NEXT_TERM.isoformat()}, site=site)
    after = NEXT_TERM + timedelta(days=1)
    assert [due.id for due in reviews.reviews_due(db, child_team.senco, before=after)] == [review.id]
    assert reviews.reviews_due(db, child_team.senco, before=NEXT_TERM) == []


@pytest.mark.parametrize("who", ["teacher", "parent", "other_parent", "outsider"])
def test_a_review_due_is_on_no_one_elses_list(db, child_team, site, plan, who):
    reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": NEXT_TERM.isoformat()}, site=site)
    assert reviews.reviews_due(db, getattr(child_team, who), before=NEXT_TERM + timedelta(days=30)) == []


def test_a_held_review_is_no_longer_due(db, child_team, site, plan, add_outcome):
    outcome = add_outcome()
    reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": NEXT_TERM.isoformat()}, site=site)
    reviews.hold_review(db, child_team.senco, plan.id, {"judgements": judge((outcome, "partly"))}, site=site)
    assert reviews.reviews_due(db, child_team.senco, before=NEXT_TERM + timedelta(days=1)) == []


# Holding the review


def test_holding_the_review_judges_every_target(db, child_team, site, plan, add_outcome):
    met, not_met = add_outcome(), add_outcome(text="Counts objects to 20", unit="objects")
    review = reviews.hold_review(
        db, child_team.senco, plan.id, {"judgements": judge((met, "achieved"), (not_met, "not_yet"))}, site=site
    )
    assert [(j.outcome, j.judgement) for j in review.judgements] == [
        (met, Judgement.ACHIEVED),
        (not_met, Judgement.NOT_YET),
    ]
    assert (review.status, review.held_on, review.held_by) == (ReviewStatus.HELD, today(), child_team.senco)
    assert plan.status is PlanStatus.UNDER_REVIEW
    entry = last_plan_change(db)
    assert (entry.title, entry.body) == ("Plan reviewed", "Targets: 1 achieved and 1 not yet achieved.")


def test_a_review_that_leaves_a_target_unjudged_is_refused(db, child_team, site, plan, add_outcome):
    judged, forgotten = add_outcome(), add_outcome(text="Counts objects to 20", unit="objects")
    with pytest.raises(InvalidInput) as raised:
        reviews.hold_review(db, child_team.senco, plan.id, {"judgements": judge((judged, "partly"))}, site=site)
    assert raised.value.errors["judgements"] == [f"Say whether this target was met: {forgotten.text}"]


def test_a_review_judging_another_plans_target_is_refused(db, child_team, site, plan, add_outcome):
    outcome = add_outcome()
    stray = [{"outcome_id": outcome.id + 1000, "judgement": "achieved"}, *judge((outcome, "partly"))]
    with pytest.raises(InvalidInput):
        reviews.hold_review(db, child_team.senco, plan.id, {"judgements": stray}, site=site)


@pytest.mark.parametrize("who", ["teacher", "slt", "parent"])
def test_only_the_lead_holds_the_review(db, child_team, site, plan, add_outcome, who):
    outcome = add_outcome()
    with pytest.raises(Forbidden):
        reviews.hold_review(
            db, getattr(child_team, who), plan.id, {"judgements": judge((outcome, "partly"))}, site=site
        )


def test_a_reviewed_plan_is_not_changed_until_the_next_one_starts(db, child_team, site, plan, add_outcome):
    outcome = add_outcome()
    reviews.hold_review(db, child_team.senco, plan.id, {"judgements": judge((outcome, "partly"))}, site=site)
    with pytest.raises(Conflict):
        add_outcome(text="Writes a sentence", unit="sentences")


@pytest.mark.parametrize("status, held_on", [(ReviewStatus.HELD, None), (ReviewStatus.SCHEDULED, today())])
def test_the_database_refuses_a_review_whose_status_and_day_held_disagree(db, plan, status, held_on):
    db.add(Review(plan=plan, due_on=NEXT_TERM, status=status, held_on=held_on))
    with pytest.raises(IntegrityError, match="held_on_its_day"):
        db.flush()


# The next cycle


@pytest.fixture
def reviewed(db, child_team, site, plan, add_outcome, add_strategy, add_provision):
    """A plan reviewed today: reading achieved, counting partly (last measured at 6), handwriting not yet."""
    reading = add_outcome()
    counting = add_outcome(text="Counts objects to 20", unit="objects", baseline_value=5, target_value=20)
    handwriting = add_outcome(
        area="sensory_and_physical", text="Forms letters on the line", unit="letters", baseline_value=2, target_value=12
    )
    plans.record_reading(db, child_team.teacher, counting.id, {"taken_on": "2025-10-01", "value": 6})
    add_strategy("Picture timetable for the morning routine", "home")
    ongoing = add_provision()
    finished = add_provision(support="Six weeks of fine-motor group", ends_on="2025-10-10")
    versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    judgements = judge((reading, "achieved"), (counting, "partly"), (handwriting, "not_yet"))
    reviews.hold_review(db, child_team.senco, plan.id, {"judgements": judgements}, site=site)
    return {
        "reading": reading,
        "counting": counting,
        "handwriting": handwriting,
        "ongoing": ongoing,
        "finished": finished,
    }


def start_next(db, child_team, site, plan):
    return reviews.start_next_plan(db, child_team.senco, plan.id, {"review_due_on": NEXT_TERM.isoformat()}, site=site)


def test_the_next_plan_carries_over_the_targets_not_achieved(db, child_team, site, plan, reviewed):
    new = start_next(db, child_team, site, plan)
    carried = {outcome.carried_from_id: outcome for outcome in new.outcomes}
    assert set(carried) == {reviewed["counting"].id, reviewed["handwriting"].id}
    assert (new.cycle, new.status, new.previous, plan.ended_at is not None) == (2, PlanStatus.DRAFT, plan, True)


def test_a_carried_target_is_measured_from_its_latest_reading(db, child_team, site, plan, reviewed):
    new = start_next(db, child_team, site, plan)
    counting = next(o for o in new.outcomes if o.carried_from_id == reviewed["counting"].id)
    assert (counting.baseline_value, counting.baseline_on) == (6, date(2025, 10, 1))
    assert (counting.target_value, counting.target_on) == (20, NEXT_TERM)


def test_a_carried_target_without_readings_keeps_its_baseline(db, child_team, site, plan, reviewed):
    new = start_next(db, child_team, site, plan)
    handwriting = next(o for o in new.outcomes if o.carried_from_id == reviewed["handwriting"].id)
    assert (handwriting.baseline_value, handwriting.baseline_on) == (2, date(2025, 9, 1))


def test_the_next_plan_carries_over_strategies_and_the_provision_still_running(db, child_team, site, plan, reviewed):
    new = start_next(db, child_team, site, plan)
    assert [s.text for s in new.strategies] == ["Picture timetable for the morning routine"]
    [provision] = new.provision
    assert provision.carried_from_id == reviewed["ongoing"].id
    assert provision.starts_on == today() + timedelta(days=1)


def test_the_old_plans_delivery_log_ends_at_the_review(db, child_team, site, plan, reviewed):
    start_next(db, child_team, site, plan)
    assert reviewed["ongoing"].ends_on == today()


def test_the_next_plan_has_its_review_date(db, child_team, site, plan, reviewed):
    new = start_next(db, child_team, site, plan)
    assert new.pending_review.due_on == NEXT_TERM
    assert last_plan_change(db).title == "Next plan started"


def test_the_family_reads_the_next_plan_as_the_current_one(db, child_team, site, plan, reviewed):
    new = start_next(db, child_team, site, plan)
    view = plans.view_plan(db, child_team.parent, child_team.child.id, today=today())
    assert (view.plan.id, view.last_review.plan_id) == (new.id, plan.id)


def test_the_next_plan_starts_only_after_the_review(db, child_team, site, plan, add_outcome):
    add_outcome()
    with pytest.raises(Conflict):
        start_next(db, child_team, site, plan)


def test_the_next_plan_starts_once(db, child_team, site, plan, reviewed):
    start_next(db, child_team, site, plan)
    with pytest.raises(Conflict):
        start_next(db, child_team, site, plan)


def test_the_first_agreement_of_the_next_plan_says_what_changed_since_the_last(db, child_team, site, plan, reviewed):
    new = start_next(db, child_team, site, plan)
    version = versions.agree_plan(db, child_team.senco, new.id, expected_version=new.version, site=site)
    assert [render(change, English()) for change in version.changes] == [
        "Target changed: Counts objects to 20",
        "Target changed: Forms letters on the line",
        "Target no longer in the plan: Reads words from the Year 2 list aloud",
        "Support changed: Small-group language work",
        "Support no longer in the plan: Six weeks of fine-motor group",
        "Review date: " + plans.describe_day(NEXT_TERM),
    ]
    _, agreed = versions.list_versions(db, child_team.parent, child_team.child.id)
    assert [(v.plan.cycle, v.number) for v in agreed] == [(2, 1), (1, 1)]


def test_the_old_plan_takes_no_more_readings(db, child_team, site, plan, reviewed):
    start_next(db, child_team, site, plan)
    with pytest.raises(Conflict):
        plans.record_reading(db, child_team.teacher, reviewed["counting"].id, {"taken_on": "2025-10-08", "value": 7})
