"""Answers that calendars mail back: iTIP REPLY messages read from an IMAP mailbox.

When a parent presses "Yes" in Gmail or Outlook, their calendar mails a METHOD:REPLY to
the meeting's organiser address (RFC 6047). Reading that mailbox here saves anyone
uploading the file: each reply goes through exactly the checks of an uploaded one
(:func:`core.meetings.booking.apply_reply`: the meeting's UID, the version answered,
the order of answers), on behalf of the invited person it names. The mail's sender must
be that person's address too, so nobody answers for someone else by naming them.

A reply that was applied, or was recognised but is out of date (an earlier version of
the invite, an older answer, the same reply twice), is moved to the answered folder.
Anything else (a message that is not a reply, a meeting or person not known here, a
sender who is not the attendee named) stays in the mailbox for a person to read, unread,
and marked so that the next run passes it by.
"""

from __future__ import annotations

import enum
import imaplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import Forbidden, InvalidInput, NotFound
from core.meetings import booking
from core.models import Meeting

# An IMAP keyword (RFC 3501 2.3.2) on mail left for a person, so each run looks at it once.
LEFT_FOR_A_PERSON = "$TeamaroundLeft"
DEFAULT_ANSWERED_FOLDER = "Answered by Teamaround"
# A calendar's reply is a few kilobytes; anything far larger is left for a person unread by us.
LARGEST_REPLY_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 60


class Outcome(enum.Enum):
    ANSWERED = "answered"
    OUT_OF_DATE = "out of date"
    LEFT = "left for a person"


@dataclass(frozen=True)
class Mailbox:
    """Where replies arrive: ``imaps://user:password@host[:port]/folder`` (IMAP over TLS only)."""

    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    answered_folder: str = DEFAULT_ANSWERED_FOLDER

    @classmethod
    def from_url(cls, url: str, answered_folder: str = DEFAULT_ANSWERED_FOLDER) -> Mailbox:
        parts = urlsplit(url)
        if parts.scheme != "imaps":
            raise ValueError(f"the mailbox address must start imaps:// (IMAP over TLS), not {parts.scheme}://")
        if not parts.hostname or not parts.username:
            raise ValueError("the mailbox address needs a user and a host: imaps://user:password@host/INBOX")
        return cls(parts.hostname, parts.port or 993, unquote(parts.username), unquote(parts.password or ""),
                   unquote(parts.path.strip("/")) or "INBOX", answered_folder)


@dataclass
class FetchReport:
    """How many messages went which way in one run."""

    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))

    def __str__(self) -> str:
        return ", ".join(f"{count} {outcome.value}" for outcome, count in self.counts.items())


def fetch(session_factory: Callable[[], Session], mailbox: Mailbox, *,
          ssl_context: ssl.SSLContext | None = None) -> FetchReport:
    """Read the replies in ``mailbox`` not looked at before, apply each, and file the message."""
    report = FetchReport()
    context = ssl_context or ssl.create_default_context()
    with imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=context, timeout=TIMEOUT_SECONDS) as client:
        client.login(mailbox.user, mailbox.password)
        _check(client.select(_quoted(mailbox.folder)))
        client.create(_quoted(mailbox.answered_folder))  # "already exists" is an answer, not a failure
        found = _check(client.uid("SEARCH", "UNKEYWORD", LEFT_FOR_A_PERSON, "SMALLER", str(LARGEST_REPLY_BYTES)))
        for uid in found[0].split():
            fetched = _check(client.uid("FETCH", uid, "(BODY.PEEK[])"))
            outcome = apply(session_factory, fetched[0][1])
            report.counts[outcome] += 1
            if outcome is Outcome.LEFT:
                _check(client.uid("STORE", uid, "+FLAGS", f"({LEFT_FOR_A_PERSON})"))
            else:
                _check(client.uid("MOVE", uid, _quoted(mailbox.answered_folder)))  # RFC 6851
    return report


def apply(session_factory: Callable[[], Session], raw: bytes) -> Outcome:
    """Apply one mailed reply in its own transaction; what became of it."""
    mail = message_from_bytes(raw, policy=policy.default)
    reply = _calendar_reply(mail)
    if reply is None:
        return Outcome.LEFT
    sender = parseaddr(str(mail.get("From", "")))[1].casefold()
    with session_factory() as db, db.begin():
        meeting = db.scalar(select(Meeting).where(Meeting.uid == reply.uid))
        person = next((attendee.person for attendee in (meeting.attendees if meeting else ())
                       if attendee.person.email.casefold() == sender and sender in reply.answering), None)
        if person is None:
            return Outcome.LEFT
        try:
            booking.apply_reply(db, person, meeting.id, reply.calendar)
        except InvalidInput:
            return Outcome.OUT_OF_DATE
        except (Forbidden, NotFound):  # no longer in the child's team
            return Outcome.LEFT
    return Outcome.ANSWERED


@dataclass(frozen=True)
class _Reply:
    calendar: bytes
    uid: str
    answering: frozenset[str]


def _calendar_reply(mail: EmailMessage) -> _Reply | None:
    """The iTIP REPLY a message carries (a text/calendar part, or an .ics attachment), if any."""
    for part in mail.walk():
        if part.get_content_type() not in ("text/calendar", "application/ics"):
            continue
        calendar_bytes = part.get_payload(decode=True) or b""
        try:
            calendar = icalendar.Calendar.from_ical(calendar_bytes)
            if str(calendar.get("method", "")).upper() != "REPLY":
                continue
            [event] = calendar.walk("VEVENT")
            attendees = event.get("attendee")
            attendees = attendees if isinstance(attendees, list) else [attendees]
            answering = frozenset(str(a).removeprefix("mailto:").removeprefix("MAILTO:").casefold()
                                  for a in attendees if a is not None)
            return _Reply(calendar_bytes, str(event["uid"]), answering)
        except (ValueError, KeyError):
            continue
    return None


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(answer):
    status, data = answer
    if status != "OK":
        raise imaplib.IMAP4.error(f"the mail server answered {status}: {data!r}")
    return data
