"""The child's shared plan: writing it, recording progress, and reading it.

Only the lead professional changes the plan; professionals in the team record readings
and delivered sessions, parents record readings from home, and the whole team, the
family included, reads it. Every change to the plan posts a plan change to the timeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from core import timefmt, wording
from core.access import Action, ChildAccess, child_access, record_access
from core.errors import Conflict, DoesNotFit, Forbidden, InvalidInput, StaleVersion
from core.models import (
    AreaOfNeed,
    EntryKind,
    Judgement,
    Membership,
    Outcome,
    Person,
    Plan,
    PlanStatus,
    PlanVersion,
    ProgressReading,
    Provision,
    ProvisionSession,
    Review,
    ReviewOutcome,
    ReviewStatus,
    Strategy,
    StrategyPlace,
)
from core.plans import progress
from core.records import audit
from core.schemas import (
    OutcomeInput,
    PlanInput,
    ProvisionInput,
    ReadingInput,
    SessionInput,
    StrategyInput,
    smart_problems,
)
from core.site import Site
from core.timeline.entries import record_system_entry
from core.timeline.reading import ReadPerson
from core.types import utcnow
from core.validation import load
from core.wording import N_, Nn_, Wording

AREA_NAMES = {
    AreaOfNeed.COMMUNICATION_AND_INTERACTION: N_("Communication and interaction"),
    AreaOfNeed.COGNITION_AND_LEARNING: N_("Cognition and learning"),
    AreaOfNeed.SOCIAL_EMOTIONAL_MENTAL_HEALTH: N_("Social, emotional and mental health"),
    AreaOfNeed.SENSORY_AND_PHYSICAL: N_("Sensory and/or physical needs"),
}

PLACE_NAMES = {
    StrategyPlace.SCHOOL: N_("at school"),
    StrategyPlace.HOME: N_("at home"),
    StrategyPlace.BOTH: N_("at school and at home"),
}

# Parents read first what they can do at home; staff, what happens in school.
_PLACE_ORDER = {
    True: (StrategyPlace.HOME, StrategyPlace.BOTH, StrategyPlace.SCHOOL),
    False: (StrategyPlace.SCHOOL, StrategyPlace.BOTH, StrategyPlace.HOME),
}


# Reading the plan


@dataclass(frozen=True)
class ProvisionDelivery:
    provision: ReadProvision
    delivery: progress.DeliveryShare


@dataclass(frozen=True)
class PlanView:
    """A child's current plan as one team member reads it, with what the data shows.

    ``plan`` is None while the child has none; ``agreed`` is the latest agreed version,
    and the plan differs from it while ``plan.status`` is draft. It is read as rows (the
    ``Read`` classes below), not as mapped objects: what the plan's page and the API show.
    """

    access: ChildAccess
    plan: ReadPlan | None
    outcomes: list[progress.OutcomeProgress]
    strategies: list[ReadStrategy]
    provision: list[ProvisionDelivery]
    next_review: ReadReview | None
    last_review: ReadReview | None
    agreed: ReadAgreement | None


def view_plan(db: Session, actor: Person, child_id: int, *, today: date, recorders: bool = False) -> PlanView:
    """The child's current plan for any member of the team, parents included (audited).

    ``recorders`` reads who recorded each reading with it, for a reader that names them.
    """
    access = child_access(db, actor, child_id)
    key = {"child_id": child_id}
    # Read on the session's connection: the session's own step around a statement and the
    # mapped objects it makes cost more than running it.
    connection = db.connection()
    plan, agreed = _read_plan(connection, key)
    reviews = _read_reviews(connection, key)
    last_review = next((review for review in reviews if review.status is ReviewStatus.HELD), None)
    _record_view(db, actor, child_id, plan.id if plan else None)
    if plan is None:
        return PlanView(access, None, [], [], [], None, last_review, None)
    return PlanView(
        access=access,
        plan=plan,
        outcomes=[progress.progress_of(outcome) for outcome in _read_outcomes(connection, key, recorders)],
        strategies=in_reading_order(
            (ReadStrategy(*row) for row in connection.execute(_CURRENT_STRATEGIES, key)), for_parent=access.is_parent
        ),
        provision=[
            ProvisionDelivery(item, progress.delivery_share(item, today)) for item in _read_provision(connection, key)
        ],
        next_review=next((review for review in reviews if review.status is ReviewStatus.SCHEDULED), None),
        last_review=last_review,
        agreed=agreed,
    )


def view_plan_again(db: Session, actor: Person, child_id: int, plan_id: int | None) -> None:
    """The plan shown again as :func:`view_plan` read it, while none of its records has changed
    (webui.kept_pages): audited as that view was. The access it was read with stands, as the
    records that decide it (:func:`core.access.child_access`) do."""
    _record_view(db, actor, child_id, plan_id)


def _record_view(db: Session, actor: Person, child_id: int, plan_id: int | None) -> None:
    audit.record(db, actor, "plan.viewed", child_id=child_id, subject=f"plan:{plan_id}" if plan_id else "")


@dataclass(frozen=True, slots=True)
class ReadPlan:
    """The current plan's own words and state."""

    id: int
    cycle: int
    status: PlanStatus
    needs: dict[str, str]
    child_views: str
    parent_views: str
    version: int


@dataclass(frozen=True, slots=True)
class ReadAgreement:
    """The plan's latest agreed version: its number, and who agreed it when."""

    number: int
    agreed_at: datetime
    agreed_by: ReadPerson


@dataclass(frozen=True, slots=True)
class ReadJudgedOutcome:
    id: int
    text: str


@dataclass(frozen=True, slots=True)
class ReadJudgement:
    """What a review judged of a target."""

    judgement: Judgement
    comment: str
    outcome: ReadJudgedOutcome


@dataclass(frozen=True, slots=True)
class ReadReview:
    """The review waiting on the plan or the last one held, with what it judged of each target."""

    id: int
    plan_id: int
    status: ReviewStatus
    due_on: date
    held_on: date | None
    summary: str
    judgements: list[ReadJudgement] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReadReading:
    """A reading of a target, as the plan's page and the API show it (``recorded_by`` is read
    only for a reader that names who recorded it, None otherwise)."""

    id: int
    taken_on: date
    value: float
    note: str
    from_home: bool
    recorded_by_id: int
    recorded_by: ReadPerson | None = None


@dataclass(frozen=True, slots=True)
class ReadOutcome:
    """A target of the current plan, its readings oldest first, as the plan's page and the API show it."""

    id: int
    area: AreaOfNeed
    text: str
    unit: str
    baseline_value: float
    baseline_on: date
    target_value: float
    target_on: date
    owner_agency: str | None
    owner_id: int | None
    version: int
    carried_from_id: int | None
    owner: ReadPerson | None = None
    readings: list[ReadReading] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReadStrategy:
    id: int
    text: str
    where: StrategyPlace


@dataclass(frozen=True, slots=True)
class ReadSession:
    id: int
    held_on: date
    delivered: bool
    missed_reason: str


@dataclass(frozen=True, slots=True)
class ReadProvision:
    """Support in the current plan, its logged sessions by day, as the plan's page and the API show it."""

    id: int
    support: str
    person_id: int | None
    agency: str | None
    sessions_per_week: float
    minutes_per_session: int
    starts_on: date
    ends_on: date | None
    version: int
    person: ReadPerson | None = None
    sessions: list[ReadSession] = field(default_factory=list)


def _columns(table: Table, read: type) -> tuple:
    """``table``'s columns in the order of ``read``'s fields that are columns of it."""
    return tuple(table.c[item.name] for item in fields(read) if item.name in table.c)


def _read_plan(connection: Connection, key: Mapping[str, Any]) -> tuple[ReadPlan | None, ReadAgreement | None]:
    row = connection.execute(_CURRENT_PLAN, key).first()
    if row is None:
        return None, None
    width = len(_PLAN_COLUMNS)
    number, agreed_at, agreed_by_id, agreed_by = row[width:]
    agreed = ReadAgreement(number, agreed_at, ReadPerson(agreed_by_id, agreed_by)) if number is not None else None
    return ReadPlan(*row[:width]), agreed


def _read_reviews(connection: Connection, key: Mapping[str, Any]) -> list[ReadReview]:
    reviews: dict[int, ReadReview] = {}
    width = len(_REVIEW_COLUMNS)
    for row in connection.execute(_REVIEWS_SHOWN, key):
        review = reviews.get(row[0])
        if review is None:
            review = reviews[row[0]] = ReadReview(*row[:width])
        judgement, comment, outcome_id, text = row[width:]
        if judgement is not None:
            review.judgements.append(ReadJudgement(judgement, comment, ReadJudgedOutcome(outcome_id, text)))
    return list(reviews.values())


def _read_outcomes(connection: Connection, key: Mapping[str, Any], recorders: bool) -> list[ReadOutcome]:
    outcomes: dict[int, ReadOutcome] = {}
    width = len(_OUTCOME_COLUMNS)
    for row in connection.execute(_CURRENT_OUTCOMES[recorders], key):
        outcome = outcomes.get(row[0])
        if outcome is None:
            owner_id = row[_OWNER_ID]
            owner = ReadPerson(owner_id, row[width]) if owner_id is not None else None
            outcome = outcomes[row[0]] = ReadOutcome(*row[:width], owner=owner)
        if row[width + 1] is not None:
            reading = row[width + 1 : width + 1 + len(_READING_COLUMNS)]
            recorder = ReadPerson(reading[-1], row[-1]) if recorders else None
            outcome.readings.append(ReadReading(*reading, recorded_by=recorder))
    return list(outcomes.values())


def _read_provision(connection: Connection, key: Mapping[str, Any]) -> list[ReadProvision]:
    provision: dict[int, ReadProvision] = {}
    width = len(_PROVISION_COLUMNS)
    for row in connection.execute(_CURRENT_PROVISION, key):
        item = provision.get(row[0])
        if item is None:
            person_id = row[_PERSON_ID]
            person = ReadPerson(person_id, row[width]) if person_id is not None else None
            item = provision[row[0]] = ReadProvision(*row[:width], person=person)
        if row[width + 1] is not None:
            item.sessions.append(ReadSession(*row[width + 1 :]))
    return list(provision.values())


# The plan's page reads the current plan's parts that are still in it, each in one statement
# built once: what the page does not show (who recorded a reading, an agreed version's
# snapshot, parts taken out) is left unread.
_PLANS, _PEOPLE, _VERSIONS = Plan.__table__, Person.__table__, PlanVersion.__table__
_CURRENT_PLAN_ROWS = and_(_PLANS.c.child_id == bindparam("child_id"), _PLANS.c.ended_at.is_(None))
_PLAN_COLUMNS = _columns(_PLANS, ReadPlan)
_LATEST_VERSION = (
    select(func.max(_VERSIONS.c.number)).where(_VERSIONS.c.plan_id == _PLANS.c.id).correlate(_PLANS).scalar_subquery()
)
# The current plan, with the number of its latest agreed version, when and by whom (NULLs without one).
_CURRENT_PLAN = (
    select(*_PLAN_COLUMNS, _VERSIONS.c.number, _VERSIONS.c.agreed_at, _VERSIONS.c.agreed_by_id, _PEOPLE.c.full_name)
    .select_from(
        _PLANS.outerjoin(_VERSIONS, and_(_VERSIONS.c.plan_id == _PLANS.c.id, _VERSIONS.c.number == _LATEST_VERSION))
        .outerjoin(_PEOPLE, _PEOPLE.c.id == _VERSIONS.c.agreed_by_id)
    )
    .where(_CURRENT_PLAN_ROWS)
)
_OUTCOME_TABLE, _READINGS = Outcome.__table__, ProgressReading.__table__
_OUTCOME_COLUMNS, _READING_COLUMNS = _columns(_OUTCOME_TABLE, ReadOutcome), _columns(_READINGS, ReadReading)
_OWNER_ID = _OUTCOME_COLUMNS.index(_OUTCOME_TABLE.c.owner_id)
_OWNERS, _RECORDERS = _PEOPLE.alias("owners"), _PEOPLE.alias("recorders")
# Each target with its owner's name, once for each of its readings (once without any), in order.
_OUTCOME_ROWS = (
    select(*_OUTCOME_COLUMNS, _OWNERS.c.full_name, *_READING_COLUMNS)
    .select_from(
        _OUTCOME_TABLE.join(_PLANS, _PLANS.c.id == _OUTCOME_TABLE.c.plan_id)
        .outerjoin(_OWNERS, _OWNERS.c.id == _OUTCOME_TABLE.c.owner_id)
        .outerjoin(_READINGS, _READINGS.c.outcome_id == _OUTCOME_TABLE.c.id)
    )
    .where(_CURRENT_PLAN_ROWS, _OUTCOME_TABLE.c.removed_at.is_(None))
    .order_by(_OUTCOME_TABLE.c.id, _READINGS.c.taken_on, _READINGS.c.id)
)
_CURRENT_OUTCOMES = {
    False: _OUTCOME_ROWS,
    True: _OUTCOME_ROWS.add_columns(_RECORDERS.c.full_name).outerjoin_from(
        _READINGS, _RECORDERS, _RECORDERS.c.id == _READINGS.c.recorded_by_id
    ),
}
_STRATEGY_TABLE = Strategy.__table__
_CURRENT_STRATEGIES = (
    select(*_columns(_STRATEGY_TABLE, ReadStrategy))
    .join_from(_STRATEGY_TABLE, _PLANS, _PLANS.c.id == _STRATEGY_TABLE.c.plan_id)
    .where(_CURRENT_PLAN_ROWS, _STRATEGY_TABLE.c.removed_at.is_(None))
)
_PROVISION_TABLE, _SESSIONS = Provision.__table__, ProvisionSession.__table__
_PROVISION_COLUMNS = _columns(_PROVISION_TABLE, ReadProvision)
_PERSON_ID = _PROVISION_COLUMNS.index(_PROVISION_TABLE.c.person_id)
# Each support with its person's name, once for each of its logged sessions (once without any), in order.
_CURRENT_PROVISION = (
    select(*_PROVISION_COLUMNS, _PEOPLE.c.full_name, *_columns(_SESSIONS, ReadSession))
    .select_from(
        _PROVISION_TABLE.join(_PLANS, _PLANS.c.id == _PROVISION_TABLE.c.plan_id)
        .outerjoin(_PEOPLE, _PEOPLE.c.id == _PROVISION_TABLE.c.person_id)
        .outerjoin(_SESSIONS, _SESSIONS.c.provision_id == _PROVISION_TABLE.c.id)
    )
    .where(_CURRENT_PLAN_ROWS, _PROVISION_TABLE.c.removed_at.is_(None))
    .order_by(_PROVISION_TABLE.c.id, _SESSIONS.c.held_on, _SESSIONS.c.id)
)
# The review waiting on the current plan, and the last one held (of this plan or an earlier one).
# A held review is found by its day (set with its status, core.plans.reviews.hold_review), not
# by its status: SQLite, without statistics, reads the status's index through every held review
# of every child and keeps the child's, a cost growing with the local authority's caseload,
# where the day has no index and the child's plans are read first.
_REVIEWS, _JUDGEMENTS = Review.__table__, ReviewOutcome.__table__
_REVIEW_COLUMNS = _columns(_REVIEWS, ReadReview)
_NEXT_REVIEW = (
    select(_REVIEWS.c.id)
    .join_from(_REVIEWS, _PLANS, _PLANS.c.id == _REVIEWS.c.plan_id)
    .where(_CURRENT_PLAN_ROWS, _REVIEWS.c.status == ReviewStatus.SCHEDULED)
    .order_by(_REVIEWS.c.id)
    .limit(1)
    .scalar_subquery()
)
_LAST_REVIEW = (
    select(_REVIEWS.c.id)
    .join_from(_REVIEWS, _PLANS, _PLANS.c.id == _REVIEWS.c.plan_id)
    .where(_PLANS.c.child_id == bindparam("child_id"), _REVIEWS.c.held_on.is_not(None))
    .order_by(_REVIEWS.c.held_on.desc(), _REVIEWS.c.id.desc())
    .limit(1)
    .scalar_subquery()
)
# Each of the two reviews once for each target it judged (once without any), with the target's words.
_REVIEWS_SHOWN = (
    select(*_REVIEW_COLUMNS, _JUDGEMENTS.c.judgement, _JUDGEMENTS.c.comment, _OUTCOME_TABLE.c.id, _OUTCOME_TABLE.c.text)
    .select_from(
        _REVIEWS.outerjoin(_JUDGEMENTS, _JUDGEMENTS.c.review_id == _REVIEWS.c.id).outerjoin(
            _OUTCOME_TABLE, _OUTCOME_TABLE.c.id == _JUDGEMENTS.c.outcome_id
        )
    )
    .where(or_(_REVIEWS.c.id == _NEXT_REVIEW, _REVIEWS.c.id == _LAST_REVIEW))
    .order_by(_REVIEWS.c.id, _JUDGEMENTS.c.id)
)


@dataclass(frozen=True)
class Choosable:
    """A member of the team who can answer for a target or deliver support."""

    person_id: int
    full_name: str
    role: str


def choosable_members(db: Session, access: ChildAccess) -> list[Choosable]:
    """Who the lead professional can make responsible in the plan's forms: the current team,
    lead first, with their names and roles (audited as reading the team, which it shows)."""
    access.require(Action.MANAGE_PLAN)
    found = [Choosable(*row) for row in db.execute(_CHOOSABLE, {"child_id": access.child.id})]
    audit.record(db, access.person, "team.viewed", child_id=access.child.id)
    return found


_CHOOSABLE = (
    select(Membership.person_id, Person.full_name, Membership.role)
    .join(Person, Person.id == Membership.person_id)
    .where(Membership.child_id == bindparam("child_id"), Membership.left_at.is_(None))
    .order_by(Membership.is_lead.desc(), Membership.id)
)


def view_outcome(db: Session, actor: Person, outcome_id: int) -> progress.OutcomeProgress:
    """One outcome with its readings and what they show, for any member of the team (audited)."""
    access, plan, outcome = part_of_plan(db, actor, Outcome, outcome_id)
    audit.record(db, actor, "plan.outcome_viewed", child_id=plan.child_id, subject=f"outcome:{outcome.id}")
    return progress.progress_of(outcome)


def in_reading_order(strategies: Iterable[Strategy], *, for_parent: bool) -> list[Strategy]:
    """Strategies grouped by where they are used: home ones first for parents, school ones for staff."""
    order = _PLACE_ORDER[for_parent]
    return sorted(strategies, key=lambda strategy: (order.index(strategy.where), strategy.id or 0))


def how_often(provision: Provision) -> Wording:
    """``3 × 20 minutes a week``, ``20 minutes once a week``, ``30 minutes every 2 weeks``."""
    per_week = provision.sessions_per_week
    minutes = Wording.counted(Nn_("%(n)d minute", "%(n)d minutes"), "n", n=provision.minutes_per_session)
    if per_week == 1:
        return Wording(N_("%(minutes)s once a week"), {"minutes": minutes})
    if per_week < 1:
        forms = Nn_("%(minutes)s every %(n)s week", "%(minutes)s every %(n)s weeks")
        weeks = float(_number(1 / per_week))
        return Wording.counted(forms, "n", minutes=minutes, n=int(weeks) if weeks.is_integer() else weeks)
    return Wording(N_("%(sessions)s × %(minutes)s a week"), {"sessions": _number(per_week), "minutes": minutes})


# Writing the plan


def create_plan(
    db: Session, actor: Person, child_id: int, data: Mapping[str, Any] | None = None, *, site: Site
) -> Plan:
    """Start a child's first plan, from what their record says of their needs and their own views.

    Later plans start from the previous one at its review (:func:`core.plans.reviews.start_next_plan`).
    """
    access = child_access(db, actor, child_id)
    access.require(Action.MANAGE_PLAN)
    values = load(PlanInput(), data or {})
    child = access.child
    if db.scalar(select(Plan.id).where(Plan.child_id == child_id, Plan.ended_at.is_(None))) is not None:
        raise Conflict(f"{child.known_as} has a plan already: change it, or review it to start the next one.")
    cycle = db.scalar(select(func.max(Plan.cycle)).where(Plan.child_id == child_id)) or 0
    plan = Plan(
        child_id=child_id,
        cycle=cycle + 1,
        created_by_id=actor.id,
        needs=_needs(values.get("needs", child.needs)),
        child_views=values.get("child_views", child.about_me),
        parent_views=values.get("parent_views", ""),
    )
    db.add(plan)
    db.flush()
    audit.record(db, actor, "plan.created", child_id=child_id, subject=f"plan:{plan.id}")
    record_change(
        db,
        access,
        plan,
        site,
        Wording(N_("New support plan started")),
        Wording(N_("A draft plan: needs, targets, support, review.")),
    )
    return plan


def update_plan(
    db: Session, actor: Person, plan_id: int, data: Mapping[str, Any], *, expected_version: int, site: Site
) -> Plan:
    """Change the plan's own words: the needs by area, the child's views, the parents' views."""
    access, plan = editable_plan(db, actor, plan_id)
    require_version(plan, expected_version, "plan")
    values = load(PlanInput(), data)
    if "needs" in values:
        values["needs"] = _needs(values["needs"])
    changed = _apply(plan, values)
    if not changed:
        return plan
    audit.record(db, actor, "plan.changed", child_id=plan.child_id, subject=f"plan:{plan.id}")
    labels = {"needs": N_("needs"), "child_views": N_("the child's views"), "parent_views": N_("the parents' views")}
    what = wording.words([Wording(labels[name]) for name in changed])
    record_change(
        db, access, plan, site, Wording(N_("Plan updated")), Wording(N_("Changed: %(what)s."), {"what": what})
    )
    return plan


def add_outcome(db: Session, actor: Person, plan_id: int, data: Mapping[str, Any], *, site: Site) -> Outcome:
    """Add a SMART outcome; one without a measurable target or a date is refused, saying why."""
    access, plan = editable_plan(db, actor, plan_id)
    values = load(OutcomeInput(), data)
    values["owner_id"], values["owner_agency"] = _responsible(
        db, access, values["owner_id"], values["owner_agency"], "owner_id"
    )
    outcome = Outcome(plan=plan, **values)
    db.add(outcome)
    db.flush()
    audit.record(db, actor, "plan.outcome_added", child_id=plan.child_id, subject=f"outcome:{outcome.id}")
    record_change(db, access, plan, site, Wording(N_("New target added to the plan")), describe_outcome(outcome))
    return outcome


def change_outcome(
    db: Session, actor: Person, outcome_id: int, data: Mapping[str, Any], *, expected_version: int, site: Site
) -> Outcome:
    """Change an outcome; the result must still be SMART."""
    access, plan, outcome = _editable_part(db, actor, Outcome, outcome_id)
    require_version(outcome, expected_version, "target")
    values = load(OutcomeInput(partial=True), data)
    current = {name: getattr(outcome, name) for name in _SMART_FIELDS}
    if problems := smart_problems({**current, **values}):
        raise InvalidInput(problems)
    _rechoose_responsible(db, access, outcome, values, "owner_id", "owner_agency")
    if not _apply(outcome, values):
        return outcome
    audit.record(db, actor, "plan.outcome_changed", child_id=plan.child_id, subject=f"outcome:{outcome.id}")
    record_change(db, access, plan, site, Wording(N_("Target changed")), describe_outcome(outcome))
    return outcome


def remove_outcome(db: Session, actor: Person, outcome_id: int, *, site: Site) -> Outcome:
    """Take an outcome out of the plan; it stays in agreed versions, with its readings."""
    access, plan, outcome = _editable_part(db, actor, Outcome, outcome_id)
    outcome.removed_at = utcnow()
    audit.record(db, actor, "plan.outcome_removed", child_id=plan.child_id, subject=f"outcome:{outcome.id}")
    record_change(db, access, plan, site, Wording(N_("Target taken out of the plan")), describe_outcome(outcome))
    return outcome


def add_strategy(db: Session, actor: Person, plan_id: int, data: Mapping[str, Any], *, site: Site) -> Strategy:
    """Add something that helps the child, and where it is used: school, home, or both."""
    access, plan = editable_plan(db, actor, plan_id)
    strategy = Strategy(plan=plan, **load(StrategyInput(), data))
    db.add(strategy)
    db.flush()
    audit.record(db, actor, "plan.strategy_added", child_id=plan.child_id, subject=f"strategy:{strategy.id}")
    record_change(db, access, plan, site, Wording(N_("New strategy added to the plan")), describe_strategy(strategy))
    return strategy


def change_strategy(
    db: Session, actor: Person, strategy_id: int, data: Mapping[str, Any], *, expected_version: int, site: Site
) -> Strategy:
    access, plan, strategy = _editable_part(db, actor, Strategy, strategy_id)
    require_version(strategy, expected_version, "strategy")
    if not _apply(strategy, load(StrategyInput(partial=True), data)):
        return strategy
    audit.record(db, actor, "plan.strategy_changed", child_id=plan.child_id, subject=f"strategy:{strategy.id}")
    record_change(db, access, plan, site, Wording(N_("Strategy changed")), describe_strategy(strategy))
    return strategy


def remove_strategy(db: Session, actor: Person, strategy_id: int, *, site: Site) -> Strategy:
    access, plan, strategy = _editable_part(db, actor, Strategy, strategy_id)
    strategy.removed_at = utcnow()
    audit.record(db, actor, "plan.strategy_removed", child_id=plan.child_id, subject=f"strategy:{strategy.id}")
    record_change(db, access, plan, site, Wording(N_("Strategy taken out of the plan")), describe_strategy(strategy))
    return strategy


def add_provision(db: Session, actor: Person, plan_id: int, data: Mapping[str, Any], *, site: Site) -> Provision:
    """Add support for the child: what, by whom, how often, from when to when."""
    access, plan = editable_plan(db, actor, plan_id)
    values = load(ProvisionInput(), data)
    values["person_id"], values["agency"] = _responsible(db, access, values["person_id"], values["agency"], "person_id")
    provision = Provision(plan=plan, **values)
    db.add(provision)
    db.flush()
    audit.record(db, actor, "plan.provision_added", child_id=plan.child_id, subject=f"provision:{provision.id}")
    record_change(
        db, access, plan, site, Wording(N_("New support added to the plan")), describe_provision(provision, site)
    )
    return provision


def change_provision(
    db: Session, actor: Person, provision_id: int, data: Mapping[str, Any], *, expected_version: int, site: Site
) -> Provision:
    """Change support: how often, until when, or who delivers it."""
    access, plan, provision = _editable_part(db, actor, Provision, provision_id)
    require_version(provision, expected_version, "support")
    values = load(ProvisionInput(partial=True), data)
    starts, ends = values.get("starts_on", provision.starts_on), values.get("ends_on", provision.ends_on)
    if ends is not None and ends < starts:
        raise InvalidInput({"ends_on": ["Support ends on or after the day it starts."]})
    _rechoose_responsible(db, access, provision, values, "person_id", "agency")
    if not _apply(provision, values):
        return provision
    audit.record(db, actor, "plan.provision_changed", child_id=plan.child_id, subject=f"provision:{provision.id}")
    record_change(db, access, plan, site, Wording(N_("Support changed")), describe_provision(provision, site))
    return provision


def remove_provision(db: Session, actor: Person, provision_id: int, *, site: Site) -> Provision:
    access, plan, provision = _editable_part(db, actor, Provision, provision_id)
    provision.removed_at = utcnow()
    audit.record(db, actor, "plan.provision_removed", child_id=plan.child_id, subject=f"provision:{provision.id}")
    record_change(
        db, access, plan, site, Wording(N_("Support taken out of the plan")), describe_provision(provision, site)
    )
    return provision


# Recording what happens


def record_reading(db: Session, actor: Person, outcome_id: int, data: Mapping[str, Any]) -> ProgressReading:
    """Record a measurement against an outcome: professionals in the team, or parents from home."""
    access, plan, outcome = part_of_plan(db, actor, Outcome, outcome_id)
    if not access.may_record_readings():
        raise Forbidden(f"{actor.display_name} may not record readings here")
    if plan.ended_at is not None or outcome.removed_at is not None:
        raise Conflict("This target is no longer in the current plan.")
    values = load(ReadingInput(), data)
    if values["taken_on"] < outcome.baseline_on:
        since = describe_day(outcome.baseline_on)
        raise DoesNotFit({"taken_on": [f"Progress counts from the baseline, on {since}: choose that day or later."]})
    reading = ProgressReading(outcome=outcome, recorded_by=actor, from_home=access.is_parent, **values)
    db.add(reading)
    db.flush()
    audit.record(
        db,
        actor,
        "plan.reading_recorded",
        child_id=plan.child_id,
        subject=f"outcome:{outcome.id}",
        detail={"reading": reading.id, "from_home": reading.from_home},
    )
    return reading


def record_session(db: Session, actor: Person, provision_id: int, data: Mapping[str, Any]) -> ProvisionSession:
    """Log one session of provision as delivered, or missed and why: whoever answers for delivering it
    does this (:meth:`ChildAccess.may_log_sessions`)."""
    access, plan, provision = part_of_plan(db, actor, Provision, provision_id)
    if not access.may_log_sessions(provision):
        raise Forbidden(f"{actor.display_name} may not log sessions of support here")
    if plan.ended_at is not None or provision.removed_at is not None:
        raise Conflict("This support is no longer in the current plan.")
    values = load(SessionInput(), data)
    held_on = values["held_on"]
    if held_on < provision.starts_on or (provision.ends_on is not None and held_on > provision.ends_on):
        raise DoesNotFit({"held_on": ["This day is outside the dates the support runs."]})
    if values["delivered"]:
        values["missed_reason"] = ""
    session = ProvisionSession(provision=provision, recorded_by=actor, **values)
    db.add(session)
    db.flush()
    audit.record(
        db,
        actor,
        "plan.session_recorded",
        child_id=plan.child_id,
        subject=f"provision:{provision.id}",
        detail={"session": session.id, "delivered": session.delivered},
    )
    return session


# In words, for the timeline


def describe_day(value: date) -> str:
    """``Tuesday 2 March 2027``."""
    return timefmt.day(value, "UTC")  # a date has no time zone to convert from


def describe_outcome(outcome: Outcome) -> Wording:
    return Wording(
        N_("%(area)s: %(text)s (from %(baseline)s to %(target)s %(unit)s, by %(day)s)"),
        {
            "area": Wording(AREA_NAMES[outcome.area]),
            "text": outcome.text,
            "baseline": _number(outcome.baseline_value),
            "target": _number(outcome.target_value),
            "unit": outcome.unit,
            "day": wording.day(outcome.target_on),
        },
    )


def describe_strategy(strategy: Strategy) -> Wording:
    return Wording(N_("%(text)s (%(where)s)"), {"text": strategy.text, "where": Wording(PLACE_NAMES[strategy.where])})


def describe_provision(provision: Provision, site: Site) -> Wording:
    agency = site.host.agencies.get(provision.agency or "")
    who = provision.person.full_name if provision.person else (agency.name if agency else provision.agency)
    values = {"support": provision.support, "often": how_often(provision), "from": wording.day(provision.starts_on)}
    if provision.ends_on is None:
        return Wording(N_("%(support)s: %(often)s, from %(from)s, by %(who)s"), values | {"who": who})
    until = wording.day(provision.ends_on)
    return Wording(
        N_("%(support)s: %(often)s, from %(from)s to %(to)s, by %(who)s"), values | {"to": until, "who": who}
    )


# Shared by the plan's services, core.plans.versions and core.plans.reviews


def plan_for(db: Session, actor: Person, plan_id: int) -> tuple[ChildAccess, Plan]:
    """A plan and the actor's access to its child; :class:`NotFound` for anyone outside the team."""
    plan = db.get(Plan, plan_id)
    access = record_access(db, actor, plan and plan.child_id, f"plan {plan_id}")
    return access, plan


def editable_plan(db: Session, actor: Person, plan_id: int) -> tuple[ChildAccess, Plan]:
    """A plan the actor may change now: they lead the team, and the plan is current and not under review."""
    access, plan = plan_for(db, actor, plan_id)
    _require_editable(access, plan)
    return access, plan


def _require_editable(access: ChildAccess, plan: Plan) -> None:
    access.require(Action.MANAGE_PLAN)
    if plan.ended_at is not None:
        raise Conflict("A newer plan followed this one at its review: change the current plan instead.")
    if plan.status is PlanStatus.UNDER_REVIEW:
        raise Conflict("This plan has been reviewed: start the next plan from it to make changes.")


def record_change(
    db: Session,
    access: ChildAccess,
    plan: Plan,
    site: Site,
    title: Wording,
    body: Wording | str = "",
    *,
    amends: bool = True,
) -> None:
    """Mark the plan changed and tell the team on the timeline.

    A change that ``amends`` an agreed plan makes it a draft again until it is agreed.
    Touching the plan moves its version, which guards agreement (see
    :func:`core.plans.versions.agree_plan`).
    Titles name the kind of change only: a title is the first line of notifications
    and e-mails, which carry no case detail; the words go in the body.
    """
    if amends and plan.status is PlanStatus.AGREED:
        plan.status = PlanStatus.DRAFT
    plan.updated_at = utcnow()
    db.flush()
    record_system_entry(db, access, site=site, kind=EntryKind.PLAN_CHANGE, title=title, body=body)


def require_version(record, expected_version: int, what: str) -> None:
    if record.version != expected_version:
        raise StaleVersion(f"Someone else changed this {what} while you were reading it: look at their change first.")


_SMART_FIELDS = ("unit", "baseline_value", "baseline_on", "target_value", "target_on")


def part_of_plan(db: Session, actor: Person, model, part_id: int):
    """An outcome, strategy or provision with its plan and the actor's access; :class:`NotFound` outside the team."""
    part = db.get(model, part_id)
    access = record_access(db, actor, part and part.plan.child_id, f"{model.__tablename__} {part_id}")
    return access, part.plan, part


def _editable_part(db: Session, actor: Person, model, part_id: int):
    access, plan, part = part_of_plan(db, actor, model, part_id)
    _require_editable(access, plan)
    if part.removed_at is not None:
        raise Conflict("This was taken out of the plan.")
    return access, plan, part


def _responsible(
    db: Session, access: ChildAccess, person_id: int | None, agency: str | None, field: str
) -> tuple[int | None, str | None]:
    """Who is responsible: a person in the team (their agency unless another is given), or an agency."""
    if person_id is not None:
        membership = access.member(db, person_id)
        if membership is None:
            raise InvalidInput({field: [f"Choose someone in {access.child.known_as}'s team."]})
        agency = agency or membership.agency
    elif agency is None:
        raise InvalidInput({field: ["Say who is responsible: a person in the team, or an agency."]})
    return person_id, agency


def _rechoose_responsible(
    db: Session, access: ChildAccess, record, values: dict[str, Any], person_field: str, agency_field: str
) -> None:
    """Check a change of who is responsible: a new person brings their agency unless one is given."""
    if person_field not in values and agency_field not in values:
        return
    new_person = person_field in values
    values[person_field], values[agency_field] = _responsible(
        db,
        access,
        values[person_field] if new_person else getattr(record, person_field),
        values.get(agency_field, None if new_person else getattr(record, agency_field)),
        person_field,
    )


def _apply(record, values: Mapping[str, Any]) -> list[str]:
    """Set the values that differ; return the names of those that changed."""
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, values[name])
    return changed


def _needs(needs: Mapping[str, str]) -> dict[str, str]:
    return {area: text.strip() for area, text in needs.items() if text and text.strip()}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"
