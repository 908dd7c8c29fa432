"""What goes into an evidence bundle, in words: the lead's selection read from the child's
record and put into the sections :mod:`core.documents.bundle_pdf` puts together.

A bundle holds only what the whole team, the family included, reads (entries and documents
shared with the team): the family sees the bundle before it goes to the authority, and
nothing in it may be news to them. Its words are in the bundle's language (the lead's,
who writes to the authority), whoever opens it, so that it reads the same to everyone.
Everything is read in a fixed order (by day, then id), so the same selection gives the
same sections.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from babel import Locale
from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core import timefmt
from core.access import ChildAccess
from core.contributions import PlainSummary
from core.documents import bundle_pages
from core.documents.bundle_pages import Block, Chart, Heading, Paragraph, Table
from core.documents.bundle_pdf import Front, Section
from core.documents.storage import FileStore
from core.models import (
    BundlePurpose,
    Document,
    EntryKind,
    EvidenceBundle,
    Outcome,
    Plan,
    Provision,
    TimelineEntry,
    Visibility,
)
from core.plans import content as plans
from core.plans import progress
from core.site import Site
from core.timeline import chronology
from core.timeline.assessment_templates import parent_summary
from core.wording import N_, Translator, Wording, part, render

PDF = "application/pdf"
PICTURES = frozenset({"image/jpeg", "image/png"})
# What a bundle takes from the child's file: PDFs merged in as they are, photos and scans placed on pages.
BUNDLED = PICTURES | {PDF}

PURPOSES = {
    BundlePurpose.ASSESSMENT_REQUEST: N_("For the request for an Education, Health and Care needs assessment"),
    BundlePurpose.REVIEW: N_("For the review of the child's plan"),
}
_TITLE = N_("Evidence for %(name)s")
_BORN = N_("Born %(day)s")
_PREPARED = N_("Prepared by %(name)s on %(day)s")
_CONTENTS, _SECTION, _PAGE = N_("Contents"), N_("Section"), N_("Page")
_FOOTER = N_("%(name)s · page %(page)s of %(pages)s")
_CHRONOLOGY = N_("Chronology")
_BETWEEN = N_("From %(first)s to %(last)s")
_NOTHING_RECORDED = N_("Nothing recorded in these dates.")
_DATE, _WHAT, _AGENCY, _BY = N_("Date"), N_("What happened"), N_("Agency"), N_("Recorded by")
_PLAN, _NO_PLAN = N_("The plan"), N_("There is no plan yet.")
_TARGETS, _STRATEGIES, _SUPPORT = N_("Targets"), N_("Strategies"), N_("Support")
_READING, _NO_READINGS = N_("Reading"), N_("No readings yet")
_LEGEND = N_("- - - expected progress from the starting point to the target · ■ readings")
_NEXT_REVIEW = N_("The plan will be reviewed by %(day)s.")
_ASSESSMENTS = N_("Assessments")
_ASSESSED = N_("%(day)s, %(agency)s, %(person)s")
_MEASURED, _FOUND, _NEXT = N_("What was looked at"), N_("What was found"), N_("What happens next")
_NO_SUMMARY = N_("No summary can be shown of this form.")


@dataclass(frozen=True)
class Contents:
    front: Front
    sections: list[Section]


def gather(db: Session, access: ChildAccess, bundle: EvidenceBundle, *, site: Site, store: FileStore) -> Contents:
    """The bundle's front page and sections, read as its lead chose them."""
    reader = site.reader(bundle.language)
    child = access.child
    made = bundle.requested_at
    right_to_left = Locale.parse(reader.locale).character_order == "right-to-left"
    sections = []
    chosen = bundle.selection
    if chosen.get("chronology") is not None:
        blocks = _chronology(db, access, chosen["chronology"], reader, site)
        sections.append(_generated(_CHRONOLOGY, blocks, made, reader, right_to_left))
    if chosen.get("plan"):
        sections.append(_generated(_PLAN, _plan(db, access, reader, site), made, reader, right_to_left))
    if chosen.get("assessments"):
        blocks = _assessments(db, access, chosen["assessments"], reader, site)
        sections.append(_generated(_ASSESSMENTS, blocks, made, reader, right_to_left))
    sections += [
        _document(document, store, made, right_to_left)
        for document in documents(db, access, chosen.get("documents", []))
    ]
    front = Front(
        title=_say(reader, _TITLE, name=child.full_name),
        lines=[
            reader.gettext(None, PURPOSES[bundle.purpose]),
            _say(reader, _BORN, day=timefmt.day(child.date_of_birth, "UTC", reader.locale)),
            _say(
                reader,
                _PREPARED,
                name=bundle.requested_by.full_name,
                day=timefmt.day(bundle.requested_at, reader.zone, reader.locale),
            ),
        ],
        contents=reader.gettext(None, _CONTENTS),
        columns=(reader.gettext(None, _SECTION), reader.gettext(None, _PAGE)),
        footer=lambda page, pages: _say(reader, _FOOTER, name=child.full_name, page=page, pages=pages),
        right_to_left=right_to_left,
    )
    return Contents(front, sections)


def shared_entries(access: ChildAccess):
    """SQL condition on :class:`TimelineEntry`: the child's entries the whole team reads, standing."""
    return (
        (TimelineEntry.child_id == access.child.id)
        & (TimelineEntry.visibility == Visibility.TEAM)
        & TimelineEntry.withdrawn_at.is_(None)
        & access.entry_filter()
    )


def assessments(db: Session, access: ChildAccess, entry_ids: Sequence[int] | None = None) -> list[TimelineEntry]:
    """The assessments a bundle may hold (those of ``entry_ids`` when given), oldest first."""
    statement = select(TimelineEntry).where(shared_entries(access), TimelineEntry.kind == EntryKind.ASSESSMENT)
    if entry_ids is not None:
        statement = statement.where(TimelineEntry.id.in_(entry_ids))
    return list(
        db.scalars(
            statement.options(selectinload(TimelineEntry.author)).order_by(TimelineEntry.occurred_at, TimelineEntry.id)
        )
    )


def documents(db: Session, access: ChildAccess, document_ids: Sequence[int] | None = None) -> list[Document]:
    """The documents a bundle may hold (those of ``document_ids`` when given): shared with the
    whole team, their newest version a PDF or a picture; by the day they are about."""
    statement = select(Document).where(
        Document.child_id == access.child.id, Document.visibility == Visibility.TEAM, access.document_filter()
    )
    if document_ids is not None:
        statement = statement.where(Document.id.in_(document_ids))
    found = db.scalars(statement.options(selectinload(Document.versions)).order_by(Document.about_on, Document.id))
    return [document for document in found if document.current.media_type in BUNDLED]


def _generated(heading: str, blocks: list[Block], made: datetime, reader: Translator, right_to_left: bool) -> Section:
    title = reader.gettext(None, heading)
    return Section(title, bundle_pages.draw([Heading(title), *blocks], made, right_to_left=right_to_left))


def _document(document: Document, store: FileStore, made: datetime, right_to_left: bool) -> Section:
    with store.open(document.current.sha256) as file:
        content = file.read()
    if document.current.media_type == PDF:
        return Section(document.title, content)
    picture = bundle_pages.image_page(document.title, content, made, right_to_left=right_to_left)
    return Section(document.title, picture)


def _chronology(db: Session, access: ChildAccess, days: dict, reader: Translator, site: Site) -> list[Block]:
    since, until = (date.fromisoformat(days[key]) if days.get(key) else None for key in ("since", "until"))
    statement = select(TimelineEntry).where(shared_entries(access))
    if since:
        statement = statement.where(TimelineEntry.occurred_at >= datetime.combine(since, time(), UTC))
    if until:
        statement = statement.where(
            TimelineEntry.occurred_at < datetime.combine(until + timedelta(days=1), time(), UTC)
        )
    entries = list(
        db.scalars(
            statement.options(selectinload(TimelineEntry.author), selectinload(TimelineEntry.withdrawn_by)).order_by(
                TimelineEntry.occurred_at, TimelineEntry.id
            )
        )
    )
    blocks: list[Block] = []
    if since and until:
        blocks.append(Paragraph(_say(reader, _BETWEEN, first=_day(since, reader), last=_day(until, reader))))
    if not entries:
        return [*blocks, Paragraph(reader.gettext(None, _NOTHING_RECORDED))]
    found = chronology.Chronology(access.child, since, until, entries)
    # The kind of entry is left out: its title says what happened, and four columns fit a page.
    rows = [
        [f"{day}\n{clock}", f"{title}\n{details}".strip(), agency, author]
        for day, clock, title, details, _, agency, author, _ in chronology.rows(
            found, reader, _agency_names(site, reader), {}
        )
    ]
    columns = [reader.gettext(None, column) for column in (_DATE, _WHAT, _AGENCY, _BY)]
    return [*blocks, Table(columns=columns, rows=rows, widths=(3, 7, 3, 3))]


def _plan(db: Session, access: ChildAccess, reader: Translator, site: Site) -> list[Block]:
    plan = db.scalar(
        select(Plan)
        .where(Plan.child_id == access.child.id, Plan.ended_at.is_(None))
        .options(
            selectinload(Plan.outcomes).selectinload(Outcome.readings),
            selectinload(Plan.strategies),
            selectinload(Plan.provision).joinedload(Provision.person),
            selectinload(Plan.reviews),
        )
    )
    if plan is None:
        return [Paragraph(reader.gettext(None, _NO_PLAN))]
    blocks: list[Block] = []
    if plan.current_outcomes:
        blocks.append(Heading(reader.gettext(None, _TARGETS), level=2))
    for outcome in sorted(plan.current_outcomes, key=lambda outcome: outcome.id):
        blocks += _outcome(progress.progress_of(outcome), reader)
    if plan.current_strategies:
        blocks.append(Heading(reader.gettext(None, _STRATEGIES), level=2))
        strategies = plans.in_reading_order(plan.current_strategies, for_parent=False)
        blocks += [Paragraph("• " + render(plans.describe_strategy(strategy), reader)) for strategy in strategies]
    if plan.current_provision:
        blocks.append(Heading(reader.gettext(None, _SUPPORT), level=2))
        provision = sorted(plan.current_provision, key=lambda item: item.id)
        blocks += [Paragraph("• " + render(plans.describe_provision(item, site), reader)) for item in provision]
    if plan.pending_review is not None:
        blocks.append(Paragraph(_say(reader, _NEXT_REVIEW, day=_day(plan.pending_review.due_on, reader))))
    return blocks


def _outcome(found: progress.OutcomeProgress, reader: Translator) -> list[Block]:
    outcome = found.outcome
    readings = sorted(found.readings, key=lambda reading: (reading.taken_on, reading.id))
    points = [(reading.taken_on, reading.value) for reading in readings]
    days = [outcome.baseline_on, outcome.target_on, *(day for day, _ in points)]
    rows = [[_day(day, reader), f"{value:g} {outcome.unit}"] for day, value in points]
    return [
        Chart(
            title=render(plans.describe_outcome(outcome), reader),
            baseline=(outcome.baseline_on, outcome.baseline_value),
            target=(outcome.target_on, outcome.target_value),
            readings=points,
            first_label=format_date(min(days), "MMM y", locale=reader.locale),
            last_label=format_date(max(days), "MMM y", locale=reader.locale),
            legend=reader.gettext(None, _LEGEND),
        ),
        Table(
            columns=[reader.gettext(None, _DATE), reader.gettext(None, _READING)],
            rows=rows or [[reader.gettext(None, _NO_READINGS), ""]],
            widths=(1, 1),
        ),
    ]


def _assessments(db: Session, access: ChildAccess, entry_ids: list[int], reader: Translator, site: Site) -> list[Block]:
    blocks: list[Block] = []
    names = _agency_names(site, reader)
    for entry in assessments(db, access, entry_ids):
        form = site.host.assessment_types.get(entry.payload_schema or "")
        summary = parent_summary(entry, form, _OfPlugin(reader, site.host.domain_of(form.agency) if form else None))
        blocks.append(Heading(part(entry.wording, "title", entry.title, reader), level=2))
        when = timefmt.day(entry.occurred_at, reader.zone, reader.locale)
        agency = names.get(entry.agency or "", entry.agency or "")
        blocks.append(Paragraph(_say(reader, _ASSESSED, day=when, agency=agency, person=entry.author.full_name)))
        blocks += _summary(summary, reader)
    return blocks


def _summary(summary: PlainSummary | None, reader: Translator) -> list[Block]:
    if summary is None:
        return [Paragraph(reader.gettext(None, _NO_SUMMARY))]
    return [
        Paragraph(f"{reader.gettext(None, heading)}: {said}")
        for heading, said in ((_MEASURED, summary.measured), (_FOUND, summary.found), (_NEXT, summary.next_steps))
    ]


@dataclass(frozen=True)
class _OfPlugin:
    """The bundle's reader, for the words a form's plugin generated (its summary)."""

    reader: Translator
    plugin: str | None

    @property
    def locale(self) -> str:
        return self.reader.locale

    @property
    def zone(self) -> str:
        return self.reader.zone

    def gettext(self, domain, message):
        return self.reader.gettext(domain, message)

    def ngettext(self, domain, singular, plural, n):
        return self.reader.ngettext(domain, singular, plural, n)


def _agency_names(site: Site, reader: Translator) -> dict[str, str]:
    return {code: reader.gettext(site.host.domain_of(code), agency.name) for code, agency in site.host.agencies.items()}


def _day(value: date, reader: Translator) -> str:
    return timefmt.day(value, "UTC", reader.locale)


def _say(reader: Translator, message: str, **values) -> str:
    return render(Wording(message, values), reader)
