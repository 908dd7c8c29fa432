"""Outgoing e-mail: queued with the change it reports, sent afterwards, once.

A change and its messages commit together, so a crash never sends mail about a
change that was rolled back, and a mail server being down never stops a SENCO
saving a meeting: failures wait in the outbox and are retried with back-off.

Sending holds no transaction while it talks to the mail server, so it never keeps
SQLite's write lock from someone saving a meeting. Each message takes three short
transactions, with the SMTP conversation between them:

1. **Claim.** One sender takes one due message on a lease (``claimed_by``,
   ``claimed_until``), so several ``teamaround outbox run`` processes never take the
   same message. A message whose recipient was deactivated, or may no longer see a
   child it names, is not sent: it is deleted and its notifications wait again
   (``core.messaging.notifications`` mails them only to people who still may read them).
2. **Hand over.** MAIL, RCPT, DATA and all of the message go to the server, but not
   the final ``.``: a server that loses the connection before that dot discards the
   message (RFC 5321 4.1.1.4). Just before the dot, ``handed_over_at`` is committed,
   and only while this sender's lease holds, so a sender whose lease ran out never
   delivers; the commit also stretches the lease over the wait for the answer.
3. **Mark.** On 250, ``sent_at``. A refusal, a timeout or a dropped connection counts
   as a 451, as RFC 5321 6.1 asks: not delivered, retried later with back-off.

A sender that dies (kill -9, a crash) leaves a lease that runs out. Without
``handed_over_at`` the server never had the final dot, so the message was not
delivered: it is sent again, once. With it, the sender died while the server was
answering the dot; bytes a process wrote still leave the machine after it dies, and a
mail server answers 250 only once it has queued the message, so the message is
**presumed delivered**: never sent again, ``sent_at`` is the hand-over time and
``last_error`` says it was presumed. We chose this over sending it again because in
that window the likely outcome of a resend is a second copy, and a loss needs the
sender to die in the microseconds between the commit and writing the dot, or the
server to refuse the message at that moment.

The repeats still possible (a retry after the connection dropped before the answer,
or a power cut undoing the last commits: SQLite syncs with ``synchronous=NORMAL``)
carry the same Message-ID, made from ``key``, and an invite the same UID and
SEQUENCE, by which mail stores and calendar clients recognise them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import secrets
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from core.access import sees_child
from core.models import Notification, OutboxMessage, Person
from core.types import utcnow

SENDER_ADDRESS = "no-reply@teamaround.invalid"
SENDER = f"Teamaround <{SENDER_ADDRESS}>"
KEEP_TRYING_FOR = timedelta(days=5)
"""How long a message is retried before it is given up and reported (``outbox undelivered``):
long enough for a mail server down over a weekend, short enough that a meeting it announces
has not passed. An invitation's link lasts seven days."""
LONGEST_WAIT = timedelta(hours=1)
COMMAND_TIMEOUT = 10  # seconds for connecting and each command before the final dot
ANSWER_TIMEOUT = 10 * 60  # RFC 5321 4.5.3.2.6: the wait for the answer to the final dot
LEASE = timedelta(minutes=5)  # far more than connecting and the commands can take
PRESUMED = "Presumed delivered: the sender stopped after handing the message over, before the server's answer."
BLANKED = "…"
"""What stands in a sent message's kept text where its secret was (a link's secret): no word
to translate, and a link that plainly opens nothing."""


class LeaseLost(Exception):
    """Another sender has taken the message over: this one must not hand it over."""


def enqueue(
    db: Session,
    *,
    key: str,
    recipient: Person,
    child_id: int | None,
    subject: str,
    text_body: str,
    calendar: bytes | None = None,
    calendar_method: str | None = None,
    secret: str | None = None,
) -> OutboxMessage | None:
    """Queue one e-mail about child ``child_id`` (None: about no child, or several); a message
    with the same ``key`` already queued is not queued again. ``secret``, a part of
    ``text_body`` that opens something (an unused invitation link's), is blanked in the text
    kept once the message is sent, so that it is no longer in the database or in an export."""
    if db.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
        return None
    message = OutboxMessage(
        key=key,
        recipient_id=recipient.id,
        child_id=child_id,
        to_address=recipient.email,
        subject=subject,
        text_body=text_body,
        secret=secret,
        calendar=calendar.decode() if calendar else None,
        calendar_method=calendar_method,
    )
    db.add(message)
    db.flush()
    return message


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … 32 minutes, then an hour: a server back after a long outage is tried again
    within the hour."""
    return min(timedelta(minutes=2 ** min(max(attempts - 1, 0), 6)), LONGEST_WAIT)


def deliver_due(session_factory: Callable[[], Session], smtp_url: str, *, limit: int = 100) -> tuple[int, int]:
    """Send what is due, one message at a time and outside any transaction; return (sent, failed)."""
    sender = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"[-100:]
    with session_factory() as db, db.begin():
        _presume_delivered(db, utcnow())
    sent = failed = 0
    for _ in range(limit):
        with session_factory() as db, db.begin():
            claimed = _claim_next(db, sender, utcnow())
        if claimed is None:
            break
        message_id, email = claimed
        try:
            send(smtp_url, email, before_final_dot=functools.partial(_hand_over, session_factory, message_id, sender))
        except LeaseLost:
            continue  # another sender has it now
        except (OSError, smtplib.SMTPException) as error:
            with session_factory() as db, db.begin():
                _release(db, message_id, sender, error)
            failed += 1
        else:
            with session_factory() as db, db.begin():
                _finish(db, message_id, sender)
            sent += 1
    return sent, failed


def _due(now: datetime):
    return and_(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.handed_over_at.is_(None),
        OutboxMessage.next_attempt_at <= now,
        OutboxMessage.given_up_at.is_(None),
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
    )


def _claim_next(db: Session, sender: str, now: datetime) -> tuple[int, EmailMessage] | None:
    """Lease the oldest due message to ``sender``, withholding any it may no longer receive."""
    statement = select(OutboxMessage).where(_due(now)).order_by(OutboxMessage.id).limit(1)
    if db.get_bind().dialect.name == "postgresql":
        # SQLite's BEGIN IMMEDIATE already lets one sender claim at a time.
        statement = statement.with_for_update(skip_locked=True)
    while (message := db.scalar(statement)) is not None and not _may_still_receive(db, message):
        _withhold(db, message)
    if message is None:
        return None
    message.claimed_by, message.claimed_until = sender, now + LEASE
    message.attempts += 1
    db.flush()
    return message.id, to_email(message)


def _may_still_receive(db: Session, message: OutboxMessage) -> bool:
    """Access can change after queueing: an active recipient who may still see every child named."""
    recipient = db.get(Person, message.recipient_id) if message.recipient_id else None
    if recipient is not None and not recipient.active:
        return False
    lost = select(Notification.id).where(
        Notification.outbox_message_id == message.id,
        Notification.child_id.is_not(None),
        ~sees_child(Notification.recipient_id, Notification.child_id),
    )
    return db.scalar(lost.limit(1)) is None


def _withhold(db: Session, message: OutboxMessage) -> None:
    """Drop a message that must not go, with its words; its notifications wait to be mailed again."""
    db.execute(
        update(Notification)
        .where(Notification.outbox_message_id == message.id)
        .values(emailed_at=None, outbox_message_id=None)
        .execution_options(synchronize_session=False)
    )
    db.delete(message)
    db.flush()


def _hand_over(session_factory: Callable[[], Session], message_id: int, sender: str) -> None:
    """Commit that the final dot is about to go, if ``sender`` still holds the lease."""
    with session_factory() as db, db.begin():
        now = utcnow()
        held = db.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == sender,
                   OutboxMessage.claimed_until > now)
            .values(handed_over_at=now, claimed_until=now + timedelta(seconds=ANSWER_TIMEOUT) + LEASE)
            .execution_options(synchronize_session=False)
        ).rowcount
    if held != 1:
        raise LeaseLost(f"outbox message {message_id}")


def _finish(db: Session, message_id: int, sender: str) -> None:
    db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == sender)
        .values(sent_at=utcnow(), claimed_by=None, claimed_until=None, **_SECRET_FORGOTTEN)
        .execution_options(synchronize_session=False)
    )


# Sent: the text kept without its secret. Replacing '' leaves the text as it is, in SQLite
# and PostgreSQL alike.
_SECRET_FORGOTTEN = {
    "text_body": func.replace(OutboxMessage.text_body, func.coalesce(OutboxMessage.secret, ""), BLANKED),
    "secret": None,
}


def _release(db: Session, message_id: int, sender: str, error: Exception) -> None:
    """Not delivered: give the message back, to be tried again after its back-off, or give
    it up when that would be after :data:`KEEP_TRYING_FOR` since it was queued."""
    message = db.get(OutboxMessage, message_id)
    if message is None or message.claimed_by != sender:
        return
    now = utcnow()
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.next_attempt_at = now + backoff(message.attempts)
    if message.next_attempt_at > message.created_at + KEEP_TRYING_FOR:
        message.given_up_at = now
    message.claimed_by = message.claimed_until = message.handed_over_at = None


@dataclass(frozen=True)
class Undelivered:
    """How much mail is not delivered after failing, for an operator (:func:`undelivered`)."""

    waiting: int
    oldest_waiting_since: datetime | None
    given_up: int


# Failed at least once and not sent.
_UNSENT = and_(OutboxMessage.sent_at.is_(None), OutboxMessage.last_error != "")


def undelivered(db: Session) -> Undelivered:
    """How many messages still wait to be retried (queued since when) and how many were given
    up, in one query: ``outbox run`` and a metrics scrape ask it every minute."""
    waiting, oldest, given_up = db.execute(
        select(
            func.count(OutboxMessage.id).filter(OutboxMessage.given_up_at.is_(None)),
            func.min(OutboxMessage.created_at).filter(OutboxMessage.given_up_at.is_(None)),
            func.count(OutboxMessage.given_up_at),
        ).where(_UNSENT)
    ).one()
    return Undelivered(waiting=waiting, oldest_waiting_since=oldest, given_up=given_up)


def given_up(db: Session) -> list[OutboxMessage]:
    """The messages given up, oldest first, with their last errors: for an operator to look at."""
    return list(db.scalars(
        select(OutboxMessage).where(_UNSENT, OutboxMessage.given_up_at.is_not(None))
        .order_by(OutboxMessage.given_up_at, OutboxMessage.id)
    ))


def retry_given_up(db: Session, now: datetime) -> int:
    """Try every message given up once more, now that what stopped it is mended (the mail
    server's address, a refused sender); one that fails again is given up again at once."""
    return db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.given_up_at.is_not(None), OutboxMessage.sent_at.is_(None))
        .values(given_up_at=None, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount



def _presume_delivered(db: Session, now: datetime) -> None:
    """Messages whose sender died while the server answered the final dot: see the module docstring."""
    db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.handed_over_at.is_not(None),
               OutboxMessage.claimed_until <= now)
        .values(sent_at=OutboxMessage.handed_over_at, claimed_by=None, claimed_until=None, last_error=PRESUMED,
                **_SECRET_FORGOTTEN)
        .execution_options(synchronize_session=False)
    )


def to_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = SENDER
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    # The same key always gives the same Message-ID, so a message that is sent again
    # is recognisably the same one.
    email["Message-ID"] = f"<{hashlib.sha256(message.key.encode()).hexdigest()[:32]}@teamaround>"
    email.set_content(message.text_body)
    if message.calendar:
        email.add_alternative(message.calendar, subtype="calendar", params={"method": message.calendar_method})
    return email


def send(smtp_url: str, email: EmailMessage, *, before_final_dot: Callable[[], None] = lambda: None) -> None:
    """Send through ``smtp://[user:password@]host:port`` (or ``smtps://`` for TLS from the start).

    ``before_final_dot`` runs when the server has all of the message but the dot that
    ends it; if it raises, the dot never goes and the server discards the message.
    """
    client = connect(smtp_url)
    try:
        _transact(client, email, before_final_dot)
        with contextlib.suppress(OSError, smtplib.SMTPException):
            client.quit()  # the server has accepted the message; how the goodbye goes does not matter
    finally:
        client.close()


def connect(smtp_url: str) -> smtplib.SMTP:
    """A connection to the mail server at ``smtp_url``, greeted, over TLS where the server
    offers it, and signed in when the URL names a user: ready for a message."""
    parts = urlsplit(smtp_url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"TEAMAROUND_SMTP_URL must start smtp:// or smtps://, not {parts.scheme}://")
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    client = client_class(parts.hostname, port, timeout=COMMAND_TIMEOUT)
    try:
        client.ehlo()
        if parts.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
    except BaseException:
        client.close()
        raise
    return client


def _in_seven_bits(email: EmailMessage) -> None:
    """Re-encode ``email``'s 8-bit parts (a name with an accent, a dash in a place) as
    quoted-printable, for a server that has not offered 8BITMIME: sending it 8-bit data
    breaks RFC 6152, and a relay may then cut or mangle the invite."""
    for part in email.walk():
        if part.is_multipart() or part.get("Content-Transfer-Encoding", "").lower() != "8bit":
            continue
        params = {name: value for name, value in part.get_params()[1:] if name != "charset"}
        part.set_content(part.get_content(), subtype=part.get_content_subtype(), cte="quoted-printable",
                         params=params)


def _transact(client: smtplib.SMTP, email: EmailMessage, before_final_dot: Callable[[], None]) -> None:
    """One SMTP mail transaction, as ``smtplib.SMTP.sendmail`` runs it, with the final dot held back."""
    if not client.has_extn("8bitmime"):
        _in_seven_bits(email)
    content = re.sub(rb"(?m)^\.", b"..", email.as_bytes(policy=policy.SMTP))  # RFC 5321 4.5.2
    if not content.endswith(b"\r\n"):
        content += b"\r\n"
    options = ["BODY=8BITMIME"] if not content.isascii() and client.has_extn("8bitmime") else []
    code, reply = client.mail(SENDER_ADDRESS, options)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, SENDER_ADDRESS)
    for address in email["To"].addresses:
        code, reply = client.rcpt(address.addr_spec)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({address.addr_spec: (code, reply)})
    code, reply = client.docmd("DATA")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    client.send(content)
    before_final_dot()
    client.sock.settimeout(ANSWER_TIMEOUT)
    client.send(b".\r\n")
    code, reply = client.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
