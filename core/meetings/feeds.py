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
from sqlalchemy.orm import Session

from core.access import visible_children
from core.errors import NotFound
from core.meetings import ical
from core.models import CalendarFeed, Child, Meeting, MeetingAttendee, Person
from core.models.children import known_as
from core.records import audit
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


def revoke_all(db: Session, person: Person) -> None:
    """Switch off the feed address of ``person``, with no event of its own: the change of
    account that calls for it (a new password, a closed account) is audited."""
    db.execute(
        update(CalendarFeed)
        .where(CalendarFeed.person_id == person.id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


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


# In the order of the fields of ical.CalendarPerson and ical.CalendarMeeting.
_PERSON_SHOWN = (Person.id, Person.kind, Person.full_name, Person.email, Person.shares_contact_details)
_MEETING_SHOWN = (
    Meeting.id, Meeting.uid, Meeting.sequence, Meeting.updated_at, Meeting.purpose, Meeting.status,
    Meeting.starts_at, Meeting.ends_at, Meeting.location, Meeting.online_link,
)


def calendar_meetings(db: Session, person: Person) -> list[ical.CalendarMeeting]:
    """The person's meetings from three months back onwards, for children they still see,
    as a calendar shows them.

    A SENCO's feed holds a thousand meetings of a dozen attendees each: as ORM objects they
    took longer to build than everything else in the answer but icalendar, so they are read
    as rows, and each person once rather than once per meeting.
    """
    theirs = (
        select(Meeting.id)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(
            MeetingAttendee.person_id == person.id,
            Meeting.starts_at >= utcnow() - PAST,
            Meeting.child_id.in_(visible_children(person).with_only_columns(Child.id)),
        )
    )
    meetings = db.execute(
        select(*_MEETING_SHOWN, Child.preferred_name, Child.full_name, Meeting.organiser_id)
        .join(Child, Child.id == Meeting.child_id)
        .where(Meeting.id.in_(theirs))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    attendees = db.execute(
        select(MeetingAttendee.meeting_id, MeetingAttendee.person_id, MeetingAttendee.required, MeetingAttendee.rsvp)
        .where(MeetingAttendee.meeting_id.in_(theirs))
        .order_by(MeetingAttendee.meeting_id, MeetingAttendee.id)
    ).all()
    # Last, by the keys the two lists name: people are never deleted, so every one is found
    # even if the meetings changed between the queries.
    named = {row.person_id for row in attendees} | {row.organiser_id for row in meetings}
    people = {
        row[0]: ical.CalendarPerson(*row)
        for row in db.execute(select(*_PERSON_SHOWN).where(Person.id.in_(named)))
    }
    shown_attendees: dict[int, list[ical.CalendarAttendee]] = {}
    for meeting_id, person_id, required, rsvp in attendees:
        shown_attendees.setdefault(meeting_id, []).append(ical.CalendarAttendee(people[person_id], required, rsvp))
    names = len(_MEETING_SHOWN)
    return [
        ical.CalendarMeeting(*row[:names], known_as(*row[names:names + 2]), people[row[-1]],
                             tuple(shown_attendees.get(row[0], ())))
        for row in meetings
    ]


def render(db: Session, feed_state: FeedState, *, site: Site) -> bytes:
    """The person's feed: their meetings as :func:`calendar_meetings` reads them (audited)."""
    person = feed_state.person
    meetings = calendar_meetings(db, person)
    audit.record(db, person, "calendar_feed.read", detail={"meetings": len(meetings)})
    return ical.feed(meetings, person, zone=site.zone, base_url=site.base_url, host=site.host,
                     reply_address=site.reply_address, reader=site.reader(person.language))
