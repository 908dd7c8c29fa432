"""A page of the timeline as it is read: each entry's values, not a mapped object.

A page shows fifty entries, with their authors and who has seen each, and changes none of
them. Loaded as mapped objects (the ORM's identity map, attribute instrumentation, each
acknowledgement collection set up and committed), they cost more than the page's SQL;
read as rows into plain values, the same data costs a fraction, and so does reading
each attribute again as the page is written. The values keep the names of
:class:`TimelineEntry`'s attributes, and the people an entry names are named by their id and
full name (:class:`ReadPerson`), so what reads an entry (the page, the API, the plugins'
renderers) reads either. What reads them is given the entries under the access policy
already (:func:`core.timeline.entries.read_timeline`): nothing here decides who reads what.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Connection, Dialect, Enum, Select, bindparam, select
from sqlalchemy.orm import Session

from core.models import Acknowledgement, EntryKind, Person, TimelineEntry, Visibility
from core.models.timeline import Withdrawal


@dataclass(slots=True, eq=False)
class ReadEntry:
    """A timeline entry as read for a page: :class:`TimelineEntry`'s columns under their names,
    who wrote and who withdrew it, and its acknowledgements."""

    id: int
    child_id: int
    author_id: int
    agency: str | None
    kind: EntryKind
    title: str
    body: str
    occurred_at: datetime
    posted_at: datetime
    visibility: Visibility
    wording: dict[str, Any] | None
    payload: dict[str, Any] | None
    payload_schema: str | None
    payload_version: int | None
    parent_summary: dict[str, str] | None
    reply_to_id: int | None
    document_id: int | None
    version: int
    withdrawn_at: datetime | None
    withdrawn_by_id: int | None
    change_sequence: int | None
    author: ReadPerson | None = None
    withdrawn_by: ReadPerson | None = None
    acknowledgements: list[ReadAcknowledgement] | tuple = ()

    @property
    def withdrawal(self) -> Withdrawal | None:
        """Who withdrew the entry and when; None while it stands."""
        return None if self.withdrawn_at is None else Withdrawal(by=self.withdrawn_by, at=self.withdrawn_at)


@dataclass(frozen=True, slots=True)
class ReadPerson:
    """Someone an entry names (who wrote it, withdrew it or has seen it), as the page and the API name them."""

    id: int
    full_name: str


@dataclass(frozen=True, slots=True)
class ReadAcknowledgement:
    """Someone's "seen it" on an entry of the page, oldest first."""

    person_id: int
    person: ReadPerson
    acknowledged_at: datetime


_TABLE = TimelineEntry.__table__
_AUTHORS, _WITHDRAWERS = Person.__table__.alias("authors"), Person.__table__.alias("withdrawers")
COLUMNS = tuple(_TABLE.c[field.name] for field in fields(ReadEntry) if field.name in _TABLE.c)
"""Each entry's columns, in ReadEntry's order."""


def select_entries() -> Select:
    """What a page's statement selects of each entry (core.timeline.entries adds which and in
    what order): its columns, and the names of who wrote and who withdrew it."""
    return select(*COLUMNS, _AUTHORS.c.full_name, _WITHDRAWERS.c.full_name).select_from(
        _TABLE.join(_AUTHORS, _AUTHORS.c.id == _TABLE.c.author_id).outerjoin(
            _WITHDRAWERS, _WITHDRAWERS.c.id == _TABLE.c.withdrawn_by_id
        )
    )


def read_entries(db: Session, statement: Select, values: dict[str, Any]) -> list[ReadEntry]:
    """The entries ``statement`` (made by :func:`select_entries`) reads with ``values``.

    Like the acknowledgements' statement, it runs on the session's connection: it reads rows,
    not mapped objects, and the session's own step around a statement costs about as much
    as running it. The rows are taken from the driver's cursor at once and their values read
    here in one pass, each column that needs it by its type's own reader for the database
    (:func:`_value_readers`), only where the value is not NULL: a page's rows made as result
    rows, every value through its type's processors, cost more than the statement itself."""
    connection = db.connection()
    readers = _value_readers(connection.dialect)
    entries = []
    for row in _fetched(connection, statement, values):
        row = list(row)
        for index, read in readers:
            if (value := row[index]) is not None:
                row[index] = read(value)
        *columns, author, withdrawer = row
        entry = ReadEntry(*columns)
        entry.author = ReadPerson(entry.author_id, author)
        if entry.withdrawn_by_id is not None:
            entry.withdrawn_by = ReadPerson(entry.withdrawn_by_id, withdrawer)
        entries.append(entry)
    return entries


def _fetched(connection: Connection, statement: Select, values: dict[str, Any]) -> list[tuple]:
    """The rows ``statement`` reads, as the driver gives them: no value read by its type yet."""
    result = connection.execute(statement, values)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


@lru_cache(maxsize=8)  # one dialect in the app; a few in the tests
def _value_readers(dialect: Dialect) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """For the columns of :func:`select_entries` that the driver does not give as they are
    read: their place and what reads a value of theirs (not NULL). An enum's member is
    looked up by its stored value; any other column is read by its type's result processor
    for ``dialect``, as SQLAlchemy would read it, but for JSON's ``null``, which is None."""
    readers = []
    for index, column in enumerate(select_entries().selected_columns):
        kind = column.type
        if isinstance(kind, Enum) and kind.enum_class is not None:
            read = dict(zip(kind.enums, kind.enum_class, strict=True)).__getitem__
        else:
            read = kind.dialect_impl(dialect).result_processor(dialect, None)
            if read is not None and isinstance(kind, JSON):
                read = _null_or(read)
        if read is not None:
            readers.append((index, read))
    return tuple(readers)


def _null_or(read: Callable[[str], Any]) -> Callable[[str], Any]:
    """``read`` for a JSON column's text, but for ``null``, read as None without parsing it: what
    a JSON column stores for None (an entry without a payload, a person's own words)."""
    return lambda text: None if text == "null" else read(text)


# Built once, the list of ids expanded as the statement runs.
_ACKNOWLEDGEMENTS_OF = (
    select(Acknowledgement.entry_id, Acknowledgement.person_id, Acknowledgement.acknowledged_at, Person.full_name)
    .join(Person, Person.id == Acknowledgement.person_id)
    .where(Acknowledgement.entry_id.in_(bindparam("entry_ids", expanding=True, required=True)))
    .order_by(Acknowledgement.acknowledged_at, Acknowledgement.id)
)


def add_acknowledgements(db: Session, entries: list[ReadEntry]) -> None:
    """Give entries already read under the access policy their acknowledgements, in one query."""
    if not entries:
        return
    connection = db.connection()
    moment = _moment_reader(connection.dialect)
    by_entry = defaultdict(list)
    for entry_id, person_id, acknowledged_at, name in _fetched(
        connection, _ACKNOWLEDGEMENTS_OF, {"entry_ids": [entry.id for entry in entries]}
    ):
        by_entry[entry_id].append(ReadAcknowledgement(person_id, ReadPerson(person_id, name), moment(acknowledged_at)))
    for entry in entries:
        entry.acknowledgements = by_entry.get(entry.id, [])


@lru_cache(maxsize=8)
def _moment_reader(dialect: Dialect) -> Callable[[Any], datetime]:
    """What reads an acknowledgement's time as the driver gives it (never NULL), as SQLAlchemy would."""
    kind = Acknowledgement.acknowledged_at.type
    return kind.dialect_impl(dialect).result_processor(dialect, None) or (lambda moment: moment)
