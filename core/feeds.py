"""Calendar subscription feeds: a secret address per person that their calendar polls.

Only a hash of the token is stored, and the feed's ETag comes from a counter on
the feed row, so a calendar asking "anything new?" every few minutes costs one
small query when nothing has changed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from core import audit, ical
from core.access import visible_children
from core.errors import NotFound
from core.models import CalendarFeed, Child, Meeting, MeetingAttendee, Person
from core.site import Site
from core.types import utcnow

PAST = timedelta(days=92)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(db: Session, actor: Person) -> str:
    """A new secret feed address for ``actor``; any earlier one stops working."""
    revoke(db, actor)
    token = secrets.token_urlsafe(32)
    db.add(CalendarFeed(person_id=actor.id, token_hash=_hash(token)))
    audit.record(db, actor, "calendar_feed.issued")
    db.flush()
    return token


def revoke(db: Session, actor: Person) -> None:
    for feed in db.scalars(
        select(CalendarFeed).where(CalendarFeed.person_id == actor.id, CalendarFeed.revoked_at.is_(None))
    ):
        feed.revoked_at = utcnow()
        audit.record(db, actor, "calendar_feed.revoked")
    db.flush()


def mark_changed(db: Session, person_ids) -> None:
    """Tell these people's calendars that their feed has changed (a new ETag)."""
    db.execute(
        update(CalendarFeed)
        .where(CalendarFeed.person_id.in_(person_ids), CalendarFeed.revoked_at.is_(None))
        .values(content_version=CalendarFeed.content_version + 1, changed_at=utcnow())
    )


def meeting_changed(db: Session, meeting: Meeting) -> None:
    """A meeting reads differently now: new ETags for every feed that shows it.

    Each attendee's feed shows every other attendee's answer, so one person's
    answer changes them all; the organiser is named in every copy too.
    """
    mark_changed(db, list({meeting.organiser_id, *(attendee.person_id for attendee in meeting.attendees)}))


def person_changed(db: Session, person: Person) -> None:
    """Someone's name or shared contact details changed: new ETags for every feed showing them.

    That is everyone who shares a meeting with them (an invite names each attendee, with
    their address only where they agreed to share it).
    """
    their_meetings = select(MeetingAttendee.meeting_id).where(MeetingAttendee.person_id == person.id)
    shown_to = select(MeetingAttendee.person_id).where(MeetingAttendee.meeting_id.in_(their_meetings))
    organisers = select(Meeting.organiser_id).where(Meeting.id.in_(their_meetings))
    mark_changed(db, shown_to.union(organisers))


def has_feed(db: Session, actor: Person) -> bool:
    return (
        db.scalar(select(CalendarFeed.id).where(CalendarFeed.person_id == actor.id, CalendarFeed.revoked_at.is_(None)))
        is not None
    )


@dataclass(frozen=True)
class FeedState:
    feed: CalendarFeed
    person: Person

    @property
    def etag(self) -> str:
        return f"{self.feed.id}.{self.feed.content_version}"

    @property
    def last_modified(self):
        return self.feed.changed_at


def state(db: Session, token: str) -> FeedState:
    """The feed behind ``token`` (one query); :class:`NotFound` if unknown, revoked or closed."""
    row = db.execute(
        select(CalendarFeed, Person)
        .join(Person, Person.id == CalendarFeed.person_id)
        .where(CalendarFeed.token_hash == _hash(token), CalendarFeed.revoked_at.is_(None), Person.active.is_(True))
    ).first()
    if row is None:
        raise NotFound("calendar feed")
    return FeedState(*row)


def render(db: Session, feed_state: FeedState, *, site: Site) -> bytes:
    """The person's meetings from three months back onwards, for children they still see."""
    person = feed_state.person
    meetings = db.scalars(
        select(Meeting)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(
            MeetingAttendee.person_id == person.id,
            Meeting.starts_at >= utcnow() - PAST,
            Meeting.child_id.in_(visible_children(person).with_only_columns(Child.id)),
        )
        .options(
            selectinload(Meeting.attendees).selectinload(MeetingAttendee.person),
            selectinload(Meeting.child),
            selectinload(Meeting.organiser),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    audit.record(db, person, "calendar_feed.read", detail={"meetings": len(meetings)})
    return ical.feed(meetings, person, zone=site.zone, base_url=site.base_url, host=site.host)
