"""The changes feed: what changed, in every child's record a person may read, since they last asked.

An agency's system keeps a copy in step by asking for the changes after the cursor it
holds, applying them, and keeping the cursor it was given. ``since`` on the timeline
filters by when something happened, so a back-dated entry or a correction made today
never reaches such a copy; the feed goes by when the change was made instead, in the
order changes committed (:mod:`core.models.changes` says how that order is kept on
PostgreSQL), so a cursor never skips a change and never repeats one.

Each record appears once, as it is now, at the number of its latest change: a new entry,
its correction and its withdrawal reach a client that polls rarely as one item. What a
person may read is the access policy's answer now: a record of a child they no longer
see stops appearing (a copy kept by an agency follows its own retention rules). A case
that retention erased while they could read it is the exception: the feed tells them
once that the child is gone, with nothing of it but its id, so a copy in step drops it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.access import sees_assessment_details, visible_entries, visible_team_records
from core.models import ErasureNotice, Meeting, MeetingAttendee, Person, Plan, TimelineEntry
from core.models.changes import latest_change
from core.records import audit
from core.validation import load

MAX_LIMIT = 500


class ChangesQuery(Schema):
    cursor = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0, max=2**63 - 1),
        metadata={"description": "The next_cursor of the page read last; 0 from the start"},
    )
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=MAX_LIMIT))


@dataclass(frozen=True)
class Change:
    """The latest change of one record: its number and the record as it is now."""

    sequence: int
    record: TimelineEntry | Meeting | Plan | ErasureNotice

    @property
    def kind(self) -> str:
        return _KINDS[type(self.record)]


_KINDS = {TimelineEntry: "entry", Meeting: "meeting", Plan: "plan", ErasureNotice: "child_erased"}


@dataclass(frozen=True)
class ChangesPage:
    """Changes after the cursor asked with, oldest first; ``next_cursor`` is the one to ask with next."""

    changes: list[Change]
    next_cursor: int
    more: bool
    sees_assessment_details: bool


def read_changes(
    db: Session, actor: Person, query: Mapping[str, Any] | None = None, *, child_ids: list[int] | None = None
) -> ChangesPage:
    """The changes after ``cursor`` to the records ``actor`` may read now (audited by child);
    only those of ``child_ids`` when given (a webhook narrowed to some children)."""
    options = load(ChangesQuery(), query or {})
    cursor, limit = options["cursor"], options["limit"]
    # Every change numbered up to ``latest`` has committed (see core.models.changes), so the
    # queries below, each of which may read a later snapshot on PostgreSQL, agree on what
    # they find up to it; anything numbered later waits for the next page.
    latest = latest_change(db)
    found = []
    for statement in (
        visible_entries(actor).options(
            selectinload(TimelineEntry.author), selectinload(TimelineEntry.withdrawn_by),
            selectinload(TimelineEntry.acknowledgements),
        ),
        visible_team_records(actor, Meeting).options(
            selectinload(Meeting.attendees).selectinload(MeetingAttendee.person)
        ),
        visible_team_records(actor, Plan),
        select(ErasureNotice).where(ErasureNotice.person_id == actor.id),
    ):
        model = statement.column_descriptions[0]["entity"]
        window = model.change_sequence > cursor, model.change_sequence <= latest
        if child_ids is not None:
            window += (model.child_id.in_(child_ids),)
        found += db.scalars(statement.where(*window).order_by(model.change_sequence).limit(limit + 1)).unique()
    found.sort(key=lambda record: record.change_sequence)
    page, more = found[:limit], len(found) > limit
    next_cursor = page[-1].change_sequence if more else latest
    _audit(db, actor, page)
    return ChangesPage(
        changes=[Change(sequence=record.change_sequence, record=record) for record in page],
        next_cursor=next_cursor,
        more=more,
        sees_assessment_details=sees_assessment_details(actor),
    )


def _audit(db: Session, actor: Person, records: list) -> None:
    """One event per child whose records were read, naming them by kind, never their content: an
    agency's system keeps a copy, so each read counts as an export in "who viewed"."""
    read: dict[int, dict[str, list[int]]] = {}
    for record in records:
        if isinstance(record, ErasureNotice):
            continue  # says only that a case is gone: nothing of the child is read
        read.setdefault(record.child_id, {}).setdefault(_KINDS[type(record)] + "s", []).append(record.id)
    for child_id, detail in read.items():
        audit.record(db, actor, "changes.exported", child_id=child_id, detail=detail)
