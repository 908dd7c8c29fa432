"""A page of the timeline as it is read: each entry's values, not a mapped object.

A page shows fifty entries, with their authors and who has seen each, and changes none of
them. Loaded as mapped objects (the ORM's identity map, attribute instrumentation, each
acknowledgement collection set up and committed), they cost more than the page's SQL;
read as rows into plain values, the same data costs a fraction, and so does reading
each attribute again as the page is written. The values keep the names of
:class:`TimelineEntry`'s attributes, so what reads an entry (the page, the API, the plugins'
renderers) reads either. What reads them is given the entries under the access policy
already (:func:`core.timeline.entries.read_timeline`): nothing here decides who reads what.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core.models import Acknowledgement, EntryKind, Person, TimelineEntry, Visibility
from core.models.timeline import Withdrawal


@dataclass(slots=True, eq=False)
class ReadEntry:
    """A timeline entry as read for a page: :class:`TimelineEntry`'s columns under their names,
    the people it names and its acknowledgements (the API and the page read these alone)."""

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
    author: Person | None = None
    withdrawn_by: Person | None = None
    acknowledgements: list[ReadAcknowledgement] | tuple = ()

    @property
    def withdrawal(self) -> Withdrawal | None:
        """Who withdrew the entry and when; None while it stands."""
        return None if self.withdrawn_at is None else Withdrawal(by=self.withdrawn_by, at=self.withdrawn_at)


@dataclass(frozen=True, slots=True)
class ReadAcknowledgement:
    """Someone's "seen it" on an entry of the page, oldest first."""

    person_id: int
    person: Person
    acknowledged_at: datetime


_TABLE = TimelineEntry.__table__
COLUMNS = tuple(_TABLE.c[field.name] for field in fields(ReadEntry) if field.name in _TABLE.c)
"""What a page's statement selects of each entry (core.timeline.entries), in ReadEntry's order."""

# Built once, the lists of ids expanded as each statement runs.
_ACKNOWLEDGEMENTS_OF = (
    select(Acknowledgement.entry_id, Acknowledgement.person_id, Acknowledgement.acknowledged_at)
    .where(Acknowledgement.entry_id.in_(bindparam("entry_ids", expanding=True, required=True)))
    .order_by(Acknowledgement.acknowledged_at, Acknowledgement.id)
)
_PEOPLE = select(Person).where(Person.id.in_(bindparam("person_ids", expanding=True, required=True)))


def read_entries(rows) -> list[ReadEntry]:
    """The entries of a page's statement's rows (selected as :data:`COLUMNS`)."""
    return [ReadEntry(*row) for row in rows]


def fill_in(db: Session, entries: list[ReadEntry]) -> None:
    """Give entries already read under the access policy their acknowledgements, in one query,
    and the people the page names (who wrote, withdrew or has seen each), in one more."""
    if not entries:
        return
    seen = db.execute(_ACKNOWLEDGEMENTS_OF, {"entry_ids": [entry.id for entry in entries]}).all()
    named = {entry.author_id for entry in entries} | {person_id for _, person_id, _ in seen}
    named |= {entry.withdrawn_by_id for entry in entries if entry.withdrawn_by_id is not None}
    people = {person.id: person for person in db.scalars(_PEOPLE, {"person_ids": list(named)})}
    by_entry = defaultdict(list)
    for entry_id, person_id, acknowledged_at in seen:
        by_entry[entry_id].append(ReadAcknowledgement(person_id, people[person_id], acknowledged_at))
    for entry in entries:
        entry.author = people[entry.author_id]
        entry.acknowledgements = by_entry.get(entry.id, [])
        if entry.withdrawn_by_id is not None:
            entry.withdrawn_by = people[entry.withdrawn_by_id]
