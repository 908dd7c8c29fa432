"""Invite e-mails: a meeting's iCalendar invite, mailed with a plain note, through the outbox."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import sees_child
from core.meetings import ical
from core.messaging import outbox
from core.models import Meeting, MeetingAttendee, MeetingStatus, Person
from core.site import Site
from core.wording import N_, Translator, Wording, clock, render, when


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
        reader = site.reader(person.language)
        outbox.enqueue(
            db,
            key=f"meeting:{meeting.id}:sequence:{meeting.sequence}:{method}:person:{person.id}",
            recipient=person,
            child_id=meeting.child_id,
            subject=_subject(meeting, method, reader, confirmed=confirmed),
            text_body=_invite_text(meeting, person, method, site, reader, confirmed=confirmed),
            calendar=ical.invite(meeting, person, zone=site.zone, base_url=site.base_url, host=site.host,
                                 reply_address=site.reply_address, reader=reader),
            calendar_method=method,
        )


_CANCELLED = N_("Cancelled: %(meeting)s, %(when)s")
_CONFIRMED = N_("Confirmed: %(meeting)s, %(when)s")
_INVITATION = N_("Invitation: %(meeting)s, %(when)s")
_CHANGED = N_("Changed: %(meeting)s, %(when)s")
_DEAR = N_("Dear %(name)s,")
_IS_CANCELLED = N_("The meeting about %(child)s on %(when)s to %(end)s is cancelled.")
_NOTHING_TO_DO = N_("You do not need to do anything.")
_HAS_CONFIRMED = N_("%(person)s has confirmed the meeting about %(child)s.")
_HAS_MOVED = N_("%(person)s has moved a meeting about %(child)s.")
_INVITES = N_("%(person)s invites you to a meeting about %(child)s.")
_WHEN = N_("When: %(when)s to %(end)s")
_WHERE = N_("Where: %(place)s")
_ONLINE = N_("Online: %(link)s")
_TO_BE_CONFIRMED = N_("to be confirmed")
_ANSWER = N_("Please say whether you can come: answer in your calendar, or on the meeting's page.")


def _subject(meeting: Meeting, method: str, reader: Translator, *, confirmed: bool) -> str:
    if method == "CANCEL":
        subject = _CANCELLED
    else:
        subject = _CONFIRMED if confirmed else _INVITATION if meeting.sequence == 0 else _CHANGED
    what = ical.summary(meeting.purpose, meeting.child.known_as, reader)
    return render(Wording(subject, {"meeting": what, "when": when(meeting.starts_at)}), reader)


def _invite_text(meeting: Meeting, person: Person, method: str, site: Site, reader: Translator, *,
                 confirmed: bool) -> str:
    times = {"child": meeting.child.known_as, "when": when(meeting.starts_at), "end": clock(meeting.ends_at)}
    if method == "CANCEL":
        lines = [Wording(_IS_CANCELLED, times), Wording(_NOTHING_TO_DO)]
    else:
        news = _HAS_CONFIRMED if confirmed else _HAS_MOVED if meeting.sequence else _INVITES
        if meeting.location:
            place = meeting.location
        elif meeting.online_link:
            place = Wording(_ONLINE, {"link": meeting.online_link})
        else:
            place = Wording(_TO_BE_CONFIRMED)
        lines = [
            Wording(news, {"person": meeting.organiser.display_name, "child": meeting.child.known_as}),
            Wording(_WHEN, times),
            Wording(_WHERE, {"place": place}),
            Wording(_ANSWER),
        ]
    dear = Wording(_DEAR, {"name": person.display_name})
    words = [render(line, reader) for line in lines]
    return "\n".join([render(dear, reader), "", *words, "", site.link(f"meetings/{meeting.id}"), ""])
