"""Meetings as iCalendar (RFC 5545), invites as iTIP (RFC 5546): a pure function from
what a calendar shows of a meeting to bytes. Views and the mailer only send what this returns.

What leaves Teamaround in a calendar says who, when, where and a link, nothing of
the child's needs or records (DESIGN §7); a parent's address is written only where
they agreed to share it. :class:`CalendarMeeting` holds exactly that much, so neither
this module nor a plugin decorating an event can reach the rest of the record, and a
feed of a thousand meetings reads it as rows instead of building ORM objects.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Calendar, Conference, Event, vCalAddress, vDuration, vText

from core.meetings.zone_definition import ZoneDefinition, definition
from core.models import Meeting, MeetingPurpose, MeetingStatus, Person, PersonKind, Rsvp
from core.wording import N_, English, Translator, Wording

PRODID = "-//Teamaround//Team around the child//EN"
# How often a subscribed calendar should look again. Asking costs one small query while
# nothing has changed (the feed's ETag), so an hour keeps changes prompt; without it
# Outlook and Google poll when they please, sometimes once a day.
FEED_REFRESH = timedelta(hours=1)

PURPOSE_TITLES = {
    MeetingPurpose.TAC_MEETING: N_("Team around the child meeting"),
    MeetingPurpose.IEP_REVIEW: N_("Support plan review"),
    MeetingPurpose.EHCP_ANNUAL_REVIEW: N_("EHCP annual review"),
    MeetingPurpose.PLANNING: N_("Planning meeting"),
    MeetingPurpose.OTHER: N_("Meeting"),
}


def title_wording(meeting) -> Wording | str:
    """A meeting's title: its purpose's own words, in the reader's language, unless the organiser named it."""
    standard = PURPOSE_TITLES[meeting.purpose]
    return Wording(standard) if meeting.title == standard else meeting.title


_PARTSTAT = {
    Rsvp.NEEDS_ACTION: "NEEDS-ACTION",
    Rsvp.ACCEPTED: "ACCEPTED",
    Rsvp.TENTATIVE: "TENTATIVE",
    Rsvp.DECLINED: "DECLINED",
}
RSVP_FROM_PARTSTAT = {value: key for key, value in _PARTSTAT.items()}

_STATUS = {
    MeetingStatus.PROPOSED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


class CalendarPerson(NamedTuple):
    """An organiser or attendee as a calendar names them."""

    id: int
    kind: PersonKind
    full_name: str
    email: str
    shares_contact_details: bool

    @classmethod
    def of(cls, person: Person) -> CalendarPerson:
        return cls(person.id, person.kind, person.full_name, person.email, person.shares_contact_details)


class CalendarAttendee(NamedTuple):
    person: CalendarPerson
    required: bool
    rsvp: Rsvp

    @property
    def person_id(self) -> int:
        return self.person.id


class CalendarMeeting(NamedTuple):
    """What a calendar shows of a meeting, and all it may show: no notes, no agenda, no needs."""

    id: int
    uid: str
    sequence: int
    updated_at: datetime
    purpose: MeetingPurpose
    status: MeetingStatus
    starts_at: datetime
    ends_at: datetime
    location: str
    online_link: str
    child_known_as: str
    organiser: CalendarPerson
    attendees: tuple[CalendarAttendee, ...]

    @classmethod
    def of(cls, meeting: Meeting) -> CalendarMeeting:
        attendees = tuple(
            CalendarAttendee(CalendarPerson.of(attendee.person), attendee.required, attendee.rsvp)
            for attendee in meeting.attendees
        )
        return cls(
            meeting.id,
            meeting.uid,
            meeting.sequence,
            meeting.updated_at,
            meeting.purpose,
            meeting.status,
            meeting.starts_at,
            meeting.ends_at,
            meeting.location,
            meeting.online_link,
            meeting.child.known_as,
            CalendarPerson.of(meeting.organiser),
            attendees,
        )


def invite(meeting: Meeting, recipient: Person, *, zone: str, base_url: str, host,
           reply_address: str | None = None, reader: Translator | None = None) -> bytes:
    """The invite one attendee receives: METHOD:REQUEST, or METHOD:CANCEL once cancelled.

    With ``reply_address`` the organiser is named at that address, so that the answer a
    calendar mails back (RFC 6047) reaches the mailbox ``teamaround mail fetch`` reads,
    not the organiser's own inbox. Its words are in ``reader``'s language (English by default)."""
    method = "CANCEL" if meeting.status is MeetingStatus.CANCELLED else "REQUEST"
    shown = CalendarMeeting.of(meeting)
    calendar = _calendar(method)
    calendar.add_component(_event(shown, recipient.id, zone=definition(zone), base_url=base_url, host=host,
                                  reply_address=reply_address, reader=reader or English()))
    return _finish(calendar, [shown], definition(zone))


def feed(meetings: Iterable[CalendarMeeting], person: Person, *, zone: str, base_url: str, host,
         reply_address: str | None = None, reader: Translator | None = None) -> bytes:
    """A subscription feed of ``person``'s meetings (no METHOD: it publishes, invites nobody),
    in ``reader``'s language (English by default)."""
    meetings, reader = list(meetings), reader or English()
    calendar = _calendar(None)
    calendar.add("x-wr-calname", reader.gettext(None, N_("Teamaround meetings")))
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986 5.7
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))  # the same, as Outlook reads it
    for meeting in meetings:
        calendar.add_component(_event(meeting, person.id, zone=definition(zone), base_url=base_url, host=host,
                                      reply_address=reply_address, reader=reader))
    return _finish(calendar, meetings, definition(zone))


def summary(purpose: MeetingPurpose, child_known_as: str, reader: Translator | None = None) -> str:
    """What the calendar shows: the kind of meeting and whose, by the name the child uses."""
    return f"{(reader or English()).gettext(None, PURPOSE_TITLES[purpose])}: {child_known_as}"


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _event(meeting: CalendarMeeting, recipient_id: int, *, zone: ZoneDefinition, base_url: str, host,
           reply_address: str | None, reader: Translator) -> Event:
    link = f"{base_url.rstrip('/')}/meetings/{meeting.id}"
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at)
    event.add("dtstart", _moment(meeting.starts_at, zone))
    event.add("dtend", _moment(meeting.ends_at, zone))
    event.add("summary", summary(meeting.purpose, meeting.child_known_as, reader))
    event.add("status", _STATUS[meeting.status])
    event.add("url", link)
    where = meeting.location or (reader.gettext(None, N_("Online")) if meeting.online_link else "")
    if where:
        event.add("location", where)
    description = [
        reader.gettext(None, _ABOUT) % {"child": meeting.child_known_as},
        reader.gettext(None, _DETAILS) % {"link": link},
    ]
    if meeting.online_link:
        description.insert(1, reader.gettext(None, _JOIN_AT) % {"link": meeting.online_link})
        # RFC 7986 CONFERENCE is where a calendar offers a "join" button; the description
        # carries the link for calendars that do not read it.
        event.conferences = [Conference(meeting.online_link, label=reader.gettext(None, N_("Join online")))]
    event.add("description", "\n".join(description))
    organiser = _address(meeting.organiser, recipient_id, role=None)
    if reply_address:
        organiser = vCalAddress(f"mailto:{reply_address}", params=organiser.params)
    event.add("organizer", organiser)
    for attendee in meeting.attendees:
        event.add("attendee", _attendee(attendee, recipient_id), encode=0)
    own = next((a for a in meeting.attendees if a.person_id == recipient_id), None)
    host.hook.decorate_calendar_event(event=event, meeting=meeting, attendee=own)
    return event


_ABOUT = N_("A meeting about %(child)s with the team around them.")
_DETAILS = N_("Details: %(link)s")
_JOIN_AT = N_("Join online: %(link)s")


def _moment(moment: datetime, zone: ZoneDefinition) -> datetime:
    """In the school's zone with its VTIMEZONE where that names one instant to every reader
    (shown as the local time people agreed on even by a client that ignores zones); in UTC
    otherwise, as in the hour the clocks repeat, which clients resolve differently."""
    return moment.astimezone(ZoneInfo(zone.zone)) if zone.local(moment) else moment.astimezone(UTC)


def _attendee(attendee: CalendarAttendee, recipient_id: int) -> vCalAddress:
    role = "REQ-PARTICIPANT" if attendee.required else "OPT-PARTICIPANT"
    address = _address(attendee.person, recipient_id, role=role)
    address.params["partstat"] = _PARTSTAT[attendee.rsvp]
    address.params["rsvp"] = "TRUE" if attendee.rsvp is Rsvp.NEEDS_ACTION else "FALSE"
    return address


def _address(person: CalendarPerson, recipient_id: int, role: str | None) -> vCalAddress:
    # A calendar address must be a URI; a parent who has not agreed to share their
    # e-mail gets an opaque one, so other attendees see their name only.
    private = person.kind is PersonKind.PARENT and not person.shares_contact_details and person.id != recipient_id
    address = vCalAddress(f"urn:uuid:{_opaque_id(person)}" if private else f"mailto:{person.email}")
    address.params["cn"] = vText(person.full_name)
    if role:
        address.params["role"] = role
        address.params["cutype"] = "INDIVIDUAL"
    return address


def _opaque_id(person: CalendarPerson) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"teamaround:person:{person.id}"))


def _finish(calendar: Calendar, meetings: list[CalendarMeeting], zone: ZoneDefinition) -> bytes:
    # The zone's rule for every year, not dated transitions: a calendar that keeps the first
    # definition it sees for a TZID reads every later meeting right too.
    if any(zone.local(moment) for meeting in meetings for moment in (meeting.starts_at, meeting.ends_at)):
        calendar.add_component(zone.component)
    return calendar.to_ical()
