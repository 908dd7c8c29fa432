"""What needs a person's attention today, across every child they work with."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, exists, func, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement, Select

from core.access import AnyReader, visible_children, visible_entries
from core.meetings.booking import ActionCounts, action_counts, view_action_counts_again
from core.models import (
    Acknowledgement,
    AuditEvent,
    Child,
    EntryKind,
    Meeting,
    MeetingAttendee,
    MeetingPurpose,
    MeetingStatus,
    Membership,
    Person,
    PersonKind,
    TimelineEntry,
)
from core.models.children import known_as
from core.plans.reviews import ReviewDue, reviews_due
from core.records import audit

RECENT = timedelta(days=30)
# A review needs reports from the team and a meeting booked: a SENCO wants a month's notice.
REVIEW_NOTICE = timedelta(days=28)
LIST_LENGTH = 50
# How many of the coming meetings a home page lists.
NEXT_MEETINGS = 5


@dataclass(frozen=True)
class ListedEntry:
    """An entry as the home page lists it: its title (``webui.wording.entry_title`` reads it in
    the reader's words), its author's name, when, and what links to it. Read as a row: the
    lists' 100 entries need nothing else of the entry, its body and form least of all."""

    id: int
    child_id: int
    title: str
    wording: dict[str, Any] | None
    payload_schema: str | None
    occurred_at: datetime
    author_name: str


_LISTED = (
    TimelineEntry.id,
    TimelineEntry.child_id,
    TimelineEntry.title,
    TimelineEntry.wording,
    TimelineEntry.payload_schema,
    TimelineEntry.occurred_at,
    TimelineEntry.author_id,
)


@dataclass(frozen=True)
class ComingMeeting:
    """A meeting as the home page lists it: its title (``webui.wording.meeting_title`` reads
    it from the purpose and title), when, whose, and its link."""

    id: int
    purpose: MeetingPurpose
    title: str
    starts_at: datetime
    child_known_as: str


@dataclass(frozen=True)
class Dashboard:
    children: list[Row]  # each child's id, full_name and year_group: what a family's home page lists
    unacknowledged: list[ListedEntry]
    unanswered_messages: list[ListedEntry]
    # The person's coming meetings (or one under way), soonest first, however far ahead:
    # "this week" ran Monday to Sunday, so on a Saturday it hid next Tuesday's.
    next_meetings: list[ComingMeeting]
    actions: ActionCounts  # the page says how many, and links to the list
    # Reviews of plans the person leads, due within REVIEW_NOTICE or overdue.
    reviews_due: list[ReviewDue]
    today: date  # in the school's zone: what "overdue" is measured against


def dashboard(db: Session, actor: Person, now: datetime, zone: str) -> Dashboard:
    """The person's caseload, entries posted since they last looked at the child's timeline
    (and not acknowledged), family messages nobody in the school has answered or
    acknowledged (for children they lead), their next meetings and actions, and the
    reviews coming up of plans they lead."""
    parameters = new_parameters(actor, now)
    children = db.execute(_children_listed(actor.kind, actor.active), parameters).all()
    lists = [_new_listed(actor.kind, actor.active)]
    if actor.kind is not PersonKind.PARENT:
        lists.append(_waiting_listed(actor.kind, actor.active))
    unacknowledged, *unanswered = _listed(db, lists, parameters)
    meetings = [
        ComingMeeting(meeting_id, purpose, title, starts_at, known_as(preferred_name, full_name))
        for meeting_id, purpose, title, starts_at, preferred_name, full_name in db.execute(
            _meetings_listed(actor.kind, actor.active), parameters
        )
    ]
    today = now.astimezone(ZoneInfo(zone)).date()
    _audit_the_look(db, actor, sorted(child.id for child in children))
    return Dashboard(
        children,
        unacknowledged,
        unanswered[0] if unanswered else [],  # a family waits on the school, never on a parent
        meetings,
        action_counts(db, actor, today),
        reviews_due(db, actor, before=today + REVIEW_NOTICE),
        today,
    )


def view_dashboard_again(db: Session, actor: Person, children: list[int], with_actions_of: list[int]) -> None:
    """The look at the dashboard audited as :func:`dashboard` audits it (``children``: those it
    lists; ``with_actions_of``: those its count of actions is about), for a page showing it
    again as it read it (webui.kept_pages)."""
    _audit_the_look(db, actor, children)
    view_action_counts_again(db, actor, with_actions_of)


def _audit_the_look(db: Session, actor: Person, children: list[int]) -> None:
    # Everything the dashboard lists belongs to one of these children: the event names them all.
    audit.record(db, actor, "dashboard.viewed", detail={"children": children})


def last_look(db: Session, actor: Person) -> audit.Newest:
    """The newest of the person's looks at a child's timeline (its audit event): what the
    entries new to them depend on besides the records, since each look makes those of that
    child no longer new. A page listing them is kept under it (webui.kept_pages)."""
    return audit.Newest(_LOOKED, db.scalar(_LAST_LOOK, {"reader_id": actor.id}))


_LOOKED = "timeline.viewed"
_LAST_LOOK = select(audit.newest_id(bindparam("reader_id"), _LOOKED))


def _listed(db: Session, statements: list[Select], parameters: dict[str, Any]) -> list[list[ListedEntry]]:
    """The entries each statement lists, as rows, with their authors' names read in one
    query for every list."""
    found = [db.execute(statement, parameters).all() for statement in statements]
    authors = {row.author_id for rows in found for row in rows}
    names = dict(db.execute(select(Person.id, Person.full_name).where(Person.id.in_(authors))).all()) if authors else {}
    return [[ListedEntry(*row[:-1], names[row.author_id]) for row in rows] for rows in found]


# The home page's statements are built once for each kind of reader (core.access.AnyReader):
# building the statement of the entries new to a person cost about as much as running it
# (1 ms), and the home page built it twice, for its list and for the caseload's counts, and
# the families' list once more.
def new_parameters(actor: Person, now: datetime) -> dict[str, Any]:
    """The parameters of the statements built for ``AnyReader``, for ``actor`` at ``now``."""
    return {"reader_id": actor.id, "since": now - RECENT, "now": now}


@functools.cache
def _children_listed(kind: PersonKind, active: bool) -> Select:
    """Each child a reader of this kind may see, by name: what a family's home page lists."""
    return (
        visible_children(AnyReader(kind, active))
        .with_only_columns(Child.id, Child.full_name, Child.year_group)
        .order_by(Child.full_name)
    )


@functools.cache
def _meetings_listed(kind: PersonKind, active: bool) -> Select:
    """The next NEXT_MEETINGS meetings a reader of this kind is asked to, of children they may see
    (``new_parameters``)."""
    reader = AnyReader(kind, active)
    return (
        select(Meeting.id, Meeting.purpose, Meeting.title, Meeting.starts_at, Child.preferred_name, Child.full_name)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .join(Child, Child.id == Meeting.child_id)
        .where(
            MeetingAttendee.person_id == reader.id,
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.ends_at > bindparam("now", type_=Meeting.ends_at.type),
            Meeting.child_id.in_(visible_children(reader).with_only_columns(Child.id)),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(NEXT_MEETINGS)
    )


@functools.cache
def _new_entries(kind: PersonKind, active: bool) -> Select:
    reader = AnyReader(kind, active)
    return visible_entries(reader).where(new_to(reader, bindparam("since", type_=TimelineEntry.occurred_at.type)))


@functools.cache
def _new_listed(kind: PersonKind, active: bool) -> Select:
    """The latest LIST_LENGTH entries new to a reader of this kind (``new_parameters``)."""
    return (
        _new_entries(kind, active)
        .with_only_columns(*_LISTED)
        .order_by(TimelineEntry.occurred_at.desc())
        .limit(LIST_LENGTH)
    )


@functools.cache
def new_by_child(kind: PersonKind, active: bool) -> Select:
    """How many entries are new to a reader of this kind, by child (``new_parameters``)."""
    return (
        _new_entries(kind, active)
        .with_only_columns(TimelineEntry.child_id, func.count())
        .group_by(TimelineEntry.child_id)
    )


@functools.cache
def _waiting_listed(kind: PersonKind, active: bool) -> Select:
    """The first LIST_LENGTH families' messages waiting for the school, of the children a
    reader of this kind leads (``new_parameters``)."""
    return (
        visible_entries(AnyReader(kind, active))
        .where(_WAITING_FOR_THE_SCHOOL)
        .with_only_columns(*_LISTED)
        .order_by(TimelineEntry.occurred_at)
        .limit(LIST_LENGTH)
    )


def new_to(actor: Person | AnyReader, since: datetime | ColumnElement) -> ColumnElement[bool]:
    """SQL condition on :class:`TimelineEntry`: new to the person, someone else's entry since
    ``since`` (RECENT ago) standing that they have neither acknowledged nor seen on the
    child's timeline since it was posted."""
    return and_(
        TimelineEntry.author_id != actor.id,
        TimelineEntry.occurred_at >= since,
        TimelineEntry.withdrawn_at.is_(None),
        ~exists().where(Acknowledgement.entry_id == TimelineEntry.id, Acknowledgement.person_id == actor.id),
        ~_looked_since_posted(actor),
    )


def _looked_since_posted(actor: Person | AnyReader):
    """The person opened the child's timeline after the entry was posted.

    The audit log already holds every look (``timeline.viewed``), so no table of its own
    keeps "last seen"; its index on (child, action, person, time) finds their looks since the post.
    """
    return exists().where(
        AuditEvent.child_id == TimelineEntry.child_id,
        AuditEvent.action == _LOOKED,
        AuditEvent.at >= TimelineEntry.posted_at,
        AuditEvent.actor_id == actor.id,
    )


def _waiting_for_the_school() -> ColumnElement[bool]:
    """SQL condition on :class:`TimelineEntry` joined to the reader's :class:`Membership`: a
    family's message (or observation at home) about a child the reader leads, standing, that
    nobody in the school has acknowledged or answered later in its thread.

    Whether a person is a parent is asked of their own row, by its key: a list of every
    parent (or of everyone else) read whole for each query grew with the local authority's
    people, three times a page. The index of a child's entries by kind reads the family's
    kinds only, not the child's whole timeline."""
    reply = aliased(TimelineEntry)
    answered = exists().where(
        reply.reply_to_id == func.coalesce(TimelineEntry.reply_to_id, TimelineEntry.id),
        reply.posted_at >= TimelineEntry.posted_at,
        reply.withdrawn_at.is_(None),
        Person.id == reply.author_id,
        Person.kind != PersonKind.PARENT,
    )
    acknowledged = exists().where(
        Acknowledgement.entry_id == TimelineEntry.id,
        Person.id == Acknowledgement.person_id,
        Person.kind != PersonKind.PARENT,
    )
    return and_(
        Membership.is_lead.is_(True),
        TimelineEntry.kind.in_([EntryKind.MESSAGE, EntryKind.HOME_OBSERVATION]),
        exists().where(Person.id == TimelineEntry.author_id, Person.kind == PersonKind.PARENT),
        TimelineEntry.withdrawn_at.is_(None),
        ~acknowledged,
        ~answered,
    )


# It names no reader, so it is built once: building it took longer than running its query.
_WAITING_FOR_THE_SCHOOL = _waiting_for_the_school()
