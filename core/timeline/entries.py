"""The shared timeline: posting, acknowledging and reading a child's entries."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select, tuple_
from sqlalchemy.orm import Session

from core.access import (
    POSTED_BY_HAND,
    Action,
    ChildAccess,
    EntryReader,
    child_access,
    readable_entries,
    readers_of,
    record_access,
)
from core.contributions import PlainSummary
from core.errors import Conflict, DoesNotFit, Forbidden, InvalidInput, NotFound, StaleVersion
from core.messaging import notifications
from core.models import Acknowledgement, EntryKind, Person, TimelineEntry, Visibility
from core.plugins import PluginHost
from core.records import audit
from core.schemas import AssessmentInput, EntryEditInput, EntryInput, TimelineQuery
from core.site import Site
from core.timeline import reading, together
from core.timeline.assessment_templates import read_summary
from core.timeline.reading import ReadEntry
from core.timeline.together import TimelineItem
from core.types import LARGEST_ID, UTCDateTime, utcnow
from core.validation import load
from core.wording import English, Translator, Wording, english


@dataclass(frozen=True)
class TimelinePage:
    access: ChildAccess
    entries: list[ReadEntry]  # plain values, see core.timeline.reading
    next_cursor: str | None

    @property
    def items(self) -> list[TimelineItem]:
        """The entries as a reader sees them: changes made together as one item."""
        return together.items(self.entries)


def post_entry(
    db: Session, actor: Person, child_id: int, data: Mapping[str, Any], *, host: PluginHost, zone: str | None = None
) -> TimelineEntry:
    """Post an update, home observation, message or document to a child's timeline; ``zone``
    (the school's) reads a time typed without its offset."""
    access = child_access(db, actor, child_id)
    values = load(EntryInput(zone=zone), data)
    kind = values["kind"].value.replace("_", " ")
    if values["kind"] not in POSTED_BY_HAND:
        raise InvalidInput({"kind": [f"A {kind} entry is added by Teamaround itself."]})
    if not access.may_post(values["kind"]):
        raise Forbidden(f"{actor.display_name} may not post a {kind} here")
    if (reply_to := values.pop("reply_to")) is not None:
        if values["kind"] is not EntryKind.MESSAGE:
            raise InvalidInput({"kind": ["Only a message answers a message."]})
        thread = _thread_start(db, access, reply_to)
        values.update(reply_to_id=thread.id, visibility=thread.visibility)
    return _add_entry(db, access, host=host, zone=zone, **values)


def _thread_start(db: Session, access: ChildAccess, entry_id: int) -> TimelineEntry:
    """The message a reply answers: one this person can read, in the same child's timeline."""
    message = db.scalar(
        select(TimelineEntry).where(
            TimelineEntry.id == entry_id,
            TimelineEntry.child_id == access.child.id,
            TimelineEntry.kind == EntryKind.MESSAGE,
            access.entry_filter(),
        )
    )
    if message is None:
        raise DoesNotFit({"reply_to": ["No such message in this child's timeline."]})
    thread = message.reply_to if message.reply_to_id else message
    if message.withdrawn_at is not None or thread.withdrawn_at is not None:
        raise InvalidInput({"reply_to": ["This message was withdrawn: start a new one instead."]})
    return thread


@dataclass(frozen=True)
class ReadReceipts:
    """Who has acknowledged an entry, and who of those who can read it has not yet."""

    read: list[Acknowledgement]
    not_yet: list[Person]


def read_receipts(db: Session, actor: Person, entry_id: int) -> ReadReceipts:
    """For an entry's author and the lead professional: who has read it, and who not yet."""
    access, entry = _readable_entry(db, actor, entry_id)
    if not access.may_see_receipts(entry):
        raise Forbidden("only the person who posted it and the lead professional see who has read it")
    audit.record(db, actor, "entry.receipts_viewed", child_id=entry.child_id, subject=f"entry:{entry.id}")
    readers = db.scalars(readers_of(entry).order_by(Person.full_name)).all()
    read = sorted(entry.acknowledgements, key=lambda ack: ack.acknowledged_at)
    seen = {ack.person_id for ack in read} | {entry.author_id}
    return ReadReceipts(read=read, not_yet=[person for person in readers if person.id not in seen])


def post_assessment(
    db: Session,
    actor: Person,
    child_id: int,
    data: Mapping[str, Any],
    *,
    host: PluginHost,
    zone: str | None = None,
    reader: Translator | None = None,
) -> TimelineEntry:
    """Record an agency's assessment, validated by the schema its plugin registered; ``zone``
    (the school's) reads a time typed without its offset.

    A parent summary sent back as the plugin generated it, in ``reader``'s language (the one
    its author read it in), is not kept as edited: it goes on following the plugin and its
    translations.
    """
    access, values, assessment_type, payload = _checked_assessment(db, actor, child_id, data, host, zone)
    generated = asdict(read_summary(assessment_type.summarise(payload, assessment_type.version), reader or English()))
    edited = values["parent_summary"] if values["parent_summary"] not in (None, generated) else None
    return _add_entry(
        db,
        access,
        host=host,
        zone=zone,
        kind=EntryKind.ASSESSMENT,
        # A form's own title is the plugin's words, read in each reader's language; a typed one stays typed.
        title=values["title"] or assessment_type.title,
        wording=None if values["title"] else {"title": _plugin_title(assessment_type, host)},
        body=values["body"],
        occurred_at=values["occurred_at"],
        visibility=values["visibility"],
        payload=payload,
        payload_schema=assessment_type.key,
        payload_version=assessment_type.version,
        parent_summary=edited,
    )


def preview_summary(
    db: Session,
    actor: Person,
    child_id: int,
    data: Mapping[str, Any],
    *,
    host: PluginHost,
    zone: str | None = None,
    reader: Translator | None = None,
) -> PlainSummary:
    """What the family will read of an assessment not yet saved: the summary its answers
    generate (in ``reader``'s language), or the one its author edited; the answers are
    checked as saving checks them."""
    _access, values, assessment_type, payload = _checked_assessment(db, actor, child_id, data, host, zone)
    if values["parent_summary"] is not None:
        return PlainSummary(**values["parent_summary"])
    return read_summary(assessment_type.summarise(payload, assessment_type.version), reader or English())


def _checked_assessment(db, actor, child_id, data, host, zone):
    access = child_access(db, actor, child_id)
    access.require(Action.POST_ASSESSMENT)
    values = load(AssessmentInput(zone=zone), data)
    assessment_type = host.assessment_types.get(values["assessment_type"])
    if assessment_type is None:
        raise InvalidInput({"assessment_type": ["No such assessment type."]})
    if not access.may_record(assessment_type):
        raise Forbidden(f"{assessment_type.title} is recorded by the {assessment_type.agency} agency")
    return access, values, assessment_type, _load_payload(assessment_type, values["payload"])


def _plugin_title(assessment_type, host: PluginHost) -> dict:
    return Wording(assessment_type.title, domain=host.domain_of(assessment_type.agency)).as_json()


def record_system_entry(
    db: Session,
    access: ChildAccess,
    *,
    site: Site,
    kind: EntryKind,
    title: Wording | str,
    body: Wording | str = "",
    **values,
) -> TimelineEntry:
    """Add an entry on behalf of another service (a meeting, a plan change).

    The system's own words are kept as :class:`Wording`, to be read in each reader's
    language; the ``title`` and ``body`` columns keep them in English for what reads the
    row as it is (the audit trail, a subject access export). A plain string is what a
    person typed (an action's text) and stays as it is.
    """
    parts = {name: part for name, part in (("title", title), ("body", body)) if isinstance(part, Wording)}
    return _add_entry(
        db,
        access,
        host=site.host,
        zone=site.zone,
        kind=kind,
        title=_plain(title, site),
        body=_plain(body, site),
        wording={name: part.as_json() for name, part in parts.items()} or None,
        **values,
    )


def _plain(text: Wording | str, site: Site) -> str:
    return english(text, site.zone) if isinstance(text, Wording) else text


def _load_payload(assessment_type, payload):
    schema = assessment_type.schema_for(assessment_type.version)
    try:
        loaded = load(schema, payload)
    except InvalidInput as error:
        raise InvalidInput({f"payload.{field}": reasons for field, reasons in error.errors.items()}) from None
    # Stored as JSON: keep what the schema would write back out.
    return schema.dump(loaded)


def announce_document(
    db: Session, access: ChildAccess, *, host: PluginHost, title: str, visibility: Visibility, agency: str | None,
    occurred_at: datetime, document_id: int,
) -> TimelineEntry:
    """The entry telling the team a document was added to the child's file (core.documents),
    read by exactly those who read the document: ``agency`` is the one it is shared with."""
    return _add_entry(
        db, access, host=host, zone=None, kind=EntryKind.DOCUMENT, title=title, visibility=visibility,
        occurred_at=occurred_at, agency=agency, document_id=document_id, as_shared=True,
    )


def _add_entry(
    db, access: ChildAccess, *, host: PluginHost, zone: str | None, visibility=Visibility.TEAM, occurred_at=None,
    as_shared=False, **values,
):
    """``as_shared``: the visibility was decided by the record the entry tells of (a document), not posted.
    ``zone``: the school's, for what reacts to the entry (see the ``timeline_entry_posted`` hook)."""
    if not as_shared and visibility not in access.allowed_visibilities():
        raise InvalidInput({"visibility": ["Entries from parents and carers are shared with the whole team."]})
    now = utcnow()
    values.setdefault("agency", access.agency)
    entry = TimelineEntry(
        child_id=access.child.id,
        author_id=access.person.id,
        visibility=visibility,
        occurred_at=occurred_at or now,
        posted_at=now,
        **values,
    )
    db.add(entry)
    db.flush()
    audit.record(
        db,
        access.person,
        "entry.posted",
        child_id=entry.child_id,
        subject=f"entry:{entry.id}",
        detail={"kind": entry.kind.value, "visibility": entry.visibility.value},
    )
    host.hook.timeline_entry_posted(entry=entry, db=db, zone=zone)
    return entry


def get_entry(db: Session, actor: Person, entry_id: int) -> tuple[ChildAccess, TimelineEntry]:
    """One entry, if ``actor`` may read it (audited); otherwise :class:`NotFound`."""
    access, entry = _readable_entry(db, actor, entry_id)
    audit.record(db, actor, "entry.viewed", child_id=entry.child_id, subject=f"entry:{entry.id}")
    return access, entry


def _readable_entry(db: Session, actor: Person, entry_id: int) -> tuple[ChildAccess, TimelineEntry]:
    """The entry and its child's access, for services that audit what they do with it."""
    child_id = db.scalar(select(TimelineEntry.child_id).where(TimelineEntry.id == entry_id))
    access = record_access(db, actor, child_id, f"entry {entry_id}")
    entry = db.scalar(select(TimelineEntry).where(TimelineEntry.id == entry_id, access.entry_filter()))
    if entry is None:
        raise NotFound(f"entry {entry_id}")
    return access, entry


def acknowledge(db: Session, actor: Person, entry_id: int) -> Acknowledgement:
    """Mark an entry as seen by ``actor``, with the changes made together with it (one item
    on the timeline, so seen once); acknowledging twice keeps the first time."""
    access, entry = _readable_entry(db, actor, entry_id)
    if not access.may_acknowledge(entry):
        raise Forbidden("the person who posted an entry has seen it, and a closed case takes no acknowledgements")
    for companion in together.companions(db, access, entry):
        if access.may_acknowledge(companion):
            _acknowledge_one(db, actor, companion)
    return _acknowledge_one(db, actor, entry)


def _acknowledge_one(db: Session, actor: Person, entry: TimelineEntry) -> Acknowledgement:
    existing = db.scalar(
        select(Acknowledgement).where(Acknowledgement.entry_id == entry.id, Acknowledgement.person_id == actor.id)
    )
    if existing is not None:
        return existing
    acknowledgement = Acknowledgement(entry=entry, person=actor)
    db.add(acknowledgement)
    db.flush()
    audit.record(db, actor, "entry.acknowledged", child_id=entry.child_id, subject=f"entry:{entry.id}")
    return acknowledgement


def read_timeline(db: Session, actor: Person, child_id: int, query: Mapping[str, Any] | None = None) -> TimelinePage:
    """A page of a child's timeline, newest first by when things happened.

    Pages are cut by keyset (occurred_at, id) rather than OFFSET, so a page costs the
    same at entry 10 and at entry 100,000, and an entry posted while someone pages
    is neither skipped nor shown twice.
    """
    access = child_access(db, actor, child_id)
    options = _page_options(query or {})
    values = access.reader_parameters() | {"child_id": child_id, "rows": options["limit"] + 1}
    if options["kinds"]:
        values["kinds"] = options["kinds"]
    if options["agencies"]:
        values["agencies"] = options["agencies"]
    if options["since"]:
        values["since"] = _start_of(options["since"])
    if options["until"]:
        values["until"] = _start_of(options["until"] + timedelta(days=1))
    if options["cursor"]:
        values["cursor_at"], values["cursor_id"] = decode_cursor(options["cursor"])
    statement = _page_statement(access.reader, frozenset(values) & _PAGE_FILTERS)
    rows = reading.read_entries(db, statement, values)
    entries, more = rows[: options["limit"]], len(rows) > options["limit"]
    if more and together.made_together(entries[-1], rows[-1]):
        entries, more = _finish_the_last_item(db, access.reader, values, entries)
    reading.add_acknowledgements(db, entries)
    _record_read(db, actor, child_id, [entry.id for entry in entries])
    next_cursor = encode_cursor(entries[-1]) if more else None
    return TimelinePage(access=access, entries=entries, next_cursor=next_cursor)


def read_timeline_again(db: Session, actor: Person, child_id: int, entry_ids: list[int]) -> None:
    """A page of the timeline shown again as :func:`read_timeline` read it, while none of its
    records has changed (webui.kept_pages): audited as that read was, with the same entries,
    which the read receipts count on. The access it was read with stands, as the records
    that decide it (:func:`core.access.child_access`) do."""
    _record_read(db, actor, child_id, entry_ids)


def _record_read(db: Session, actor: Person, child_id: int, entry_ids: list[int]) -> None:
    audit.record(db, actor, "timeline.viewed", child_id=child_id, detail={"entries": entry_ids})


def _page_options(query: Mapping[str, Any]) -> dict[str, Any]:
    """``query`` checked by :class:`TimelineQuery`. Most pages read ask for nothing (the first
    page, unfiltered): theirs are the defaults, worked out once, for checking them cost as
    much as reading the page's acknowledgements."""
    if query.keys() <= _NOTHING_ASKED_OF and all(value is None or value == [] for value in query.values()):
        return dict(_defaults())
    return load(TimelineQuery(), query)


_NOTHING_ASKED_OF = frozenset({"cursor", "kinds", "agencies", "since", "until"})  # when None or []


@cache
def _defaults() -> dict[str, Any]:
    """The options of a query asking nothing: the same for every reader, every time (no day to
    clamp, no cursor), so kept once; nothing reading a page changes them."""
    return load(TimelineQuery(), {})


def _finish_the_last_item(
    db: Session, reader: EntryReader, values: dict[str, Any], entries: list[ReadEntry]
) -> tuple[list[ReadEntry], bool]:
    """Read on past the page's end to the last of the changes made together with its last
    entry, so that no item is cut in two; and whether entries are left after them."""
    last = entries[-1]
    values = values | {"cursor_at": last.occurred_at, "cursor_id": last.id, "rows": together.LONGEST_BURST + 1}
    following = reading.read_entries(db, _page_statement(reader, frozenset(values) & _PAGE_FILTERS), values)
    rest = 0
    while rest < min(len(following), together.LONGEST_BURST) and together.made_together(last, following[rest]):
        rest += 1
    return entries + following[:rest], len(following) > rest


_PAGE_FILTERS = frozenset({"kinds", "agencies", "since", "until", "cursor_at"})


@cache
def _page_statement(reader: EntryReader, filters: frozenset[str]) -> Select:
    """The statement for one shape of page (whose reader, which filters), built once:
    the values come as parameters."""
    statement = reading.select_entries().where(
        TimelineEntry.child_id == bindparam("child_id", required=True), readable_entries(reader)
    )
    if "kinds" in filters:
        statement = statement.where(TimelineEntry.kind.in_(bindparam("kinds", expanding=True, required=True)))
    if "agencies" in filters:
        statement = statement.where(TimelineEntry.agency.in_(bindparam("agencies", expanding=True, required=True)))
    if "since" in filters:
        statement = statement.where(TimelineEntry.occurred_at >= _time_parameter("since"))
    if "until" in filters:
        statement = statement.where(TimelineEntry.occurred_at < _time_parameter("until"))
    if "cursor_at" in filters:
        # A row-value comparison, which both databases answer from the index.
        statement = statement.where(
            tuple_(TimelineEntry.occurred_at, TimelineEntry.id)
            < tuple_(_time_parameter("cursor_at"), bindparam("cursor_id", required=True))
        )
    order = (TimelineEntry.occurred_at.desc(), TimelineEntry.id.desc())
    return statement.order_by(*order).limit(bindparam("rows", required=True))


def _time_parameter(name: str):
    return bindparam(name, type_=UTCDateTime(), required=True)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def edit_entry(
    db: Session, actor: Person, entry_id: int, data: Mapping[str, Any], *, expected_version: int,
    zone: str | None = None,
) -> TimelineEntry:
    """Correct an entry's title, words or when it happened: its author only, and only on the
    latest version; ``zone`` (the school's) reads a time typed without its offset."""
    access, entry = _readable_entry(db, actor, entry_id)
    if not access.may_correct(entry):
        raise Forbidden("only the person who posted an entry corrects it, while the case is open")
    if entry.withdrawn_at is not None:
        raise Conflict("This entry was withdrawn: post a new one instead.")
    if entry.version != expected_version:
        raise StaleVersion("Someone changed this entry since you read it: read it again first.")
    for name, value in load(EntryEditInput(zone=zone), data).items():
        setattr(entry, name, value)
        if entry.wording and name in entry.wording:  # corrected by hand: the person's words now
            entry.wording = {part: text for part, text in entry.wording.items() if part != name} or None
    db.flush()
    audit.record(db, actor, "entry.edited", child_id=entry.child_id, subject=f"entry:{entry.id}")
    return entry


def withdraw_entry(db: Session, actor: Person, entry_id: int) -> TimelineEntry:
    """Take an entry off the timeline for everyone: its author or the lead does it.

    The row stays, for the audit log and subject access; the timeline shows where it
    stood, who withdrew it and when. Notifications about it lose their first line.
    Withdrawing again keeps the first withdrawal.
    """
    access, entry = _readable_entry(db, actor, entry_id)
    if not access.may_withdraw(entry):
        raise Forbidden("only the person who posted an entry, or the lead, withdraws it, while the case is open")
    if entry.withdrawn_at is None:
        entry.withdrawn_at, entry.withdrawn_by = utcnow(), actor
        db.flush()
        notifications.forget_first_line(db, f"entry:{entry.id}")
        audit.record(db, actor, "entry.withdrawn", child_id=entry.child_id, subject=f"entry:{entry.id}")
    return entry


def encode_cursor(entry: TimelineEntry) -> str:
    raw = json.dumps([entry.occurred_at.isoformat(), entry.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        occurred_at, entry_id = json.loads(raw)
        occurred = datetime.fromisoformat(occurred_at)
        if occurred.tzinfo is None or not isinstance(entry_id, int) or not 1 <= entry_id <= LARGEST_ID:
            raise ValueError
        # A time we gave out is a stored one, so it has a UTC form; one without cannot be compared.
        return occurred.astimezone(UTC), entry_id
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput({"cursor": ["Not a cursor this timeline gave out; start from the first page."]}) from None
