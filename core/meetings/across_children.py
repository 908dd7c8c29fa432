"""A person's meetings across all the children whose teams they are in: one list for an
agency's diary or a parent with two children, paged by keyset (soonest first)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate
from sqlalchemy import and_, or_
from sqlalchemy.orm import Session, selectinload

from core.access import visible_team_records
from core.models import Meeting, MeetingAttendee, Person
from core.records import audit
from core.time_bounds import clamp_moment
from core.validation import load


class MeetingsQuery(Schema):
    since = fields.AwareDateTime(
        load_default=None, metadata={"description": "Only meetings ending at or after this moment"}
    )
    after = fields.String(
        load_default=None,
        validate=validate.Length(max=60),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))

    @post_load
    def read_cursor(self, values, **_):
        if values["since"] is not None:
            values["since"] = clamp_moment(values["since"])
        if values["after"] is not None:
            starts_at, _, meeting_id = values["after"].rpartition("|")
            try:
                values["after"] = (clamp_moment(datetime.fromisoformat(starts_at)), int(meeting_id))
            except (ValueError, TypeError):
                raise ValidationError("Send the next_cursor you were given.", "after") from None
        return values


@dataclass(frozen=True)
class MeetingsPage:
    meetings: list[Meeting]
    next_cursor: str | None


def meetings_page(db: Session, actor: Person, query: Mapping[str, Any]) -> MeetingsPage:
    """The meetings of every child ``actor`` may see, soonest first (audited per child)."""
    options = load(MeetingsQuery(), query)
    statement = (
        visible_team_records(actor, Meeting)
        .options(selectinload(Meeting.attendees).selectinload(MeetingAttendee.person))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(options["limit"] + 1)
    )
    if options["since"] is not None:
        statement = statement.where(Meeting.ends_at >= options["since"])
    if options["after"] is not None:
        starts_at, meeting_id = options["after"]
        statement = statement.where(
            or_(Meeting.starts_at > starts_at, and_(Meeting.starts_at == starts_at, Meeting.id > meeting_id))
        )
    found = list(db.scalars(statement).unique())
    page, more = found[: options["limit"]], len(found) > options["limit"]
    for child_id in sorted({meeting.child_id for meeting in page}):
        audit.record(db, actor, "meetings.viewed", child_id=child_id)
    last = page[-1] if more else None
    return MeetingsPage(page, f"{last.starts_at.isoformat()}|{last.id}" if last else None)
