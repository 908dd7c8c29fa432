"""Subject access: everything held about one child or one person, as plain JSON.

What belongs to a record is read off the schema's foreign keys, so a table added later
is exported the day it is added; retention erases by the same definition.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, Table, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from core.access import require_administrator
from core.errors import NotFound
from core.models import AuditEvent, Base, Child, LoginAttempt, Person
from core.records import audit

# Columns no export carries: secrets, and the hashes that stand for them.
SECRET_COLUMNS = frozenset(
    {"people.password_hash", "api_tokens.token_hash", "calendar_feeds.token_hash", "login_sessions.token_hash",
     "account_links.token_hash", "second_factors.encrypted_secret", "recovery_codes.code_hash",
     "sign_in_steps.secret_hash", "webhooks.encrypted_secret", "outbox_messages.secret"}
)


def export_child(db: Session, actor: Person, child_id: int) -> dict[str, Any]:
    """Everything held about one child, for a subject access request. Administrators only.

    The child's row under ``child``, then every table's rows that belong to the child's
    record, under the table's name (see :func:`child_record`).
    """
    require_administrator(actor, "answer subject access requests")
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
    require_administrator(actor, "answer subject access requests")
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
        table.name: [_plain_row(table, row) for row in db.execute(statement.order_by(*table.primary_key.columns))]
        for table, statement in statements.items()
    }


def _plain_row(table: Table, row) -> dict[str, Any]:
    return {
        name: _plain(value) for name, value in row._mapping.items() if f"{table.name}.{name}" not in SECRET_COLUMNS
    }


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    if isinstance(value, bytes):  # a passkey's id and public key: JSON has no bytes
        return base64.urlsafe_b64encode(value).decode()
    return value
