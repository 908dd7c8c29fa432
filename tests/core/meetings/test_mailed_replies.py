"""Answers mailed back by calendars, read from a real IMAP mailbox (Dovecot, over TLS):
a reply changes the attendee's answer; a duplicate, a reply to an earlier version and a
reply sent in someone else's name do not, and mail that is no reply stays for a person."""

from __future__ import annotations

import dataclasses
import imaplib
import ssl
import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import icalendar
import pytest

from core.db import make_session_factory
from core.meetings import booking, ical, mailed_replies
from core.models import Rsvp
from core.types import utcnow


class RepliesMailbox:
    """A fresh folder of the test server's mailbox, with what a mail client needs to look into it."""

    def __init__(self, server):
        self.context = ssl.create_default_context()
        server.certificate_authority.configure_trust(self.context)
        folder = f"replies-{uuid.uuid4().hex[:8]}"
        self.mailbox = mailed_replies.Mailbox(server.host, server.port, server.user, server.password, folder,
                                              f"{folder}-answered")
        with self.client() as client:
            client.create(folder)

    def client(self) -> imaplib.IMAP4_SSL:
        client = imaplib.IMAP4_SSL(self.mailbox.host, self.mailbox.port, ssl_context=self.context)
        client.login(self.mailbox.user, self.mailbox.password)
        return client

    def deliver(self, mail: EmailMessage) -> None:
        with self.client() as client:
            client.append(self.mailbox.folder, None, None, mail.as_bytes())

    def subjects(self, folder: str) -> list[str]:
        with self.client() as client:
            if client.select(folder, readonly=True)[0] != "OK":
                return []
            uids = client.uid("SEARCH", "ALL")[1][0].split()
            fetched = [client.uid("FETCH", uid, "(BODY.PEEK[HEADER.FIELDS (SUBJECT)] FLAGS)")[1] for uid in uids]
            return [item[0][1].decode().removeprefix("Subject: ").strip() for item in fetched]

    def unread(self) -> int:
        with self.client() as client:
            client.select(self.mailbox.folder, readonly=True)
            return len(client.uid("SEARCH", "UNSEEN")[1][0].split())


@pytest.fixture
def replies(imap_server):
    return RepliesMailbox(imap_server)


def calendar_reply(meeting, person, partstat, *, site, stamped=None) -> bytes:
    """What a calendar app makes of the invite ``person`` received when they press an answer:
    the same event, METHOD:REPLY, only them as attendee, stamped now."""
    calendar = icalendar.Calendar.from_ical(
        ical.invite(meeting, person, zone=site.zone, base_url=site.base_url, host=site.host))
    calendar["method"] = "REPLY"
    event = calendar.walk("VEVENT")[0]
    event["attendee"] = next(a for a in event["attendee"] if str(a) == f"mailto:{person.email}")
    event["attendee"].params["PARTSTAT"] = partstat
    event["dtstamp"] = icalendar.vDatetime(stamped or datetime.now(UTC))
    return calendar.to_ical()


def answer_of(meeting, person) -> Rsvp:
    return next(attendee.rsvp for attendee in meeting.attendees if attendee.person == person)


def mailed(reply: bytes, sender: str, subject: str = "Accepted: Team around the child meeting") -> EmailMessage:
    """A reply as Gmail or Outlook mails it to the organiser: a note and the calendar part."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "senco@school.example", subject
    mail.set_content("Grace has accepted this invitation.")
    mail.add_alternative(reply.decode(), subtype="calendar", params={"method": "REPLY"})
    return mail


def fetch(connection, replies):
    return mailed_replies.fetch(make_session_factory(connection), replies.mailbox, ssl_context=replies.context)


@pytest.fixture
def meeting(db, make_meeting):
    found = make_meeting((utcnow() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0))
    db.flush()
    return found


def test_a_mailed_reply_changes_the_attendees_answer_and_is_filed(db, connection, replies, child_team, meeting,
                                                                   site):
    reply = calendar_reply(meeting, child_team.parent, "ACCEPTED", site=site)
    replies.deliver(mailed(reply, child_team.parent.email))
    report = fetch(connection, replies)
    db.expire_all()
    assert answer_of(meeting, child_team.parent) is Rsvp.ACCEPTED
    assert report.counts[mailed_replies.Outcome.ANSWERED] == 1
    assert replies.subjects(replies.mailbox.folder) == []
    assert replies.subjects(replies.mailbox.answered_folder) == ["Accepted: Team around the child meeting"]


def test_the_same_reply_mailed_twice_does_not_overwrite_a_later_answer(db, connection, replies, child_team, meeting,
                                                                        site):
    reply = calendar_reply(meeting, child_team.parent, "ACCEPTED", site=site,
                           stamped=datetime.now(UTC) - timedelta(minutes=5))
    replies.deliver(mailed(reply, child_team.parent.email))
    fetch(connection, replies)
    booking.respond(db, child_team.parent, meeting.id, {"answer": "declined"})  # then they said no on the page
    replies.deliver(mailed(reply, child_team.parent.email, subject="Accepted (again)"))
    report = fetch(connection, replies)
    db.expire_all()
    assert answer_of(meeting, child_team.parent) is Rsvp.DECLINED
    assert report.counts[mailed_replies.Outcome.OUT_OF_DATE] == 1


def test_a_mailed_reply_to_an_earlier_version_does_not_change_the_answer(db, connection, replies, child_team,
                                                                         meeting, site):
    reply = calendar_reply(meeting, child_team.parent, "DECLINED", site=site)
    later = meeting.starts_at + timedelta(days=1)
    booking.change(db, child_team.senco, meeting.id,
                   {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()},
                   expected_version=meeting.version, site=site)
    db.flush()
    replies.deliver(mailed(reply, child_team.parent.email))
    report = fetch(connection, replies)
    db.expire_all()
    assert answer_of(meeting, child_team.parent) is Rsvp.NEEDS_ACTION
    assert report.counts[mailed_replies.Outcome.OUT_OF_DATE] == 1


def test_a_reply_naming_an_attendee_but_sent_by_someone_else_changes_nothing_and_stays(
    db, connection, replies, child_team, meeting, site
):
    forged = calendar_reply(meeting, child_team.parent, "DECLINED", site=site)
    replies.deliver(mailed(forged, "someone@elsewhere.example", subject="Declined"))
    report = fetch(connection, replies)
    db.expire_all()
    assert answer_of(meeting, child_team.parent) is Rsvp.NEEDS_ACTION
    assert report.counts[mailed_replies.Outcome.LEFT] == 1
    assert replies.subjects(replies.mailbox.folder) == ["Declined"] and replies.unread() == 1


def test_mail_that_is_no_reply_stays_unread_for_a_person_and_is_looked_at_once(connection, replies, child_team):
    question = EmailMessage()
    question["From"], question["Subject"] = child_team.parent.email, "Can we move the meeting?"
    question.set_content("Tuesday is hard for us.")
    replies.deliver(question)
    first, second = fetch(connection, replies), fetch(connection, replies)
    assert first.counts[mailed_replies.Outcome.LEFT] == 1 and sum(second.counts.values()) == 0
    assert replies.subjects(replies.mailbox.folder) == ["Can we move the meeting?"] and replies.unread() == 1


def test_only_imap_over_tls_is_accepted_as_the_mailbox_address():
    with pytest.raises(ValueError, match="imaps://"):
        mailed_replies.Mailbox.from_url("imap://replies:secret@mail.school.example/INBOX")
    assert mailed_replies.Mailbox.from_url("imaps://replies:s%40cret@mail.school.example/Replies") == (
        mailed_replies.Mailbox("mail.school.example", 993, "replies", "s@cret", "Replies"))


def test_with_a_reply_address_set_invites_name_the_organiser_there_so_answers_reach_the_mailbox(
    db, child_team, meeting, site
):
    mailbox_site = dataclasses.replace(site, reply_address="meetings@school.example")
    invite = icalendar.Calendar.from_ical(booking.invite_for(db, child_team.parent, meeting.id, site=mailbox_site))
    organiser = invite.walk("VEVENT")[0]["organizer"]
    assert (str(organiser), str(organiser.params["CN"])) == ("mailto:meetings@school.example", "Priya Shah")


def test_a_mail_too_large_to_be_a_reply_is_not_read_and_stays_for_a_person(connection, replies, child_team,
                                                                            monkeypatch):
    monkeypatch.setattr(mailed_replies, "LARGEST_REPLY_BYTES", 2000)
    large = EmailMessage()
    large["From"], large["Subject"] = child_team.parent.email, "Photos from the weekend"
    large.set_content("x" * 3000)
    replies.deliver(large)
    assert sum(fetch(connection, replies).counts.values()) == 0
    assert replies.subjects(replies.mailbox.folder) == ["Photos from the weekend"] and replies.unread() == 1
