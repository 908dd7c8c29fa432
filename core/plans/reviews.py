"""Reviews in the assess, plan, do, review cycle: when they are due, holding them, the next plan.

At a review the team judges each outcome achieved, partly achieved or not yet achieved;
the next cycle's plan then starts from this one, carrying over what still matters.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from core import wording
from core.access import Action, AnyReader, visible_children
from core.errors import Conflict, InvalidInput
from core.models import (
    Child,
    Judgement,
    Membership,
    Outcome,
    Person,
    PersonKind,
    Plan,
    PlanStatus,
    Provision,
    Review,
    ReviewOutcome,
    ReviewStatus,
    Strategy,
)
from core.models.children import known_as
from core.plans import content as plans
from core.plans import progress
from core.records import audit
from core.schemas import HeldReviewInput, NextCycleInput, ReviewInput
from core.site import Site
from core.types import utcnow
from core.validation import load
from core.wording import N_, Nn_, Wording

# How many targets the review judged each way: "2 achieved", in words that agree with the number.
JUDGEMENT_COUNTS = {
    Judgement.ACHIEVED: Nn_("%(n)d achieved", "%(n)d achieved"),
    Judgement.PARTLY: Nn_("%(n)d partly achieved", "%(n)d partly achieved"),
    Judgement.NOT_YET: Nn_("%(n)d not yet achieved", "%(n)d not yet achieved"),
}


def schedule_review(db: Session, actor: Person, plan_id: int, data: Mapping[str, Any], *, site: Site) -> Review:
    """Set the date by which the plan is reviewed, or move it; a plan has one review waiting at a time."""
    access, plan = plans.editable_plan(db, actor, plan_id)
    due_on = load(ReviewInput(), data)["due_on"]
    review = plan.pending_review
    if review is not None and review.due_on == due_on:
        return review
    title = Wording(N_("Review date changed") if review is not None else N_("Review date set"))
    if review is None:
        review = Review(plan=plan, due_on=due_on)
        db.add(review)
    review.due_on = due_on
    db.flush()
    audit.record(db, actor, "plan.review_scheduled", child_id=plan.child_id, subject=f"review:{review.id}")
    body = Wording(N_("The plan will be reviewed by %(day)s."), {"day": wording.day(due_on)})
    plans.record_change(db, access, plan, site, title, body, amends=False)
    return review


@dataclass(frozen=True)
class ReviewDue:
    """A review waiting to be held, as a list of them shows it: whose plan, due when."""

    id: int
    child_id: int
    known_as: str  # the child's name, as they are known
    due_on: date


def reviews_due(db: Session, actor: Person, *, before: date) -> list[ReviewDue]:
    """Reviews waiting to be held, due before ``before``, of current plans of every child the actor leads.

    Soonest first; those due before today are overdue. One query, whatever the caseload,
    read as rows: a SENCO's 40 reviews need none of the plans' contents.
    """
    rows = db.execute(_reviews_due(actor.kind, actor.active), {"reader_id": actor.id, "before": before})
    return [
        ReviewDue(review_id, child_id, known_as(preferred_name, full_name), due_on)
        for review_id, child_id, preferred_name, full_name, due_on in rows
    ]


@functools.cache  # for each kind of reader (core.access.AnyReader): a home page builds none
def _reviews_due(kind: PersonKind, active: bool) -> Select:
    led = visible_children(AnyReader(kind, active)).with_only_columns(Child.id).where(Membership.is_lead.is_(True))
    return (
        select(Review.id, Plan.child_id, Child.preferred_name, Child.full_name, Review.due_on)
        .join(Plan, Plan.id == Review.plan_id)
        .join(Child, Child.id == Plan.child_id)
        .where(
            Plan.child_id.in_(led),
            Plan.ended_at.is_(None),
            Review.status == ReviewStatus.SCHEDULED,
            Review.due_on < bindparam("before", type_=Review.due_on.type),
        )
        .order_by(Review.due_on, Review.id)
    )


def hold_review(db: Session, actor: Person, plan_id: int, data: Mapping[str, Any], *, site: Site) -> Review:
    """Record the review: every outcome judged achieved, partly or not yet, with a comment.

    The plan is then under review until the next plan is started from it.
    """
    access, plan = plans.editable_plan(db, actor, plan_id)
    values = load(HeldReviewInput(), data)
    outcomes = {outcome.id: outcome for outcome in plan.current_outcomes}
    _check_judgements(values["judgements"], outcomes)
    held_on = values["held_on"] or utcnow().date()
    review = plan.pending_review
    if review is None:  # held without a date set beforehand
        review = Review(plan=plan, due_on=held_on)
        db.add(review)
    review.status = ReviewStatus.HELD
    review.held_on = held_on
    review.held_by = actor
    review.summary = values["summary"]
    for item in values["judgements"]:
        review.judgements.append(
            ReviewOutcome(outcome=outcomes[item["outcome_id"]], judgement=item["judgement"], comment=item["comment"])
        )
    plan.status = PlanStatus.UNDER_REVIEW
    db.flush()
    audit.record(db, actor, "plan.reviewed", child_id=plan.child_id, subject=f"review:{review.id}")
    counts = Counter(item["judgement"] for item in values["judgements"])
    found = [
        Wording.counted(JUDGEMENT_COUNTS[judgement], "n", n=counts[judgement])
        for judgement in Judgement
        if counts[judgement]
    ]
    if found:
        body = Wording(N_("Targets: %(found)s."), {"found": wording.words(found)})
    else:
        body = Wording(N_("The plan had no targets to judge."))
    plans.record_change(db, access, plan, site, Wording(N_("Plan reviewed")), body, amends=False)
    return review


def _check_judgements(judgements: list[dict], outcomes: dict[int, Outcome]) -> None:
    problems = []
    seen: set[int] = set()
    for number, item in enumerate(judgements, start=1):
        if item["outcome_id"] not in outcomes:
            problems.append(f"Judgement {number} is about a target that is not in this plan.")
        elif item["outcome_id"] in seen:
            problems.append(f"Judgement {number} judges a target a second time.")
        seen.add(item["outcome_id"])
    problems.extend(
        f"Say whether this target was met: {outcome.text}" for outcome in outcomes.values() if outcome.id not in seen
    )
    if problems:
        raise InvalidInput({"judgements": problems})


def start_next_plan(db: Session, actor: Person, plan_id: int, data: Mapping[str, Any], *, site: Site) -> Plan:
    """Start the next cycle's plan from a reviewed one, with the date of its own review.

    Carried over: the needs and views, every outcome not achieved (measured from the
    latest reading up to the review, aiming at the same target by the next review at
    the earliest), every strategy, and the provision that runs past the review.
    """
    access, plan = plans.plan_for(db, actor, plan_id)
    access.require(Action.MANAGE_PLAN)
    if plan.ended_at is not None:
        raise Conflict("The next plan has been started already.")
    if plan.status is not PlanStatus.UNDER_REVIEW:
        raise Conflict("Hold the plan's review first: the next plan starts from what it found.")
    review = max(
        (review for review in plan.reviews if review.status is ReviewStatus.HELD),
        key=lambda review: (review.held_on, review.id),
    )
    due_on = load(NextCycleInput(), data)["review_due_on"]
    if due_on <= review.held_on:
        raise InvalidInput({"review_due_on": ["The next review comes after the one just held."]})
    # The old plan stops being current before the new one exists: a child has one current plan.
    plan.ended_at = utcnow()
    db.flush()
    judged = {item.outcome_id: item.judgement for item in review.judgements}
    new = Plan(
        child_id=plan.child_id,
        cycle=plan.cycle + 1,
        previous=plan,
        needs=dict(plan.needs),
        child_views=plan.child_views,
        parent_views=plan.parent_views,
        created_by_id=actor.id,
    )
    db.add(new)
    outcomes = [
        _carry_outcome(outcome, review.held_on, due_on)
        for outcome in plan.current_outcomes
        if judged.get(outcome.id) is not Judgement.ACHIEVED
    ]
    strategies = [
        Strategy(carried_from_id=strategy.id, text=strategy.text, where=strategy.where)
        for strategy in plan.current_strategies
    ]
    provision = [
        _carry_provision(item, review.held_on)
        for item in plan.current_provision
        if item.ends_on is None or item.ends_on > review.held_on
    ]
    new.outcomes.extend(outcomes)
    new.strategies.extend(strategies)
    new.provision.extend(provision)
    new.reviews.append(Review(due_on=due_on))
    db.flush()
    audit.record(db, actor, "plan.next_started", child_id=new.child_id, subject=f"plan:{new.id}")
    carried = [
        Wording.counted(Nn_("%(n)d target", "%(n)d targets"), "n", n=len(outcomes)),
        Wording.counted(Nn_("%(n)d strategy", "%(n)d strategies"), "n", n=len(strategies)),
        Wording.counted(Nn_("%(n)d kind of support", "%(n)d kinds of support"), "n", n=len(provision)),
    ]
    body = Wording(
        N_("Started from the review on %(day)s, carrying over %(carried)s."),
        {"day": wording.day(review.held_on), "carried": wording.words(carried)},
    )
    plans.record_change(db, access, new, site, Wording(N_("Next plan started")), body)
    return new


def _carry_outcome(outcome: Outcome, held_on: date, review_due_on: date) -> Outcome:
    # Measured afresh from where the child was at the review, unless the data already
    # reached the target (the team judged otherwise): then from the old baseline.
    latest = progress.latest_reading([r for r in outcome.readings if r.taken_on <= held_on])
    baseline_value, baseline_on = outcome.baseline_value, outcome.baseline_on
    if latest is not None and progress.direction(outcome) * (latest.value - outcome.target_value) < 0:
        baseline_value, baseline_on = latest.value, latest.taken_on
    return Outcome(
        carried_from_id=outcome.id,
        area=outcome.area,
        text=outcome.text,
        unit=outcome.unit,
        baseline_value=baseline_value,
        baseline_on=baseline_on,
        target_value=outcome.target_value,
        target_on=max(outcome.target_on, review_due_on),
        owner_id=outcome.owner_id,
        owner_agency=outcome.owner_agency,
    )


def _carry_provision(item: Provision, held_on: date) -> Provision:
    ends_on = item.ends_on
    if item.starts_on <= held_on:
        item.ends_on = held_on  # under the old plan, its delivery log ends at the review
    return Provision(
        carried_from_id=item.id,
        support=item.support,
        person_id=item.person_id,
        agency=item.agency,
        sessions_per_week=item.sessions_per_week,
        minutes_per_session=item.minutes_per_session,
        starts_on=max(item.starts_on, held_on + timedelta(days=1)),
        ends_on=ends_on,
    )
