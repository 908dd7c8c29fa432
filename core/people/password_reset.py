"""A forgotten password: a single-use link by e-mail, valid for an hour.

Asking gives the same answer whether or not an account has the address (the caller shows
one page either way), and the work done differs only by writing the link and the mail.
A person is sent at most :data:`MAX_MAILS_PER_HOUR` links an hour, so nobody can fill a
mailbox by asking again and again; the web asks, by address, through its own rate limit.
Choosing the new password ends every session, API token, calendar address and other
link of the person (core.people.accounts.end_every_way_in): whoever had any of them
makes new ones.
"""

from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InvalidInput, NotFound
from core.messaging import outbox
from core.models import LinkPurpose, Person
from core.people import accounts, links
from core.records import audit
from core.site import Site
from core.types import utcnow
from core.wording import N_, Wording, render, when

LIFETIME = timedelta(hours=1)
MAX_MAILS_PER_HOUR = 3

_SUBJECT = N_("Choose a new Teamaround password")
_DEAR = N_("Dear %(name)s,")
_ASKED = N_("Someone, probably you, asked for a new password for your Teamaround account.")
_OPEN = N_("Open this link to choose it. It works once, until %(when)s:")
_NOT_YOU = N_("If it was not you, ignore this e-mail: your password stays as it is.")


def ask(db: Session, email: str, address: str, *, site: Site) -> None:
    """Mail a reset link to the open account with ``email``, if there is one; audited either way."""
    email = email.strip().lower()
    person = db.scalar(select(Person).where(Person.email == email, Person.active.is_(True)))
    audit.record(
        db,
        None,
        "account.password_reset_asked",
        subject=f"person:{person.id}" if person else "",
        detail={"email": email, "address": address},
    )
    if person is None or not site.mail_enabled:
        return
    if links.count_since(db, person, LinkPurpose.PASSWORD_RESET, utcnow() - timedelta(hours=1)) >= MAX_MAILS_PER_HOUR:
        return
    issued, secret = links.issue(db, person, LinkPurpose.PASSWORD_RESET, LIFETIME)
    reader = site.reader(person.language)
    text = [
        render(Wording(_DEAR, {"name": person.display_name}), reader),
        "",
        render(Wording(_ASKED), reader),
        render(Wording(_OPEN, {"when": when(issued.expires_at)}), reader),
        site.link(f"password/reset/{secret}"),
        "",
        render(Wording(_NOT_YOU), reader),
        "",
    ]
    outbox.enqueue(
        db,
        key=f"password_reset:{issued.id}",
        recipient=person,
        child_id=None,
        subject=render(Wording(_SUBJECT), reader),
        text_body="\n".join(text),
        secret=secret,
    )


def check(db: Session, secret: str) -> Person:
    """Whose password the link behind ``secret`` resets, while it still works."""
    link = links.valid(db, secret, LinkPurpose.PASSWORD_RESET)
    if link is None:
        raise NotFound("password reset")
    return link.person


def reset(db: Session, hasher: PasswordHasher, secret: str, password: str) -> Person:
    """Set the password the link's person chose, once; every other way into the account ends."""
    link = links.valid(db, secret, LinkPurpose.PASSWORD_RESET)
    if link is None:
        raise NotFound("password reset")
    person = link.person
    if problems := accounts.password_problems(password, person.email, "password"):
        raise InvalidInput(problems)
    person.password_hash = hasher.hash(password)
    links.use(db, link)
    accounts.end_every_way_in(db, person)
    audit.record(db, person, "account.password_reset_done", subject=f"person:{person.id}")
    return person
