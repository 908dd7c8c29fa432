"""What an import will do, drawn before anything is changed: each pupil, contact and member of
staff is new, changed, left alone, leaving, or refused with the reason; and the plan of
operations that applying it carries out (core.roster.apply).

A record is matched by the source's identifier (a link kept from the last import), then by
e-mail for a person and by name and date of birth for a child added by hand. A field the
school changed is changed in Teamaround only if nobody has edited it in Teamaround since it
was last imported; otherwise it is shown as a conflict and left as Teamaround has it.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from core.models import Child, Membership, Person, PersonKind, RosterLink
from core.roster.records import Refusal, Roster
from core.wording import N_, Wording

EMAIL_TAKEN = N_("%(value)s is the e-mail address of another account.")
EMAIL_TWICE = N_("%(value)s is given to more than one person in the file.")
NOT_A_PARENT = N_("%(value)s is the e-mail address of an account that is not a parent's or carer's.")
NOT_STAFF = N_("%(value)s is the e-mail address of an account that is not school staff.")

CHILD_FIELDS = ("full_name", "preferred_name", "date_of_birth", "year_group")
PERSON_FIELDS = ("full_name", "email", "phone")
SCHOOL = "school"
_CHUNK = 500


class Action(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    LEAVES = "leaves"
    REFUSED = "refused"


@dataclass(frozen=True, kw_only=True)
class Line:
    """One pupil, contact or member of staff in the preview."""

    kind: str  # "pupil", "contact" or "staff"
    identifier: str
    name: str
    action: Action
    # field: (what Teamaround has, what the file says)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    conflicts: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    pupils_added: tuple[str, ...] = ()


@dataclass(kw_only=True)
class Preview:
    source: str
    encoding: str
    lines: list[Line]
    refusals: list[Refusal]
    plan: list[dict[str, Any]]

    @property
    def counts(self) -> Counter:
        counted = Counter(line.action for line in self.lines)
        counted[Action.REFUSED] = len(self.refusals)
        return counted

    @property
    def may_apply(self) -> bool:
        return not self.refusals

    @property
    def conflicts(self) -> list[Line]:
        return [line for line in self.lines if line.conflicts]


def preview(db: Session, roster: Roster) -> Preview:
    """Compare the roster with what Teamaround holds; nothing is changed."""
    refusals = list(roster.refusals)
    links = _links(db, roster.source)
    lines: list[Line] = []
    plan: list[dict[str, Any]] = []
    children = _children_by(db, roster, links)
    for pupil in roster.pupils:
        link = links.get(pupil.identifier)
        child = children.get(pupil.identifier)
        if pupil.withdrawn:
            _leaving(pupil.identifier, pupil.full_name, link, lines, plan)
            continue
        values = {
            "full_name": pupil.full_name,
            "preferred_name": pupil.preferred_name,
            "date_of_birth": pupil.date_of_birth.isoformat(),
            "year_group": pupil.year_group,
        }
        current = (
            None
            if child is None
            else {
                **{name: getattr(child, name) for name in CHILD_FIELDS},
                "date_of_birth": child.date_of_birth.isoformat(),
            }
        )
        _compare(
            "pupil",
            pupil.identifier,
            pupil.full_name,
            values,
            current,
            link,
            {"op": "child", "child_id": child.id if child else None},
            lines,
            plan,
        )
    if roster.complete:
        on_file = {pupil.identifier for pupil in roster.pupils} | {refusal.identifier for refusal in refusals}
        for identifier, link in links.items():
            if link.child_id is not None and identifier not in on_file:
                _leaving(identifier, link.imported.get("full_name", ""), link, lines, plan)
    people = _people_by(db, roster, links)
    twice = {
        address
        for address, count in Counter(person.email for person in [*roster.contacts, *roster.staff]).items()
        if count > 1
    }
    for kind, records, person_kind in (
        ("contact", roster.contacts, PersonKind.PARENT),
        ("staff", roster.staff, PersonKind.SCHOOL_STAFF),
    ):
        for record in records:
            person = people.get(record.identifier)
            refusal = _refusal(record, person, person_kind, twice, people.taken)
            if refusal is not None:
                refusals.append(Refusal(line=record.line, reason=refusal, identifier=record.identifier))
                continue
            values = {"full_name": record.full_name, "email": record.email, "phone": record.phone}
            if kind == "staff":
                values["role"] = record.role
            current = None if person is None else {name: getattr(person, name) for name in PERSON_FIELDS}
            if current is not None and kind == "staff":
                current["role"] = (
                    links[record.identifier].imported.get("role", "") if record.identifier in links else record.role
                )
            _compare(
                kind,
                record.identifier,
                record.full_name,
                values,
                current,
                links.get(record.identifier),
                {"op": "person", "kind": person_kind.value, "person_id": person.id if person else None},
                lines,
                plan,
            )
    _guardianships(db, roster, links, children, people, lines, plan)
    return Preview(source=roster.source, encoding=roster.encoding, lines=lines, refusals=refusals, plan=plan)


def _compare(kind, identifier, name, values, current, link, operation, lines, plan) -> None:
    """Add the line and the operation for one record, field by field (see the module's rule)."""
    if current is None:
        lines.append(Line(kind=kind, identifier=identifier, name=name, action=Action.NEW))
        plan.append({**operation, "id": identifier, "set": {}, "imported": values})
        return
    last = link.imported if link is not None else None
    changes, conflicts, setting = {}, {}, {}
    imported = dict(values)
    for name_of_field, new in values.items():
        now = current.get(name_of_field)
        if now == new:
            continue
        if last is not None and last.get(name_of_field) == new:
            continue  # the school did not change it: what Teamaround has now stands
        if now == (last.get(name_of_field) if last is not None else "") or now in ("", None):
            changes[name_of_field] = (now, new)
            setting[name_of_field] = [now, new]
        else:
            conflicts[name_of_field] = (now, new)
            if last is not None:
                imported[name_of_field] = last.get(name_of_field)
    if link is None or link.imported != imported or setting:
        plan.append({**operation, "id": identifier, "set": setting, "imported": imported})
    action = Action.CHANGED if changes or link is None else Action.UNCHANGED
    lines.append(Line(kind=kind, identifier=identifier, name=name, action=action, changes=changes, conflicts=conflicts))


def _leaving(identifier, name, link, lines, plan) -> None:
    if link is None or link.child_id is None or link.left_at is not None:
        lines.append(Line(kind="pupil", identifier=identifier, name=name, action=Action.UNCHANGED))
        return
    lines.append(Line(kind="pupil", identifier=identifier, name=name, action=Action.LEAVES))
    plan.append({"op": "leave", "id": identifier})


def _refusal(record, person, kind: PersonKind, twice: set[str], taken: dict[str, Person]) -> Wording | None:
    if record.email in twice:
        return Wording(EMAIL_TWICE, {"value": record.email})
    holder = taken.get(record.email)
    if holder is not None and person is not None and holder.id != person.id:
        return Wording(EMAIL_TAKEN, {"value": record.email})
    if person is not None and person.kind is not kind:
        return Wording(NOT_A_PARENT if kind is PersonKind.PARENT else NOT_STAFF, {"value": record.email})
    return None


def _guardianships(db, roster, links, children, people, lines, plan) -> None:
    """New memberships of parents and carers in their pupils' teams; one already there stays."""
    known = {(pupil, contact) for pupil, contact in _current_memberships(db, children, people)}
    names = {pupil.identifier: pupil.full_name for pupil in roster.pupils}
    withdrawn = {pupil.identifier for pupil in roster.pupils if pupil.withdrawn}
    added: dict[str, list[str]] = {}
    contacts = {contact.identifier for contact in roster.contacts}
    for guardianship in roster.guardianships:
        if guardianship.pupil in withdrawn or guardianship.contact not in contacts:
            continue
        if (guardianship.pupil, guardianship.contact) in known:
            continue
        added.setdefault(guardianship.contact, []).append(names[guardianship.pupil])
        plan.append(
            {
                "op": "member",
                "pupil": guardianship.pupil,
                "contact": guardianship.contact,
                "role": role_of(guardianship.relationship),
                "relationship": guardianship.relationship,
                "parental_responsibility": guardianship.parental_responsibility,
            }
        )
    for at, line in enumerate(lines):
        if line.kind == "contact" and line.identifier in added:
            action = line.action if line.action is Action.NEW else Action.CHANGED
            lines[at] = Line(
                kind=line.kind,
                identifier=line.identifier,
                name=line.name,
                action=action,
                changes=line.changes,
                conflicts=line.conflicts,
                pupils_added=tuple(added[line.identifier]),
            )


def role_of(relationship: str) -> str:
    """The team role of a parent or carer: "parent" for a mother, father or parent, "carer"
    for anyone else with the care of the child (a guardian, a grandparent, a foster carer)."""
    words = relationship.lower()
    return "parent" if any(word in words for word in ("mother", "father", "parent")) else "carer"


class _People(dict):
    """People found for the file's identifiers, and ``taken``: accounts by the file's e-mails."""

    taken: dict[str, Person]


def _links(db: Session, source: str) -> dict[str, RosterLink]:
    return {link.identifier: link for link in db.scalars(select(RosterLink).where(RosterLink.source == source))}


def _children_by(db: Session, roster: Roster, links: dict[str, RosterLink]) -> dict[str, Child]:
    """Each pupil's child: by the link, else by the same name and date of birth (added by hand)."""
    found: dict[str, Child] = {}
    linked_ids = [links[p.identifier].child_id for p in roster.pupils if p.identifier in links]
    by_id = {child.id: child for child in _in_chunks(db, Child, Child.id, linked_ids)}
    unlinked = [pupil for pupil in roster.pupils if pupil.identifier not in links]
    wanted = [(pupil.full_name, pupil.date_of_birth) for pupil in unlinked]
    by_name: dict[tuple, Child] = {}
    for start in range(0, len(wanted), _CHUNK):
        for child in db.scalars(
            select(Child).where(
                tuple_(Child.full_name, Child.date_of_birth).in_(wanted[start : start + _CHUNK]),
                Child.erased_at.is_(None),
            )
        ):
            by_name.setdefault((child.full_name, child.date_of_birth), child)
    for pupil in roster.pupils:
        link = links.get(pupil.identifier)
        if link is not None and link.child_id in by_id:
            found[pupil.identifier] = by_id[link.child_id]
        elif link is None and (pupil.full_name, pupil.date_of_birth) in by_name:
            found[pupil.identifier] = by_name[(pupil.full_name, pupil.date_of_birth)]
    return found


def _people_by(db: Session, roster: Roster, links: dict[str, RosterLink]) -> _People:
    """Each contact's and staff member's account: by the link, else by e-mail."""
    records = [*roster.contacts, *roster.staff]
    linked_ids = [links[r.identifier].person_id for r in records if r.identifier in links]
    by_id = {person.id: person for person in _in_chunks(db, Person, Person.id, linked_ids)}
    taken = {person.email: person for person in _in_chunks(db, Person, Person.email, [r.email for r in records])}
    found = _People()
    found.taken = taken
    for record in records:
        link = links.get(record.identifier)
        if link is not None and link.person_id in by_id:
            found[record.identifier] = by_id[link.person_id]
        elif link is None and record.email in taken:
            found[record.identifier] = taken[record.email]
    return found


def _current_memberships(db: Session, children: dict[str, Child], people: dict[str, Person]):
    """(pupil, contact) identifier pairs already in one team."""
    pupil_of = {child.id: identifier for identifier, child in children.items()}
    contact_of = {person.id: identifier for identifier, person in people.items()}
    child_ids = list(pupil_of)
    for start in range(0, len(child_ids), _CHUNK):
        for child_id, person_id in db.execute(
            select(Membership.child_id, Membership.person_id).where(
                Membership.child_id.in_(child_ids[start : start + _CHUNK]), Membership.left_at.is_(None)
            )
        ):
            if person_id in contact_of:
                yield pupil_of[child_id], contact_of[person_id]


def _in_chunks(db: Session, model, column, keys: list):
    for start in range(0, len(keys), _CHUNK):
        yield from db.scalars(select(model).where(column.in_(keys[start : start + _CHUNK])))
