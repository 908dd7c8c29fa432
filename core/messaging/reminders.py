"""Reminders, so nobody chases people by hand: unanswered invites, tomorrow's meetings,
actions due soon or overdue, reports due before a review, and overdue EHC stages.

Each reminder's key names its event, so running the job every few minutes sends
each reminder once. A reminder comes days after what set it up, so it goes only to
people who may still see the child: not to someone who has left the team, whose
agency the family no longer consents to, or whose account was closed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core import wording
from core.cases import ehc_reminders
from core.messaging.notifications import notify
from core.models import (
    Meeting,
    MeetingAction,
    MeetingAttendee,
    MeetingPurpose,
    MeetingStatus,
    Membership,
    NotificationKind,
    ReportRequest,
    Rsvp,
)
from core.wording import N_, Wording

ANSWER_AFTER = timedelta(days=3)
ACTION_SOON = timedelta(days=2)
REPORT_SOON = timedelta(days=3)


def queue_due(db: Session, now: datetime, zone: str) -> int:
    """Create every reminder that is due now; returns how many were new."""
    steps = (_unanswered_invites, _meetings_tomorrow, _actions, _reports, ehc_reminders.remind_overdue)
    return sum(step(db, now, zone) for step in steps)


# A meeting's purpose inside a sentence: "team around the child meeting", but "EHCP annual review".
PURPOSE_WORDS = {
    MeetingPurpose.TAC_MEETING: N_("team around the child meeting"),
    MeetingPurpose.IEP_REVIEW: N_("support plan review"),
    MeetingPurpose.EHCP_ANNUAL_REVIEW: N_("EHCP annual review"),
    MeetingPurpose.PLANNING: N_("planning meeting"),
    MeetingPurpose.OTHER: N_("meeting"),
}


def purpose_words(purpose: MeetingPurpose) -> Wording:
    return Wording(PURPOSE_WORDS[purpose])


def _meeting_words(meeting: Meeting) -> Wording:
    return Wording(
        N_("%(purpose)s about %(child)s on %(when)s"),
        {
            "purpose": purpose_words(meeting.purpose),
            "child": meeting.child.known_as,
            "when": wording.when(meeting.starts_at),
        },
    )


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
                    Wording(
                        N_("Please say whether you can come to the %(meeting)s"), {"meeting": _meeting_words(meeting)}
                    ),
                    f"/meetings/{meeting.id}",
                    zone=zone,
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
                    Wording(N_("Reminder: the %(meeting)s"), {"meeting": _meeting_words(meeting)}),
                    f"/meetings/{meeting.id}",
                    zone=zone,
                )
    return made


def _actions(db: Session, now: datetime, zone: str) -> int:
    today = now.astimezone(ZoneInfo(zone)).date()
    made = 0
    open_actions = db.scalars(
        select(MeetingAction)
        .where(MeetingAction.done_at.is_(None), MeetingAction.due_on <= today + ACTION_SOON)
        .options(selectinload(MeetingAction.owner), selectinload(MeetingAction.meeting).selectinload(Meeting.child))
    )
    for action in open_actions:
        values = {"child": action.meeting.child.known_as, "day": wording.day(action.due_on)}
        link = f"/meetings/{action.meeting_id}"
        if action.due_on < today:
            key = f"action-overdue:{action.id}"
            late = Wording(N_("Your action about %(child)s was due %(day)s"), values)
            made += _remind(db, action.owner, key, action.child_id, late, link, action.text, zone=zone)
            theirs = Wording(
                N_("%(person)s's action about %(child)s was due %(day)s"), values | {"person": action.owner.full_name}
            )
            for lead in _leads(db, action.child_id):
                made += _remind(db, lead, key, action.child_id, theirs, link, action.text, zone=zone)
        else:
            due = Wording(N_("Your action about %(child)s is due %(day)s"), values)
            made += _remind(
                db, action.owner, f"action-due:{action.id}", action.child_id, due, link, action.text, zone=zone
            )
    return made


def _reports(db: Session, now: datetime, zone: str) -> int:
    """Chase a report due soon, and once it is late, chase it again and tell the lead; none for a
    review that was cancelled or has happened, since the report was for it."""
    today = now.astimezone(ZoneInfo(zone)).date()
    made = 0
    waiting = db.execute(
        select(ReportRequest, Meeting)
        .join(Meeting, Meeting.id == ReportRequest.meeting_id)
        .where(
            ReportRequest.received_at.is_(None),
            ReportRequest.due_on <= today + REPORT_SOON,
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.starts_at > now,
        )
        .options(selectinload(ReportRequest.person), selectinload(Meeting.child))
    )
    for request, meeting in waiting:
        values = {"meeting": _meeting_words(meeting), "day": wording.day(request.due_on)}
        link = f"/meetings/{meeting.id}"
        if request.due_on >= today:
            due = Wording(N_("Your report for the %(meeting)s is due %(day)s"), values)
            made += _remind(
                db, request.person, f"report:{request.id}:{request.due_on}", meeting.child_id, due, link, zone=zone
            )
            continue
        key = f"report-overdue:{request.id}:{request.due_on}"
        late = Wording(N_("Your report for the %(meeting)s was due %(day)s"), values)
        made += _remind(db, request.person, key, meeting.child_id, late, link, zone=zone)
        missing = Wording(
            N_("%(person)s's report for the %(meeting)s was due %(day)s and has not come"),
            values | {"person": request.person.full_name},
        )
        for lead in _leads(db, meeting.child_id):
            made += _remind(db, lead, key, meeting.child_id, missing, link, zone=zone)
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


def _remind(db, person, key, child_id, headline, link, first_line="", *, zone: str) -> int:
    """One reminder, once per key; ``notify`` skips anyone who may no longer see the child."""
    notification = notify(
        db,
        person,
        kind=NotificationKind.REMINDER,
        key=key,
        child_id=child_id,
        headline=headline,
        link=link,
        first_line=first_line,
        zone=zone,
    )
    return notification is not None
