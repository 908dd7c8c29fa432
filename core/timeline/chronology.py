"""A child's chronology: the timeline as a dated list of significant events, oldest first,
as social care and health keep them, for an EHCP request or a review.

Like every read, it shows only the entries the person may see, and it is audited
as an export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core import timefmt
from core.access import child_access
from core.models import Child, EntryKind, TimelineEntry
from core.records import audit
from core.time_bounds import clamp_happened
from core.validation import load
from core.wording import N_, Translator, Wording, part, render

COLUMNS = (
    N_("Date"),
    N_("Time"),
    N_("What happened"),
    N_("Details"),
    N_("Kind"),
    N_("Agency"),
    N_("Recorded by"),
    N_("Recorded on"),
)
_FAMILY = N_("Family")
_WITHDRAWN = N_("Withdrawn by %(person)s on %(day)s")


class ChronologyQuery(Schema):
    since = fields.Date(load_default=None, allow_none=True)
    until = fields.Date(load_default=None, allow_none=True)

    @validates_schema
    def in_order(self, data, **_):
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise ValidationError("The last day comes after the first.", "until")

    @post_load
    def within_plausible_days(self, data, **_):
        return data | {"since": clamp_happened(data["since"]), "until": clamp_happened(data["until"])}


@dataclass(frozen=True)
class Chronology:
    child: Child
    since: date | None
    until: date | None
    entries: list[TimelineEntry]


def chronology(db: Session, actor, child_id: int, query: Mapping[str, Any] | None = None) -> Chronology:
    """The entries ``actor`` may see, between two days if given, oldest first."""
    access = child_access(db, actor, child_id)
    options = load(ChronologyQuery(), query or {})
    statement = select(TimelineEntry).where(TimelineEntry.child_id == child_id, access.entry_filter())
    if options["since"]:
        statement = statement.where(TimelineEntry.occurred_at >= datetime.combine(options["since"], time(), UTC))
    if options["until"]:
        end = datetime.combine(options["until"] + timedelta(days=1), time(), UTC)
        statement = statement.where(TimelineEntry.occurred_at < end)
    entries = db.scalars(
        statement.options(selectinload(TimelineEntry.author), selectinload(TimelineEntry.withdrawn_by))
        .order_by(TimelineEntry.occurred_at, TimelineEntry.id)
    ).all()
    audit.record(
        db,
        actor,
        "chronology.exported",
        child_id=child_id,
        detail={"since": str(options["since"] or ""), "until": str(options["until"] or ""), "entries": len(entries)},
    )
    return Chronology(access.child, options["since"], options["until"], list(entries))


def rows(
    found: Chronology, reader: Translator, agency_names: Mapping[str, str], kind_words: Mapping[EntryKind, str]
) -> Iterator[list[str]]:
    """Each entry's cells, in ``reader``'s language: ``agency_names`` and ``kind_words`` name
    agencies and kinds of entry in it, as the pages do."""
    for entry in found.entries:
        withdrawn = entry.withdrawn_at is not None
        yield [
            timefmt.day(entry.occurred_at, reader.zone, reader.locale),
            timefmt.clock(entry.occurred_at, reader.zone, reader.locale),
            _withdrawn_words(entry, reader) if withdrawn else part(entry.wording, "title", entry.title, reader),
            "" if withdrawn else part(entry.wording, "body", entry.body, reader),
            kind_words.get(entry.kind, entry.kind.value),
            agency_names.get(entry.agency, entry.agency) if entry.agency else reader.gettext(None, _FAMILY),
            entry.author.full_name,
            timefmt.when(entry.posted_at, reader.zone, reader.locale),
        ]


def _withdrawn_words(entry: TimelineEntry, reader: Translator) -> str:
    """Where a withdrawn entry stood: who withdrew it and when, never what it said."""
    withdrawn_on = timefmt.day(entry.withdrawn_at, reader.zone, reader.locale)
    return render(Wording(_WITHDRAWN, {"person": entry.withdrawn_by.full_name, "day": withdrawn_on}), reader)


def as_csv(
    found: Chronology, reader: Translator, agency_names: Mapping[str, str], kind_words: Mapping[EntryKind, str]
) -> str:
    """CSV for a spreadsheet, in ``reader``'s language; cells that a spreadsheet would run as a formula are defused."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([reader.gettext(None, column) for column in COLUMNS])
    for row in rows(found, reader, agency_names, kind_words):
        writer.writerow([_defuse(cell) for cell in row])
    return out.getvalue()


def _defuse(cell: str) -> str:
    # OWASP "CSV injection": a leading =, +, -, @, tab or return makes Excel evaluate it.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
