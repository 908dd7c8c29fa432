"""What needs a person's attention today, across every child they work with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.sql import ColumnElement

from core.access import visible_children, visible_entries
from core.meetings.booking import ActionList, actions_for
from core.models import (
    Acknowledgement,
    AuditEvent,
    Child,
    EntryKind,
    Meeting,
    MeetingAttendee,
    MeetingStatus,
    Membership,
    Person,
    PersonKind,
    Review,
    TimelineEntry,
)
from core.plans.reviews import reviews_due
from core.records import audit

RECENT = timedelta(days=30)
# A review needs reports from the team and a meeting booked: a SENCO wants a month's notice.
REVIEW_NOTICE = timedelta(days=28)
LIST_LENGTH = 50
# How many of the coming meetings a home page lists.
NEXT_MEETINGS = 5


@dataclass(frozen=True)
class Dashboard:
    children: list[Child]
    unacknowledged: list[TimelineEntry]
    unanswered_messages: list[TimelineEntry]
    # The person's coming meetings (or one under way), soonest first, however far ahead:
    # "this week" ran Monday to Sunday, so on a Saturday it hid next Tuesday's.
    next_meetings: list[Meeting]
    actions: ActionList
    # Reviews of plans the person leads, due within REVIEW_NOTICE or overdue.
    reviews_due: list[Review]
    today: date  # in the school's zone: what "overdue" is measured against


def dashboard(db: Session, actor: Person, now: datetime, zone: str) -> Dashboard:
    """The person's caseload, entries posted since they last looked at the child's timeline
    (and not acknowledged), family messages nobody in the school has answered or
    acknowledged (for children they lead), their next meetings and actions, and the
    reviews coming up of plans they lead."""
    children = db.scalars(visible_children(actor).order_by(Child.full_name)).all()
    unacknowledged = db.scalars(
        visible_entries(actor)
        .where(new_to(actor, now))
        .options(selectinload(TimelineEntry.author))
        .order_by(TimelineEntry.occurred_at.desc())
        .limit(LIST_LENGTH)
    ).all()
    unanswered = []
    if actor.kind is not PersonKind.PARENT:
        parent = select(Person.id).where(Person.kind == PersonKind.PARENT)
        unanswered = db.scalars(
            visible_entries(actor)
            .where(
                Membership.is_lead.is_(True),
                TimelineEntry.kind.in_([EntryKind.MESSAGE, EntryKind.HOME_OBSERVATION]),
                TimelineEntry.author_id.in_(parent),
                TimelineEntry.withdrawn_at.is_(None),
                ~exists().where(Acknowledgement.entry_id == TimelineEntry.id, Acknowledgement.person_id.not_in(parent)),
                ~_answered_by_someone_else_than(parent),
            )
            .options(selectinload(TimelineEntry.author))
            .order_by(TimelineEntry.occurred_at)
            .limit(LIST_LENGTH)
        ).all()
    meetings = db.scalars(
        select(Meeting)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(
            MeetingAttendee.person_id == actor.id,
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.ends_at > now,
            Meeting.child_id.in_(visible_children(actor).with_only_columns(Child.id)),
        )
        .options(selectinload(Meeting.child))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(NEXT_MEETINGS)
    ).all()
    today = now.astimezone(ZoneInfo(zone)).date()
    # Everything the dashboard lists belongs to one of these children: the event names them all.
    audit.record(db, actor, "dashboard.viewed", detail={"children": sorted(child.id for child in children)})
    return Dashboard(
        list(children),
        list(unacknowledged),
        list(unanswered),
        list(meetings),
        actions_for(db, actor, today),
        reviews_due(db, actor, before=today + REVIEW_NOTICE),
        today,
    )


def new_to(actor: Person, now: datetime) -> ColumnElement[bool]:
    """SQL condition on :class:`TimelineEntry`: new to the person, someone else's recent entry
    standing that they have neither acknowledged nor seen on the child's timeline since it was posted."""
    return and_(
        TimelineEntry.author_id != actor.id,
        TimelineEntry.occurred_at >= now - RECENT,
        TimelineEntry.withdrawn_at.is_(None),
        ~exists().where(Acknowledgement.entry_id == TimelineEntry.id, Acknowledgement.person_id == actor.id),
        ~_looked_since_posted(actor),
    )


def _looked_since_posted(actor: Person):
    """The person opened the child's timeline after the entry was posted.

    The audit log already holds every look (``timeline.viewed``), so no table of its own
    keeps "last seen"; its index on (child, action, time) finds the looks since the post.
    """
    return exists().where(
        AuditEvent.child_id == TimelineEntry.child_id,
        AuditEvent.action == "timeline.viewed",
        AuditEvent.at >= TimelineEntry.posted_at,
        AuditEvent.actor_id == actor.id,
    )


def _answered_by_someone_else_than(parents):
    """A later message in the entry's thread, written by someone who is not a parent."""
    reply = aliased(TimelineEntry)
    return exists().where(
        reply.reply_to_id == func.coalesce(TimelineEntry.reply_to_id, TimelineEntry.id),
        reply.posted_at >= TimelineEntry.posted_at,
        reply.author_id.not_in(parents),
        reply.withdrawn_at.is_(None),
    )

