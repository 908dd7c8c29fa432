"""Invitations: a person is invited by e-mail and chooses their own password.

Nobody chooses a password for someone else (the command line's first administrator
aside, core.people.accounts.create_account). An administrator opens an account, a team's
lead invites a parent or carer who has no account yet, either sends again an invitation
not yet accepted, and the roster import invites the people it adds; each goes through
:func:`invite`. The mail carries a single-use link
(core.people.links) that works for ``site.invitation_lifetime`` (a week by default); a
resent invitation ends the one before. Accepting sets the password, the language and how
the person wants to be contacted, at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import require_administrator, team_manager_access
from core.errors import InvalidInput, NotFound
from core.messaging import outbox
from core.models import LinkPurpose, Membership, Person
from core.people import accounts, links
from core.people.team import PARENT_ROLES, add_member, awaits_acceptance, create_person
from core.records import audit
from core.schemas import PreferencesInput
from core.site import Site
from core.validation import load
from core.wording import N_, Wording, render, when

_SUBJECT = N_("You are invited to Teamaround")
_DEAR = N_("Dear %(name)s,")
_INVITED_BY = N_("%(person)s invites you to Teamaround, where the team around a child shares news, plans and meetings.")
_INVITED = N_("You are invited to Teamaround, where the team around a child shares news, plans and meetings.")
_OPEN = N_(
    "Open this link to choose your password and how you would like to be contacted. It works once, until %(when)s:"
)
_NOT_YOU = N_("If you were not expecting this, you can ignore this e-mail.")


def invite(db: Session, person: Person, by: Person | None, *, site: Site) -> str:
    """Mail ``person`` a new invitation (any earlier one stops working); the link it carries.

    ``by`` is whoever invites (None: the system, e.g. an import run from the command line);
    callers check that they may. The mail is written in the person's language, through the
    outbox, and only where mail is set up (``site.mail_enabled``).
    """
    issued, secret = links.issue(db, person, LinkPurpose.INVITATION, site.invitation_lifetime, sent_by=by)
    link = site.link(f"invitations/{secret}")
    if site.mail_enabled:
        outbox.enqueue(
            db,
            key=f"invitation:{issued.id}",
            recipient=person,
            child_id=None,
            subject=render(Wording(_SUBJECT), site.reader(person.language)),
            text_body=_mail_text(person, by, link, issued.expires_at, site),
            secret=secret,
        )
    audit.record(db, by, "account.invited", subject=f"person:{person.id}")
    return link


def _mail_text(person: Person, by: Person | None, link: str, expires_at, site: Site) -> str:
    reader = site.reader(person.language)
    invited = Wording(_INVITED_BY, {"person": by.full_name}) if by is not None else Wording(_INVITED)
    return "\n".join(
        [
            render(Wording(_DEAR, {"name": person.display_name}), reader),
            "",
            render(invited, reader),
            "",
            render(Wording(_OPEN, {"when": when(expires_at)}), reader),
            link,
            "",
            render(Wording(_NOT_YOU), reader),
            "",
        ]
    )


def open_account(db: Session, actor: Person, data: Mapping[str, Any], *, site: Site) -> tuple[Person, str]:
    """An administrator opens an account, with no password, and invites its person; the link."""
    require_administrator(actor, "open accounts")
    person = create_person(db, data)
    audit.record(db, actor, "account.created", subject=f"person:{person.id}", detail={"kind": person.kind.value})
    return person, invite(db, person, actor, site=site)


def invite_to_team(
    db: Session, actor: Person, child_id: int, data: Mapping[str, Any], *, site: Site
) -> tuple[Membership, str]:
    """Whoever manages a child's team invites a parent or carer who has no account yet: the
    account is opened (in the language the family reads, if given), they join the team, and
    the invitation is mailed; the link. Other accounts are the administrator's to open."""
    team_manager_access(db, actor, child_id)
    if data.get("role") not in PARENT_ROLES:
        raise InvalidInput({"role": [N_("Invite parents and carers here; the administrator opens other accounts.")]})
    fields = {name: data[name] for name in ("full_name", "email", "language") if data.get(name)}
    person = create_person(db, fields | {"kind": "parent"})
    audit.record(db, actor, "account.created", subject=f"person:{person.id}", detail={"kind": person.kind.value})
    membership = add_member(db, actor, child_id, {"person_id": person.id, "role": data["role"]})
    return membership, invite(db, person, actor, site=site)


def resend(db: Session, actor: Person, child_id: int, person_id: int, *, site: Site) -> tuple[Person, str]:
    """Whoever manages a child's team invites again a member who has not accepted yet."""
    team_manager_access(db, actor, child_id)
    person = db.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.child_id == child_id, Membership.left_at.is_(None), Person.id == person_id)
    )
    if person is None or not awaits_acceptance(person):
        raise NotFound(f"invitation of member {person_id}")
    return person, invite(db, person, actor, site=site)


def invite_again(db: Session, actor: Person, person_id: int, *, site: Site) -> tuple[Person, str]:
    """An administrator invites again someone who has not accepted yet, in a team or not."""
    require_administrator(actor, "open accounts")
    person = db.get(Person, person_id)
    if person is None or not awaits_acceptance(person):
        raise NotFound(f"invitation of person {person_id}")
    return person, invite(db, person, actor, site=site)


def invited_by_link(db: Session, secret: str) -> Person:
    """Whom the invitation behind ``secret`` invites, while it still works."""
    link = links.valid(db, secret, LinkPurpose.INVITATION)
    if link is None:
        raise NotFound("invitation")
    return link.person


@dataclass(frozen=True)
class Accepted:
    """The person now signed up, and the child whose timeline they land on (a parent of one child)."""

    person: Person
    child_id: int | None


def accept(
    db: Session, hasher: PasswordHasher, secret: str, password: str, preferences: Mapping[str, Any]
) -> Accepted:
    """Accept an invitation: the password and preferences the person chose, once."""
    link = links.valid(db, secret, LinkPurpose.INVITATION)
    if link is None:
        raise NotFound("invitation")
    person = link.person
    errors = accounts.password_problems(password, person.email, "password")
    try:
        chosen = load(PreferencesInput(), preferences)
    except InvalidInput as error:
        errors |= error.errors
    if errors:
        raise InvalidInput(errors)
    for name, value in chosen.items():
        setattr(person, name, value)
    person.password_hash = hasher.hash(password)
    links.use(db, link)
    accounts.end_every_way_in(db, person)
    audit.record(db, person, "account.invitation_accepted", subject=f"person:{person.id}")
    return Accepted(person, _only_child(db, person))


def _only_child(db: Session, person: Person) -> int | None:
    if not person.is_parent:
        return None
    children = db.scalars(
        select(Membership.child_id).where(Membership.person_id == person.id, Membership.left_at.is_(None)).limit(2)
    ).all()
    return children[0] if len(children) == 1 else None
