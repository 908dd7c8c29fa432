"""A child's record as a whole: reading it, the register, who viewed it, and closing the case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.access import Action, child_access, require_administrator, team_manager_access, visible_children
from core.errors import Conflict, Forbidden
from core.models import AuditEvent, Child, Person, PersonKind
from core.records import audit
from core.types import utcnow


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


def children_page(db: Session, actor: Person, *, after: int | None, limit: int) -> tuple[list[Child], bool]:
    """The children ``actor`` may see, by id after ``after``, and whether more follow (audited)."""
    statement = visible_children(actor).order_by(Child.id).limit(limit + 1)
    if after is not None:
        statement = statement.where(Child.id > after)
    rows = db.scalars(statement).all()
    page = list(rows[:limit])
    audit.record(db, actor, "children.viewed", detail={"children": [child.id for child in page]})
    return page, len(rows) > limit


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
