"""Accounts another system keeps in step: a school's management information system or an
agency's system opens the accounts of the people it knows, changes them on the version it
read, and finds a person by the identifier it knows them by.

An identifier is kept as a roster link (:class:`core.models.RosterLink`) under the system's
name, not in a table of its own: the roster import and the API then share one map of who is
who, so a person a school's system opened under their OneRoster identifier is the one the
next OneRoster import names by it, and a person an import brought is found by it. One
identifier is one record in each system (the links' unique index); one system gives a
person one identifier (here).

Administrators alone do this, as they alone open accounts on the pages: a school's system
uses a token made by an administrator's account kept for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from core.access import require_administrator
from core.errors import DoesNotFit, NotFound, StaleVersion
from core.meetings import feeds
from core.models import Person, RosterLink
from core.people import accounts, invitations
from core.records import audit
from core.schemas import AccountChange, AccountInput, PeopleQuery
from core.site import Site
from core.types import utcnow
from core.validation import load

TAKEN = "Another record already has this identifier in this system."
WHAT = "keep accounts in step with another system"


def open_account(db: Session, actor: Person, data: Mapping[str, Any], *, site: Site) -> Person:
    """Open an account with the identifiers other systems know the person by, and invite them
    (core.people.invitations) as an administrator's page does."""
    require_administrator(actor, WHAT)
    identifiers = _stripped(load(AccountInput(), data)["identifiers"])
    _require_free(db, None, identifiers)
    details = {name: value for name, value in data.items() if name != "identifiers"}
    person, _ = invitations.open_account(db, actor, details, site=site)
    if identifiers:
        _set(db, person, identifiers)
        audit.record(db, actor, "person.updated", subject=f"person:{person.id}", detail={"fields": ["identifiers"]})
    return person


def update_account(
    db: Session, actor: Person, person_id: int, data: Mapping[str, Any], *, expected_version: int
) -> Person:
    """Change an account's details, identifiers or whether it is open, those sent only, on the
    version read; closing it ends its sessions and tokens (core.people.accounts.set_active)."""
    person = account(db, actor, person_id)
    values = load(AccountChange(), data)
    identifiers = _stripped(values.pop("identifiers", []))
    active = values.pop("active", None)
    if "email" in values:
        values["email"] = values["email"].strip().lower()
        if db.scalar(select(Person.id).where(Person.email == values["email"], Person.id != person.id)):
            raise DoesNotFit({"email": ["An account with this email address already exists."]})
    _require_free(db, person.id, identifiers)
    if person.version != expected_version:
        raise StaleVersion("Someone else changed this account while you were reading it: read it again.")
    for name, value in values.items():
        setattr(person, name, value)
    if identifiers:
        _set(db, person, identifiers)
        flag_modified(person, "full_name")  # the account's version moves with its identifiers
    db.flush()
    if values:
        feeds.person_changed(db, person)  # calendar feeds name them, with their address where agreed
    changed = sorted([*values, *(["identifiers"] if identifiers else [])])
    if changed:
        audit.record(db, actor, "person.updated", subject=f"person:{person.id}", detail={"fields": changed})
    if active is not None and active != person.active:
        accounts.set_active(db, actor, person.id, active)
    db.refresh(person, ["identifiers"])
    return person


def account(db: Session, actor: Person, person_id: int) -> Person:
    """One account with its identifiers, for an administrator."""
    require_administrator(actor, WHAT)
    person = db.get(Person, person_id, options=[selectinload(Person.identifiers)])
    if person is None:
        raise NotFound(f"person {person_id}")
    return person


def people_page(db: Session, actor: Person, query: Mapping[str, Any]) -> tuple[list[Person], bool]:
    """Accounts by id after the query's ``after``, and whether more follow; only the one a
    system knows by an identifier when the query names both (core.schemas.PeopleQuery)."""
    require_administrator(actor, WHAT)
    options = load(PeopleQuery(), query)
    statement = select(Person).options(selectinload(Person.identifiers)).order_by(Person.id).limit(options["limit"] + 1)
    if options["after"] is not None:
        statement = statement.where(Person.id > options["after"])
    if options["system"] is not None:
        statement = statement.where(
            Person.id.in_(
                select(RosterLink.person_id).where(
                    RosterLink.source == options["system"], RosterLink.identifier == options["identifier"].strip()
                )
            )
        )
    rows = db.scalars(statement).all()
    return list(rows[: options["limit"]]), len(rows) > options["limit"]


def _stripped(identifiers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**identifier, "value": identifier["value"].strip() if identifier["value"] is not None else None}
        for identifier in identifiers
    ]


def _require_free(db: Session, person_id: int | None, identifiers: list[dict[str, Any]]) -> None:
    """Refuse an identifier another record holds in its system (409, naming the field)."""
    clashes = {}
    for at, identifier in enumerate(identifiers):
        if identifier["value"] is None:
            continue
        holder = db.execute(
            select(RosterLink.child_id, RosterLink.person_id).where(
                RosterLink.source == identifier["system"], RosterLink.identifier == identifier["value"]
            )
        ).first()
        if holder is not None and (holder.child_id is not None or holder.person_id != person_id):
            clashes[f"identifiers.{at}.value"] = [TAKEN]
    if clashes:
        raise DoesNotFit(clashes)


def _set(db: Session, person: Person, identifiers: list[dict[str, Any]]) -> None:
    """Each system's identifier of ``person`` becomes the one sent, or none for a null value."""
    systems = [identifier["system"] for identifier in identifiers]
    kept = {
        (link.source, link.identifier)
        for link in db.scalars(
            select(RosterLink).where(RosterLink.person_id == person.id, RosterLink.source.in_(systems))
        )
    }
    wanted = [(identifier["system"], identifier["value"]) for identifier in identifiers if identifier["value"]]
    for system, identifier in kept - set(wanted):
        db.execute(
            delete(RosterLink).where(
                RosterLink.person_id == person.id, RosterLink.source == system, RosterLink.identifier == identifier
            )
        )
    new = [
        {"source": system, "identifier": identifier, "person_id": person.id, "imported": {}, "imported_at": utcnow()}
        for system, identifier in wanted
        if (system, identifier) not in kept
    ]
    if new:
        db.execute(insert(RosterLink), new)
