"""The plan's agreed versions: agreeing the plan as it stands, its history, and what changed.

An agreed version is a snapshot in plain JSON, names included, so it reads the same
years later whatever happened to the people and the plan since; the differences
between versions are worked out once, when a version is agreed, in plain words kept as
messages and values (core.wording), read in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from core import wording
from core.access import ChildAccess, child_access, record_access
from core.errors import Conflict, InvalidInput
from core.models import AreaOfNeed, Person, Plan, PlanStatus, PlanVersion
from core.plans.content import AREA_NAMES, editable_plan, record_change, require_version
from core.records import audit
from core.site import Site
from core.types import utcnow
from core.wording import N_, Wording


def agree_plan(db: Session, actor: Person, plan_id: int, *, expected_version: int, site: Site) -> PlanVersion:
    """Record that the plan as it stands was agreed: a snapshot, who agreed it, when, and what changed.

    ``expected_version`` is the plan's version the agreement was about, so a change made
    meanwhile by someone else is never agreed unseen.
    """
    access, plan = editable_plan(db, actor, plan_id)
    require_version(plan, expected_version, "plan")
    if plan.status is PlanStatus.AGREED:
        raise Conflict("This version of the plan is agreed already.")
    if not plan.current_outcomes:
        raise InvalidInput({"outcomes": ["Add at least one target before the plan is agreed."]})
    snapshot = snapshot_of(plan)
    previous = _previous_version(db, plan)
    version = PlanVersion(
        plan=plan,
        number=len(plan.versions) + 1,
        snapshot=snapshot,
        changes=what_changed(previous.snapshot if previous else None, snapshot),
        agreed_by=actor,
        agreed_at=utcnow(),
    )
    db.add(version)
    plan.status = PlanStatus.AGREED
    db.flush()
    audit.record(db, actor, "plan.agreed", child_id=plan.child_id, subject=f"plan_version:{version.id}")
    agreed = Wording(
        N_("Version %(number)s, agreed by %(person)s."), {"number": version.number, "person": actor.full_name}
    )
    changes = [Wording.from_json(change) for change in version.changes]
    body = Wording("%(lines)s", {"lines": wording.lines([agreed, *changes])})
    record_change(db, access, plan, site, Wording(N_("Plan agreed")), body, amends=False)
    return version


def list_versions(db: Session, actor: Person, child_id: int) -> tuple[ChildAccess, list[PlanVersion]]:
    """Every agreed version of the child's plans, newest first (audited)."""
    access = child_access(db, actor, child_id)
    found = db.scalars(
        select(PlanVersion)
        .join(Plan, Plan.id == PlanVersion.plan_id)
        .where(Plan.child_id == child_id)
        .options(joinedload(PlanVersion.agreed_by), joinedload(PlanVersion.plan))
        .order_by(Plan.cycle.desc(), PlanVersion.number.desc())
    ).all()
    audit.record(db, actor, "plan.versions_viewed", child_id=child_id)
    return access, list(found)


def view_version(db: Session, actor: Person, version_id: int) -> tuple[ChildAccess, PlanVersion]:
    """One agreed version, as it was agreed (audited)."""
    version = db.get(PlanVersion, version_id)
    access = record_access(db, actor, version and version.plan.child_id, f"plan version {version_id}")
    audit.record(db, actor, "plan.version_viewed", child_id=access.child.id, subject=f"plan_version:{version.id}")
    return access, version


def snapshot_of(plan: Plan) -> dict[str, Any]:
    """The plan's content as plain JSON, names included, as an agreed version keeps it."""
    review = plan.pending_review
    return {
        "plan_id": plan.id,
        "cycle": plan.cycle,
        "needs": dict(plan.needs),
        "child_views": plan.child_views,
        "parent_views": plan.parent_views,
        "outcomes": [
            {
                "id": outcome.id,
                "carried_from": outcome.carried_from_id,
                "area": outcome.area.value,
                "text": outcome.text,
                "unit": outcome.unit,
                "baseline_value": outcome.baseline_value,
                "baseline_on": outcome.baseline_on.isoformat(),
                "target_value": outcome.target_value,
                "target_on": outcome.target_on.isoformat(),
                "owner": outcome.owner.full_name if outcome.owner else None,
                "owner_agency": outcome.owner_agency,
            }
            for outcome in plan.current_outcomes
        ],
        "strategies": [
            {"id": s.id, "carried_from": s.carried_from_id, "text": s.text, "where": s.where.value}
            for s in plan.current_strategies
        ],
        "provision": [
            {
                "id": item.id,
                "carried_from": item.carried_from_id,
                "support": item.support,
                "person": item.person.full_name if item.person else None,
                "agency": item.agency,
                "sessions_per_week": item.sessions_per_week,
                "minutes_per_session": item.minutes_per_session,
                "starts_on": item.starts_on.isoformat(),
                "ends_on": item.ends_on.isoformat() if item.ends_on else None,
            }
            for item in plan.current_provision
        ],
        "review_due_on": review.due_on.isoformat() if review else None,
    }


# What each kind of part is called in a summary of changes: (its words, added, changed, gone).
_PARTS = {
    "outcomes": (
        "text",
        N_("New target: %(text)s"),
        N_("Target changed: %(text)s"),
        N_("Target no longer in the plan: %(text)s"),
    ),
    "strategies": (
        "text",
        N_("New strategy: %(text)s"),
        N_("Strategy changed: %(text)s"),
        N_("Strategy no longer in the plan: %(text)s"),
    ),
    "provision": (
        "support",
        N_("New support: %(text)s"),
        N_("Support changed: %(text)s"),
        N_("Support no longer in the plan: %(text)s"),
    ),
}


def what_changed(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What changed between two snapshots, one line each, as words to read in the reader's
    language (:meth:`Wording.as_json`): a target's own text is what a person typed.

    Across a review (``before`` from the previous cycle's plan) parts are matched with
    the ones they were carried over from.
    """
    if before is None:
        return [Wording(N_("The first agreed version of the plan.")).as_json()]
    across_cycles = before["plan_id"] != after["plan_id"]
    lines = [
        Wording(N_("Needs changed: %(area)s"), {"area": Wording(AREA_NAMES[area])})
        for area in AreaOfNeed
        if before["needs"].get(area.value, "") != after["needs"].get(area.value, "")
    ]
    if before["child_views"] != after["child_views"]:
        lines.append(Wording(N_("The child's views changed")))
    if before["parent_views"] != after["parent_views"]:
        lines.append(Wording(N_("The parents' views changed")))
    for key, (words, added, changed, gone) in _PARTS.items():
        earlier = {item["id"]: item for item in before[key]}
        for item in after[key]:
            old = earlier.pop(item["carried_from"] if across_cycles else item["id"], None)
            if old is None:
                lines.append(Wording(added, {"text": item[words]}))
            elif _content(old) != _content(item):
                lines.append(Wording(changed, {"text": item[words]}))
        lines.extend(Wording(gone, {"text": old[words]}) for old in earlier.values())
    if after["review_due_on"] and before["review_due_on"] != after["review_due_on"]:
        lines.append(
            Wording(N_("Review date: %(day)s"), {"day": wording.day(date.fromisoformat(after["review_due_on"]))})
        )
    return [line.as_json() for line in lines or [Wording(N_("No changes since the last agreed version."))]]


def _content(item: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key not in ("id", "carried_from")}


def _previous_version(db: Session, plan: Plan) -> PlanVersion | None:
    """The version this plan's next agreement is compared with: its own last, or the previous plan's."""
    if plan.versions:
        return plan.versions[-1]
    if plan.previous_id is None:
        return None
    return db.scalar(
        select(PlanVersion).where(PlanVersion.plan_id == plan.previous_id).order_by(PlanVersion.number.desc()).limit(1)
    )
