"""Reports requested before a review: the lead asks, each professional sends theirs, and
the lead sees who has.

For an EHCP annual review the SEND regulations (reg. 20) ask for advice to be
circulated two weeks before the meeting, so that is the default due date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core import wording
from core.access import Action
from core.errors import Forbidden, InvalidInput, NotFound
from core.meetings.booking import get
from core.messaging.notifications import notify
from core.messaging.reminders import purpose_words
from core.models import MeetingPurpose, NotificationKind, Person, ReportRequest, TimelineEntry
from core.records import audit
from core.site import Site
from core.types import utcnow
from core.wording import N_, Wording

BEFORE_ANNUAL_REVIEW = timedelta(days=14)
BEFORE_OTHER_MEETINGS = timedelta(days=7)


def request_reports(
    db: Session, actor: Person, meeting_id: int, person_ids: Iterable[int], *, site: Site, due_on: date | None = None
) -> list[ReportRequest]:
    """Ask team members for their report before a meeting; each is told, once."""
    access, meeting = get(db, actor, meeting_id)
    access.require(Action.MANAGE_MEETINGS)
    before = BEFORE_ANNUAL_REVIEW if meeting.purpose is MeetingPurpose.EHCP_ANNUAL_REVIEW else BEFORE_OTHER_MEETINGS
    due = due_on or (meeting.starts_at.date() - before)
    requests = []
    for person_id in person_ids:
        membership = access.member(db, person_id)
        if membership is None:
            raise InvalidInput({"person_ids": [f"Person {person_id} is not in the child's team."]})
        person = membership.person
        request = db.scalar(
            select(ReportRequest).where(ReportRequest.meeting_id == meeting.id, ReportRequest.person_id == person.id)
        )
        if request is None:
            request = ReportRequest(meeting_id=meeting.id, person_id=person.id, requested_by_id=actor.id, due_on=due)
            db.add(request)
            db.flush()
        requests.append(request)
        notify(
            db,
            person,
            kind=NotificationKind.ACTION,
            key=f"report-requested:{request.id}",
            child_id=meeting.child_id,
            headline=Wording(
                N_("%(person)s asks for your report for the %(purpose)s about %(child)s, by %(day)s"),
                {
                    "person": actor.full_name,
                    "purpose": purpose_words(meeting.purpose),
                    "child": meeting.child.known_as,
                    "day": wording.day(due),
                },
            ),
            link=f"/meetings/{meeting.id}",
            zone=site.zone,
        )
    audit.record(db, actor, "reports.requested", child_id=meeting.child_id, subject=f"meeting:{meeting.id}")
    return requests


def actors_request(db: Session, actor: Person, request_id: int) -> ReportRequest:
    """A report request made of the actor; anyone else's is :class:`NotFound`, as one that
    does not exist, so that a request's number tells no one whom else a lead has asked."""
    request = db.get(ReportRequest, request_id)
    if request is None or request.person_id != actor.id:
        raise NotFound(f"report request {request_id}")
    return request


def send_report(db: Session, actor: Person, request_id: int, entry_id: int) -> ReportRequest:
    """Mark the actor's report sent: it is one of their own entries on the child's timeline."""
    request = actors_request(db, actor, request_id)
    _, meeting = get(db, actor, request.meeting_id)
    entry = db.get(TimelineEntry, entry_id)
    if entry is None or entry.author_id != actor.id or entry.child_id != meeting.child_id:
        raise InvalidInput({"entry_id": ["Choose one of your own entries on this child's timeline."]})
    request.entry_id, request.received_at = entry.id, utcnow()
    audit.record(db, actor, "reports.sent", child_id=meeting.child_id, subject=f"report:{request.id}")
    db.flush()
    return request


@dataclass(frozen=True)
class ReportStatus:
    request: ReportRequest
    overdue: bool


def own_request(db: Session, actor: Person, meeting_id: int) -> tuple[ReportRequest | None, list[TimelineEntry]]:
    """The actor's report request for a meeting, if any, and their entries that could answer it."""
    request = db.scalar(select(ReportRequest).where(ReportRequest.meeting_id == meeting_id,
                                                    ReportRequest.person_id == actor.id))
    if request is None:
        return None, []
    _, meeting = get(db, actor, meeting_id)
    entries = db.scalars(select(TimelineEntry).where(TimelineEntry.author_id == actor.id,
                                                     TimelineEntry.child_id == meeting.child_id)
                         .order_by(TimelineEntry.occurred_at.desc()).limit(20)).all()
    return request, list(entries)


def status(db: Session, actor: Person, meeting_id: int, today: date) -> list[ReportStatus]:
    """Who has sent their report for a meeting, for the lead professional."""
    access, meeting = get(db, actor, meeting_id)
    if not access.can(Action.MANAGE_MEETINGS):
        raise Forbidden("the lead professional follows up the reports")
    requests = db.scalars(
        select(ReportRequest)
        .where(ReportRequest.meeting_id == meeting.id)
        .options(selectinload(ReportRequest.person))
        .order_by(ReportRequest.id)
    )
    return [ReportStatus(r, r.received_at is None and r.due_on < today) for r in requests]
