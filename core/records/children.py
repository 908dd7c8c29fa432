"""A child's record as a whole: who viewed it, closing the case, and subject access exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, Table, exists, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from core.access import Action, child_access, team_manager_access, visible_children
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.models import AuditEvent, Base, Child, LoginAttempt, Person, PersonKind
from core.records import audit
from core.types import utcnow

# The audit action of using a safeguarding override: its detail holds the reason and
# the day until which the family is not told of the views made under it.
SAFEGUARDING_OVERRIDE = "safeguarding.override_used"


@dataclass(frozen=True)
class Viewing:
    person: Person
    last_viewed: datetime
    times: int


def who_viewed(db: Session, actor: Person, child_id: int) -> list[Viewing]:
    """Who has looked at a child's record: for the lead and administrators, everyone;
    for a parent, the professionals (parents know their own family looked), except
    views made under a safeguarding override while its restriction lasts.

    Every view and export counts, by the one definition of a view in :mod:`core.records.audit`.
    """
    if actor.kind is PersonKind.ADMINISTRATOR:
        team_manager_access(db, actor, child_id)
        for_family = False
    else:
        access = child_access(db, actor, child_id)
        if not (access.is_parent or access.is_lead):
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
        statement = statement.where(Person.kind != PersonKind.PARENT, ~_under_restriction(utcnow().date()))
    audit.record(db, actor, "child.viewers_listed", child_id=child_id)
    return [Viewing(person, last, times) for person, last, times in db.execute(statement)]


def _under_restriction(today: date) -> ColumnElement[bool]:
    """SQL condition on a view :class:`AuditEvent`: made under a safeguarding override
    whose restriction still lasts on ``today``."""
    override = aliased(AuditEvent)
    return exists().where(
        override.action == SAFEGUARDING_OVERRIDE,
        override.child_id == AuditEvent.child_id,
        override.actor_id == AuditEvent.actor_id,
        override.at <= AuditEvent.at,
        override.detail["restricted_until"].as_string() > today.isoformat(),
    )


def record_safeguarding_override(
    db: Session, actor: Person, child_id: int, *, reason: str, restricted_until: date
) -> AuditEvent:
    """Record that ``actor`` looks at a child's record under a safeguarding override.

    The override needs a reason and is itself audited (DESIGN §7); the views ``actor``
    makes of the child from now on stay out of the family's "who viewed" list until
    ``restricted_until``, so that a family under enquiry is not tipped off.
    """
    if not (actor.active and actor.kind in (PersonKind.PROFESSIONAL, PersonKind.SCHOOL_STAFF)):
        raise Forbidden("only professionals and school staff use a safeguarding override")
    if not reason.strip():
        raise InvalidInput({"reason": ["Say why the safeguarding override is needed."]})
    if db.get(Child, child_id) is None:
        raise NotFound(f"child {child_id}")
    return audit.record(
        db,
        actor,
        SAFEGUARDING_OVERRIDE,
        child_id=child_id,
        detail={"reason": reason.strip(), "restricted_until": restricted_until.isoformat()},
    )


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
    _require_administrator(actor, "manage the register of children")
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


# Columns no export carries: secrets, and the hashes that stand for them.
SECRET_COLUMNS = frozenset({"people.password_hash", "api_tokens.token_hash", "calendar_feeds.token_hash"})


def export_child(db: Session, actor: Person, child_id: int) -> dict[str, Any]:
    """Everything held about one child, for a subject access request. Administrators only.

    The child's row under ``child``, then every table's rows that belong to the child's
    record, under the table's name (see :func:`child_record`).
    """
    _require_administrator(actor)
    child = db.get(Child, child_id)
    if child is None:
        raise NotFound(f"child {child_id}")
    document = {"child": _one(db, Child.__table__, child_id)} | _rows(db, child_record(child_id))
    audit.record(db, actor, "child.exported", child_id=child_id)
    return document


def export_person(db: Session, actor: Person, person_id: int) -> dict[str, Any]:
    """Everything held about one person, for a subject access request. Administrators only.

    The account under ``person`` (no password hash), then every table's rows that name
    the person, under the table's name (see :func:`person_record`).
    """
    _require_administrator(actor)
    person = db.get(Person, person_id)
    if person is None:
        raise NotFound(f"person {person_id}")
    document = {"person": _one(db, Person.__table__, person_id)} | _rows(db, person_record(person))
    audit.record(db, actor, "person.exported", subject=f"person:{person_id}")
    return document


def child_record(child_id: int) -> dict[Table, Select]:
    """For each table, the rows of one child's record, read off the schema's foreign keys.

    A row belongs to the record when it names the child (a timeline entry, a meeting) or,
    if it names no child, when it hangs by a foreign key from a row that does (an
    acknowledgement of an entry, a reading of an outcome of a plan): a table added later
    is exported the day it is added.
    """
    children = Child.__table__

    def naming_the_child(table: Table) -> ColumnElement[bool] | None:
        naming = [fk.parent == child_id for fk in table.foreign_keys if fk.column.table is children]
        return or_(*naming) if naming else None

    return rows_hanging_from(naming_the_child)


def rows_hanging_from(roots: Callable[[Table], ColumnElement[bool] | None]) -> dict[Table, Select]:
    """For each table, the rows ``roots`` picks in it or, where it picks none (None), the rows
    hanging by a foreign key from a row found before; in the schema's order, parents first.

    The people and children tables are never walked: a person belongs to many records,
    and a child's own row heads its record, which callers treat on its own.
    """
    children, people = Child.__table__, Person.__table__
    found: dict[Table, Select] = {}
    for table in Base.metadata.sorted_tables:
        if table in (children, people):
            continue
        condition = roots(table)
        if condition is None:
            hanging = [
                fk.parent.in_(found[fk.column.table].with_only_columns(fk.column))
                for fk in table.foreign_keys
                if fk.column.table in found and fk.column.table is not table
            ]
            condition = or_(*hanging) if hanging else None
        if condition is not None:
            found[table] = select(table).where(condition)
    return found


def person_record(person: Person) -> dict[Table, Select]:
    """For each table, the rows that name one person: what they hold, wrote, recorded or were
    sent; with the audit events about their account and the attempts to log in as them."""
    people, events, attempts = Person.__table__, AuditEvent.__table__, LoginAttempt.__table__
    found: dict[Table, Select] = {}
    for table in Base.metadata.sorted_tables:
        naming = [fk.parent == person.id for fk in table.foreign_keys if fk.column.table is people]
        if table is events:
            naming.append(events.c.subject == f"person:{person.id}")
        if table is attempts:
            naming.append(attempts.c.email == person.email)
        if naming:
            found[table] = select(table).where(or_(*naming))
    return found


def _one(db: Session, table: Table, row_id: int) -> dict[str, Any]:
    return _plain_row(table, db.execute(select(table).where(table.c.id == row_id)).one())


def _rows(db: Session, statements: dict[Table, Select]) -> dict[str, list[dict[str, Any]]]:
    return {
        table.name: [_plain_row(table, row) for row in db.execute(statement.order_by(table.c.id))]
        for table, statement in statements.items()
    }


def _plain_row(table: Table, row) -> dict[str, Any]:
    return {
        name: _plain(value) for name, value in row._mapping.items() if f"{table.name}.{name}" not in SECRET_COLUMNS
    }


def _require_administrator(actor: Person, what: str = "answer subject access requests") -> None:
    if not (actor.active and actor.kind is PersonKind.ADMINISTRATOR):
        raise Forbidden(f"only administrators {what}")


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value
