"""Invite e-mails: a meeting's iCalendar invite, mailed with a plain note, through the outbox."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import timefmt
from core.access import sees_child
from core.meetings import ical
from core.messaging import outbox
from core.models import Meeting, MeetingAttendee, MeetingStatus, Person
from core.site import Site


def send(db: Session, meeting: Meeting, site: Site, *, confirmed: bool = False) -> None:
    """Queue the meeting's current invite, or its cancellation, for every attendee but the organiser.

    Each attendee gets the iCalendar invite addressed to them and a short note of the
    kind of meeting, whose, when and where, and a link: an e-mail carries no case detail
    (DESIGN section 7). The outbox key names the invite's SEQUENCE, so one version is
    never mailed twice to one person.
    """
    if not site.mail_enabled:
        return
    method = "CANCEL" if meeting.status is MeetingStatus.CANCELLED else "REQUEST"
    # Someone who left the team, or whose agency's consent was withdrawn, hears no more of it.
    still_in_team = set(
        db.scalars(
            select(MeetingAttendee.person_id).where(
                MeetingAttendee.meeting_id == meeting.id, sees_child(MeetingAttendee.person_id, meeting.child_id)
            )
        )
    )
    for attendee in meeting.attendees:
        person = attendee.person
        if person.id == meeting.organiser_id or person.id not in still_in_team:
            continue  # the organiser made the change; their feed carries it
        outbox.enqueue(
            db,
            key=f"meeting:{meeting.id}:sequence:{meeting.sequence}:{method}:person:{person.id}",
            recipient=person,
            child_id=meeting.child_id,
            subject=_subject(meeting, method, site, confirmed=confirmed),
            text_body=_invite_text(meeting, person, method, site, confirmed=confirmed),
            calendar=ical.invite(meeting, person, zone=site.zone, base_url=site.base_url, host=site.host,
                                 reply_address=site.reply_address),
            calendar_method=method,
        )


def _subject(meeting: Meeting, method: str, site: Site, *, confirmed: bool) -> str:
    what = ical.summary(meeting.purpose, meeting.child.known_as)
    if method == "CANCEL":
        return f"Cancelled: {what}, {timefmt.when(meeting.starts_at, site.zone)}"
    prefix = "Confirmed" if confirmed else "Invitation" if meeting.sequence == 0 else "Changed"
    return f"{prefix}: {what}, {timefmt.when(meeting.starts_at, site.zone)}"


def _invite_text(meeting: Meeting, person: Person, method: str, site: Site, *, confirmed: bool) -> str:
    child = meeting.child.known_as
    when = f"{timefmt.when(meeting.starts_at, site.zone)} to {timefmt.clock(meeting.ends_at, site.zone)}"
    where = meeting.location or ("Online: " + meeting.online_link if meeting.online_link else "to be confirmed")
    if method == "CANCEL":
        lines = [f"The meeting about {child} on {when} is cancelled.", "You do not need to do anything."]
    else:
        news = "has confirmed the" if confirmed else "has moved a" if meeting.sequence else "invites you to a"
        lines = [
            f"{meeting.organiser.display_name} {news} meeting about {child}.",
            f"When: {when}",
            f"Where: {where}",
            "Please say whether you can come: answer in your calendar, or on the meeting's page.",
        ]
    return "\n".join([f"Dear {person.display_name},", "", *lines, "", site.link(f"meetings/{meeting.id}"), ""])
