"""Outgoing e-mail: queued with the change it reports, sent afterwards, never twice.

A change and its messages commit together, so a crash never sends mail about a
change that was rolled back, and a mail server being down never stops a SENCO
saving a meeting: failures wait in the outbox and are retried with back-off.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import OutboxMessage, Person
from core.types import utcnow

SENDER = "Teamaround <no-reply@teamaround.invalid>"
MAX_ATTEMPTS = 8


def enqueue(
    db: Session,
    *,
    key: str,
    recipient: Person,
    subject: str,
    text_body: str,
    calendar: bytes | None = None,
    calendar_method: str | None = None,
) -> OutboxMessage | None:
    """Queue one e-mail; a message with the same ``key`` already queued is not queued again."""
    if db.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
        return None
    message = OutboxMessage(
        key=key,
        recipient_id=recipient.id,
        to_address=recipient.email,
        subject=subject,
        text_body=text_body,
        calendar=calendar.decode() if calendar else None,
        calendar_method=calendar_method,
    )
    db.add(message)
    db.flush()
    return message


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most a day."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 24 * 60))


def deliver_due(session_factory: Callable[[], Session], smtp_url: str, *, limit: int = 100) -> tuple[int, int]:
    """Send what is due, each message in its own transaction; return (sent, failed)."""
    sent = failed = 0
    with session_factory() as db:
        due = db.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= utcnow(),
                   OutboxMessage.attempts < MAX_ATTEMPTS)
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).all()
    for message_id in due:
        with session_factory() as db, db.begin():
            statement = select(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
            if db.get_bind().dialect.name == "postgresql":
                statement = statement.with_for_update(skip_locked=True)
            message = db.scalar(statement)
            if message is None:
                continue  # another worker took it
            message.attempts += 1
            try:
                send(smtp_url, to_email(message))
            except (OSError, smtplib.SMTPException) as error:
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                message.next_attempt_at = utcnow() + backoff(message.attempts)
                failed += 1
            else:
                message.sent_at = utcnow()
                sent += 1
    return sent, failed


def to_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = SENDER
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    # The same key always gives the same Message-ID, so a message sent again after
    # a crash between sending and marking it sent is recognisably the same one.
    email["Message-ID"] = f"<{hashlib.sha256(message.key.encode()).hexdigest()[:32]}@teamaround>"
    email.set_content(message.text_body)
    if message.calendar:
        email.add_alternative(message.calendar, subtype="calendar", params={"method": message.calendar_method})
    return email


def send(smtp_url: str, email: EmailMessage) -> None:
    """Send through ``smtp://[user:password@]host:port`` (or ``smtps://`` for TLS from the start)."""
    parts = urlsplit(smtp_url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"TEAMAROUND_SMTP_URL must start smtp:// or smtps://, not {parts.scheme}://")
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with client_class(parts.hostname, port, timeout=10) as client:
        client.ehlo()
        if parts.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(email)
