"""Accounts: logging in without revealing who has one, changing passwords, and
administrators opening and closing accounts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import Forbidden, InvalidInput, NotFound, TeamaroundError
from core.meetings import feeds
from core.models import LoginAttempt, Person, PersonKind
from core.people import links, sessions, throttle
from core.people import tokens as api_tokens
from core.people.passwords import MIN_LENGTH, verify
from core.people.team import create_person
from core.records import audit
from core.schemas import PreferencesInput
from core.validation import load
from core.wording import N_


class LoginFailed(TeamaroundError):
    """Wrong address, wrong password or a closed account: deliberately one error."""


class LoginThrottled(TeamaroundError):
    """Too many failed tries lately for this account or from this address (core.people.throttle)."""


def authenticate(db: Session, hasher: PasswordHasher, email: str, password: str, address: str) -> Person:
    """The person whose credentials these are, with every attempt recorded and audited."""
    email, network = email.strip().lower(), throttle.network_of(address)
    if throttle.paused(db, email, network):
        audit.record(db, None, "login.throttled", detail={"email": email, "address": address})
        raise LoginThrottled(email)
    person = db.scalar(select(Person).where(Person.email == email))
    succeeded = verify(hasher, person.password_hash if person else None, password) and person.active
    db.add(LoginAttempt(email=email, address=address, network=network, succeeded=succeeded))
    if not succeeded:
        audit.record(db, None, "login.failed", subject=_subject(person), detail={"email": email, "address": address})
        raise LoginFailed(email)
    audit.record(db, person, "login.succeeded", subject=_subject(person), detail={"address": address})
    if hasher.check_needs_rehash(person.password_hash):
        person.password_hash = hasher.hash(password)
    return person


def change_password(db: Session, hasher: PasswordHasher, person: Person, current: str, new: str) -> None:
    """Change a password; every session, API token and calendar address of the person ends
    (whoever changes it starts a new session)."""
    errors = {}
    if not verify(hasher, person.password_hash, current):
        errors["current_password"] = ["This is not your current password."]
    errors.update(password_problems(new, person.email))
    if errors:
        raise InvalidInput(errors)
    person.password_hash = hasher.hash(new)
    end_every_way_in(db, person)
    audit.record(db, person, "account.password_changed", subject=_subject(person))
    db.flush()


def end_every_way_in(db: Session, person: Person) -> None:
    """A password thought known to someone else, a new one, or an account closed: whatever
    the person had made with the old one, a session, a token, a calendar address, and any
    invitation or reset link still unused, opens nothing now."""
    sessions.end_all(db, person)
    api_tokens.revoke_all(db, person)
    feeds.revoke_all(db, person)
    links.end_all(db, person)


def password_problems(password: str, email: str, field: str = "new_password") -> dict[str, list[str]]:
    """Why ``password`` will not do for the account of ``email``, under ``field``; empty when it will."""
    if len(password) < MIN_LENGTH:
        return {field: [_TOO_SHORT]}
    if password.strip().lower() == email.lower():
        return {field: [N_("Do not use your email address as your password.")]}
    return {}


# Marked whole, MIN_LENGTH written out, so that pages show it in the reader's language (webui.errors.reasons).
_TOO_SHORT = N_("Use at least 12 characters: a few words together are easy to remember.")


def update_preferences(db: Session, actor: Person, data: Mapping[str, Any]) -> Person:
    """Change how the actor is addressed and contacted, and whether the team may see their details."""
    for name, value in load(PreferencesInput(), data).items():
        setattr(actor, name, value)
    feeds.person_changed(db, actor)  # how they are named, and whether their address is shown
    audit.record(db, actor, "account.preferences_changed", subject=_subject(actor))
    db.flush()
    return actor


def create_account(db: Session, hasher: PasswordHasher, data: Mapping[str, Any], password: str) -> Person:
    """Open an account with a password typed on the server's command line, the one place a
    password is chosen for someone (the first administrator's); everyone else is invited
    (core.people.invitations) and chooses their own."""
    problems = password_problems(password, str(data.get("email", "")), "password")
    if problems:
        raise InvalidInput(problems)
    person = create_person(db, data, password_hash=hasher.hash(password))
    audit.record(db, None, "account.created", subject=_subject(person), detail={"kind": person.kind.value})
    return person


def set_active(db: Session, actor: Person, person_id: int, active: bool) -> Person:
    """Deactivate or reactivate an account. Deactivation ends its sessions, API tokens and
    calendar address at once, for good: reactivated, the person makes new ones."""
    _require_administrator(actor)
    person = db.get(Person, person_id)
    if person is None:
        raise NotFound(f"person {person_id}")
    if person.id == actor.id and not active:
        raise Forbidden("administrators cannot close their own account; ask another administrator")
    person.active = active
    if not active:
        end_every_way_in(db, person)
    audit.record(db, actor, "account.reactivated" if active else "account.deactivated", subject=_subject(person))
    db.flush()
    return person


def list_accounts(db: Session, actor: Person) -> list[Person]:
    _require_administrator(actor)
    return list(db.scalars(select(Person).order_by(Person.full_name)))


def _require_administrator(actor: Person) -> None:
    if not (actor.active and actor.kind is PersonKind.ADMINISTRATOR):
        raise Forbidden("only administrators manage accounts")


def _subject(person: Person | None) -> str:
    return f"person:{person.id}" if person is not None else ""
