"""Reminders, so nobody chases people by hand: unanswered invites, tomorrow's meetings,
actions due soon or overdue, and reports due before a review.

Each reminder's key names its event, so running the job every few minutes sends
each reminder once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core import timefmt
from core.ical import PURPOSE_TITLES
from core.models import (
    Meeting,
    MeetingAction,
    MeetingAttendee,
    MeetingStatus,
    Membership,
    NotificationKind,
    ReportRequest,
    Rsvp,
)
from core.notifications import notify

ANSWER_AFTER = timedelta(days=3)
ACTION_SOON = timedelta(days=2)
REPORT_SOON = timedelta(days=3)


def queue_due(db: Session, now: datetime, zone: str) -> int:
    """Create every reminder that is due now; returns how many were new."""
    return sum(step(db, now, zone) for step in (_unanswered_invites, _meetings_tomorrow, _actions, _reports))


def _meeting_words(meeting: Meeting, zone: str) -> str:
    what = PURPOSE_TITLES[meeting.purpose].lower()
    return f"{what} about {meeting.child.known_as} on {timefmt.when(meeting.starts_at, zone)}"


def _upcoming(db: Session, now: datetime, until: datetime | None = None):
    statement = (
        select(Meeting)
        .where(Meeting.status != MeetingStatus.CANCELLED, Meeting.starts_at > now)
        .options(selectinload(Meeting.attendees).selectinload(MeetingAttendee.person), selectinload(Meeting.child))
    )
    if until is not None:
        statement = statement.where(Meeting.starts_at <= until)
    return db.scalars(statement)


def _unanswered_invites(db: Session, now: datetime, zone: str) -> int:
    made = 0
    for meeting in _upcoming(db, now):
        if meeting.updated_at > now - ANSWER_AFTER:
            continue
        for attendee in meeting.attendees:
            if attendee.rsvp is Rsvp.NEEDS_ACTION:
                made += _remind(
                    db,
                    attendee.person,
                    f"answer:{meeting.id}:{meeting.sequence}",
                    meeting.child_id,
                    f"Please say whether you can come to the {_meeting_words(meeting, zone)}",
                    f"/meetings/{meeting.id}",
                )
    return made


def _meetings_tomorrow(db: Session, now: datetime, zone: str) -> int:
    made = 0
    for meeting in _upcoming(db, now, until=now + timedelta(days=1)):
        for attendee in meeting.attendees:
            if attendee.rsvp is not Rsvp.DECLINED:
                made += _remind(
                    db,
                    attendee.person,
                    f"tomorrow:{meeting.id}:{meeting.sequence}",
                    meeting.child_id,
                    f"Reminder: the {_meeting_words(meeting, zone)}",
                    f"/meetings/{meeting.id}",
                )
    return made


def _actions(db: Session, now: datetime, zone: str) -> int:
    today = now.astimezone(ZoneInfo(zone)).date()
    made = 0
    open_actions = db.scalars(
        select(MeetingAction)
        .where(MeetingAction.done_at.is_(None), MeetingAction.due_on <= today + ACTION_SOON)
        .options(selectinload(MeetingAction.owner))
    )
    for action in open_actions:
        link = f"/meetings/{action.meeting_id}"
        if action.due_on < today:
            made += _remind(
                db,
                action.owner,
                f"action-overdue:{action.id}",
                action.child_id,
                f"Overdue since {timefmt.day(action.due_on, zone)}: {action.text}",
                link,
            )
            for lead in _leads(db, action.child_id):
                made += _remind(
                    db,
                    lead,
                    f"action-overdue:{action.id}",
                    action.child_id,
                    f"{action.owner.full_name}'s action is overdue: {action.text}",
                    link,
                )
        else:
            made += _remind(
                db,
                action.owner,
                f"action-due:{action.id}",
                action.child_id,
                f"Due {timefmt.day(action.due_on, zone)}: {action.text}",
                link,
            )
    return made


def _reports(db: Session, now: datetime, zone: str) -> int:
    today = now.astimezone(ZoneInfo(zone)).date()
    made = 0
    waiting = db.scalars(
        select(ReportRequest)
        .where(ReportRequest.received_at.is_(None), ReportRequest.due_on <= today + REPORT_SOON)
        .options(selectinload(ReportRequest.person))
    )
    for request in waiting:
        meeting = db.get(Meeting, request.meeting_id)
        made += _remind(
            db,
            request.person,
            f"report:{request.id}:{request.due_on}",
            meeting.child_id,
            f"Your report for the {_meeting_words(meeting, zone)} is due {timefmt.day(request.due_on, zone)}",
            f"/meetings/{meeting.id}",
        )
    return made


def _leads(db: Session, child_id: int):
    return [
        m.person
        for m in db.scalars(
            select(Membership)
            .where(Membership.child_id == child_id, Membership.is_lead.is_(True), Membership.left_at.is_(None))
            .options(selectinload(Membership.person))
        )
    ]


def _remind(db, person, key, child_id, headline, link) -> int:
    return (
        notify(db, person, kind=NotificationKind.REMINDER, key=key, child_id=child_id, headline=headline, link=link)
        is not None
    )
