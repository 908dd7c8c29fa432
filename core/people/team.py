"""The child and the team around them: creating a child, adding and removing members."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.access import Action, child_access, may_create_children, team_manager_access
from core.errors import Conflict, DoesNotFit, Forbidden, InvalidInput, NotFound
from core.meetings import feeds
from core.models import AgencyConsent, Child, Membership, Person, PersonKind
from core.records import audit, identifiers
from core.schemas import ChildInput, MembershipInput, PersonInput
from core.types import utcnow
from core.validation import load

PARENT_ROLES = ("parent", "carer")


def create_person(db: Session, data: Mapping[str, Any], *, password_hash: str | None = None) -> Person:
    """Create an account. Callers check who may do this (an administrator, the CLI)."""
    values = load(PersonInput(), data)
    values["email"] = values["email"].strip().lower()
    if db.scalar(select(Person.id).where(Person.email == values["email"])) is not None:
        raise DoesNotFit({"email": ["An account with this email address already exists."]})
    person = Person(**values, password_hash=password_hash)
    db.add(person)
    db.flush()
    return person


def awaits_acceptance(person: Person) -> bool:
    """Invited and not accepted yet: an open account whose person has never chosen a password."""
    return person.active and person.password_hash is None


def create_child(db: Session, actor: Person, data: Mapping[str, Any], *, lead_role: str = "senco") -> Child:
    """Create a child's record; school staff who create it become its lead professional."""
    if not may_create_children(actor):
        raise Forbidden("only school staff and administrators add children")
    values = load(ChildInput(), data)
    identifiers.require_unique(db, None, values)
    child = Child(**values)
    db.add(child)
    db.flush()
    audit.record(db, actor, "child.created", child_id=child.id)
    if actor.kind is PersonKind.SCHOOL_STAFF:
        db.add(
            Membership(
                person=actor, child=child, role=lead_role, agency=actor.agency, is_lead=True, added_by_id=actor.id
            )
        )
        db.flush()
    return child


def add_member(db: Session, actor: Person, child_id: int, data: Mapping[str, Any]) -> Membership:
    """Add a person to a child's team in a role; the person keeps their own agency."""
    child = team_manager_access(db, actor, child_id)
    values = load(MembershipInput(), data)
    if values["email"] is not None:
        person = db.scalar(select(Person).where(Person.email == values["email"].strip().lower()))
    else:
        person = db.get(Person, values["person_id"])
    if person is None or not person.active:
        field = "email" if values["email"] is not None else "person_id"
        raise InvalidInput({field: ["No active account has this address: the administrator opens accounts."]})
    if person.kind is PersonKind.ADMINISTRATOR:
        raise InvalidInput({"person_id": ["Administrators manage teams; they are not members of one."]})
    is_parent_role = values["role"] in PARENT_ROLES
    if is_parent_role != (person.kind is PersonKind.PARENT):
        raise InvalidInput({"role": ["Parents and carers hold the parent or carer role, and only they do."]})
    if values["is_lead"] and person.kind is PersonKind.PARENT:
        raise InvalidInput({"is_lead": ["The lead professional is a professional, not a parent."]})
    if _current_membership(db, person.id, child.id) is not None:
        raise Conflict(f"{person.full_name} is already in this team")
    membership = Membership(
        person=person,
        child=child,
        role=values["role"],
        agency=person.agency,
        is_lead=values["is_lead"],
        added_by_id=actor.id,
    )
    db.add(membership)
    db.flush()
    audit.record(
        db,
        actor,
        "team.member_added",
        child_id=child.id,
        subject=f"person:{person.id}",
        detail={"role": membership.role},
    )
    return membership


def remove_member(db: Session, actor: Person, child_id: int, person_id: int) -> Membership:
    """End a person's membership; what they posted stays in the record."""
    child = team_manager_access(db, actor, child_id)
    membership = _current_membership(db, person_id, child.id)
    if membership is None:
        raise NotFound(f"member {person_id}")
    if membership.is_lead and _lead_count(db, child.id) == 1:
        raise Conflict("A team needs a lead professional: name another before removing this one.")
    membership.left_at = utcnow()
    db.flush()
    feeds.mark_changed(db, [person_id])
    audit.record(db, actor, "team.member_removed", child_id=child.id, subject=f"person:{person_id}")
    return membership


@dataclass(frozen=True)
class TeamOverview:
    """A child's current team as one person may see and manage it."""

    child: Child
    members: list[Membership]
    manages_team: bool
    manages_consent: bool
    sees_viewers: bool
    consents: list[AgencyConsent]
    consent_agencies: list[str]
    viewer: Person
    withdraws_consent: bool = False

    def awaits_acceptance(self, member: Person) -> bool:
        """Whether the viewer, who manages the team, sees that ``member`` has not accepted their
        invitation yet (and may send it again)."""
        return self.manages_team and awaits_acceptance(member)

    def contact(self, member: Person) -> Contact | None:
        """How the viewer may reach a member: a parent's details only with their agreement."""
        if member.kind is PersonKind.PARENT and not member.shares_contact_details and member.id != self.viewer.id:
            return None
        return Contact(email=member.email, phone=member.phone, preferred=member.preferred_contact.value)


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str
    preferred: str


def team_overview(db: Session, actor: Person, child_id: int) -> TeamOverview:
    """The current team, lead first: for its members, and for administrators who manage it."""
    if actor.kind is PersonKind.ADMINISTRATOR:
        child = team_manager_access(db, actor, child_id)
        manages_team, manages_consent, sees_viewers = True, False, True
        sees_consents = withdraws_consent = False
        consent_agencies = []
    else:
        access = child_access(db, actor, child_id)
        child = access.child
        manages_team = access.can(Action.MANAGE_TEAM)
        manages_consent = access.can(Action.RECORD_CONSENT)
        sees_viewers = access.may_see_viewers()
        sees_consents, withdraws_consent = access.may_see_consents(), access.may_withdraw_consent()
        consent_agencies = access.consent_agencies(db)
    members = db.scalars(
        select(Membership)
        .where(Membership.child_id == child_id, Membership.left_at.is_(None))
        .options(selectinload(Membership.person))
        .order_by(Membership.is_lead.desc(), Membership.id)
    ).all()
    consents = (
        db.scalars(
            select(AgencyConsent)
            .where(AgencyConsent.child_id == child_id, AgencyConsent.withdrawn_at.is_(None))
            .options(selectinload(AgencyConsent.recorded_by))
        ).all()
        if sees_consents
        else []
    )
    audit.record(db, actor, "team.viewed", child_id=child_id)
    return TeamOverview(
        child, list(members), manages_team, manages_consent, sees_viewers, list(consents), consent_agencies, actor,
        withdraws_consent,
    )


def _current_membership(db: Session, person_id: int, child_id: int) -> Membership | None:
    return db.scalar(
        select(Membership).where(
            Membership.person_id == person_id, Membership.child_id == child_id, Membership.left_at.is_(None)
        )
    )


def _lead_count(db: Session, child_id: int) -> int:
    return db.scalar(
        select(func.count()).where(
            Membership.child_id == child_id, Membership.left_at.is_(None), Membership.is_lead.is_(True)
        )
    )
