"""A child's record as a whole: reading it, the register, who viewed it, and closing the case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.access import Action, child_access, require_administrator, team_manager_access, visible_children
from core.errors import Conflict, Forbidden, StaleVersion
from core.models import AuditEvent, Child, Person, PersonKind
from core.records import audit, identifiers
from core.schemas import ChildInput
from core.types import utcnow
from core.validation import load


@dataclass(frozen=True)
class Viewing:
    person: Person
    last_viewed: datetime
    times: int


def who_viewed(db: Session, actor: Person, child_id: int) -> list[Viewing]:
    """Who has looked at a child's record: for the lead and administrators, everyone;
    for a parent, the professionals (parents know their own family looked).

    Every view and export counts, by the one definition of a view in :mod:`core.records.audit`.
    """
    if actor.kind is PersonKind.ADMINISTRATOR:
        team_manager_access(db, actor, child_id)
        for_family = False
    else:
        access = child_access(db, actor, child_id)
        if not access.may_see_viewers():
            raise Forbidden("only the family and the lead professional see who viewed the record")
        for_family = access.is_parent
    statement = (
        select(Person, func.max(AuditEvent.at), func.count())
        .join(AuditEvent, AuditEvent.actor_id == Person.id)
        .where(AuditEvent.child_id == child_id, audit.views())
        .group_by(Person.id)
        .order_by(func.max(AuditEvent.at).desc())
    )
    if for_family:
        statement = statement.where(Person.kind != PersonKind.PARENT)
    audit.record(db, actor, "child.viewers_listed", child_id=child_id)
    return [Viewing(person, last, times) for person, last, times in db.execute(statement)]


def view_child(db: Session, actor: Person, child_id: int) -> Child:
    """A child's record summary (name, date of birth, year group, SEN status), for its team (audited)."""
    access = child_access(db, actor, child_id)
    audit.record(db, actor, "child.viewed", child_id=child_id)
    return access.child


def children_page(
    db: Session, actor: Person, *, after: int | None, limit: int, identified_by: Mapping[str, str] | None = None
) -> tuple[list[Child], bool]:
    """The children ``actor`` may see, by id after ``after``, and whether more follow (audited);
    only the one another system knows by ``identified_by`` (``{"upn": ...}``) when given."""
    statement = visible_children(actor).order_by(Child.id).limit(limit + 1)
    if after is not None:
        statement = statement.where(Child.id > after)
    for name, value in (identified_by or {}).items():
        statement = statement.where(getattr(Child, name) == value)
    rows = db.scalars(statement).all()
    page = list(rows[:limit])
    audit.record(db, actor, "children.viewed", detail={"children": [child.id for child in page]})
    return page, len(rows) > limit


def update_child(db: Session, actor: Person, child_id: int, data: Mapping[str, Any], *, expected_version: int) -> Child:
    """Correct a child's details or the numbers other systems know them by, on the version
    read: the team's lead professional or an administrator (a school's system, through its
    SENCO's token, keeps them in step with the census)."""
    child = team_manager_access(db, actor, child_id)
    values = load(ChildInput(partial=True), data)
    identifiers.require_unique(db, child.id, values)
    if child.version != expected_version:
        raise StaleVersion("Someone else changed this child's record while you were reading it: read it again.")
    for name, value in values.items():
        setattr(child, name, value)
    db.flush()
    audit.record(db, actor, "child.updated", child_id=child.id, detail={"fields": sorted(values)})
    return child


def children_register(db: Session, actor: Person) -> list[Child]:
    """Every child, for administrators who set up teams: names only, no case content
    (and no placeholders of erased cases)."""
    require_administrator(actor, "manage the register of children")
    audit.record(db, actor, "register.viewed")
    return list(db.scalars(select(Child).where(Child.erased_at.is_(None)).order_by(Child.full_name)))


def close_case(db: Session, actor: Person, child_id: int) -> Child:
    """Close a child's record: read-only from now, kept for each agency's retention period."""
    if actor.kind is PersonKind.ADMINISTRATOR:
        child = team_manager_access(db, actor, child_id)
    else:
        access = child_access(db, actor, child_id)
        access.require(Action.MANAGE_TEAM)
        child = access.child
    if child.closed_at is not None:
        raise Conflict("this case is already closed")
    child.closed_at = utcnow()
    audit.record(db, actor, "child.closed", child_id=child.id)
    db.flush()
    return child


def retention_dates(child: Child, agencies: dict, overrides: dict[str, int] | None = None) -> dict[str, date]:
    """The date until which each agency's part of a closed record is kept.

    Agencies keep records to a birthday (a school's SEN file to the 31st, NHS child
    records to the 25th, looked-after children's files to the 75th); ``overrides``
    (years, by agency code) come from configuration.
    """
    years = {code: agency.retention_years for code, agency in agencies.items() if agency.retention_years}
    years.update(overrides or {})
    born = child.date_of_birth
    return {code: _birthday(born, age) for code, age in years.items()}


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + age, day=28)
