"""Applying an import's plan through the job queue, in batches, so that other people keep working.

The plan is the list of operations the preview showed (core.roster.preview), kept on the
import (``RosterImport.plan``). Each batch runs in its own transaction and moves
``applied`` on in the same transaction, so an interrupted run resumes at the batch it was
in; and each operation is safe to repeat (a field is set only while it still holds what
the preview saw there), so a batch run twice, or the same file imported again, changes
nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, defer

from core.access import require_administrator
from core.errors import Conflict
from core.jobs.queue import JobKind, RetryPolicy, Sessions, enqueue
from core.models import AccountLink, Child, LinkPurpose, Membership, Person, PersonKind, RosterImport, RosterLink
from core.people import invitations
from core.records import audit
from core.roster.preview import CHILD_FIELDS, PERSON_FIELDS, SCHOOL, Preview
from core.site import Site
from core.types import utcnow

KIND = "roster.apply"
INVITE_KIND = "roster.invite"
BATCH = 500
INVITATIONS = 200
RETRY = RetryPolicy(attempts=5)


def keep(
    db: Session,
    actor: Person | None,
    preview: Preview,
    *,
    file_name: str,
    content: bytes | None = None,
    mapping_name: str | None = None,
) -> RosterImport:
    """Keep the preview's plan as an import waiting to be applied (or refused, if it has refusals)."""
    if actor is not None:
        require_administrator(actor, "import the school's roster")
    run = RosterImport(
        source=preview.source,
        file_name=file_name[:200],
        encoding=preview.encoding,
        content=content,
        mapping_name=mapping_name,
        started_by_id=actor.id if actor else None,
        plan=preview.plan,
    )
    db.add(run)
    db.flush()
    audit_preview(db, actor, run, preview)
    return run


def audit_preview(db: Session, actor: Person | None, run: RosterImport, preview: Preview) -> None:
    """A preview names pupils and parents from the school's file: shown to whom, and how many of each."""
    audit.record(
        db,
        actor,
        "roster.previewed",
        subject=f"roster_import:{run.id}",
        detail={key.value: count for key, count in preview.counts.items()},
    )


def queue_apply(db: Session, actor: Person | None, run: RosterImport, preview: Preview) -> None:
    """Queue the plan, unless a row is refused: then nothing is applied at all."""
    if actor is not None:
        require_administrator(actor, "import the school's roster")
    if not preview.may_apply:
        raise Conflict("rows are refused: mend them in the school's system and import the file again")
    if run.queued_at is not None:
        return
    run.queued_at = utcnow()
    enqueue(db, KIND, {"import_id": run.id})
    audit.record(db, actor, "roster.queued", subject=f"roster_import:{run.id}", detail={"operations": len(run.plan)})


def job_kinds(site: Site) -> list[JobKind]:
    """The background work of imports: applying a queued plan, then inviting the people it added."""

    def applying(sessions: Sessions, payload: dict[str, Any]) -> None:
        # The plan does not change once queued: read once, not once a batch (it is megabytes).
        with sessions() as db:
            plan = db.scalar(select(RosterImport.plan).where(RosterImport.id == payload["import_id"]))
        _until_done(sessions, lambda db: apply_batch(db, payload["import_id"], plan=plan))

    def inviting(sessions: Sessions, payload: dict[str, Any]) -> None:
        _until_done(sessions, lambda db: invite_batch(db, payload["import_id"], site=site))

    return [JobKind(KIND, applying, RETRY), JobKind(INVITE_KIND, inviting, RETRY)]


def _until_done(sessions: Sessions, batch) -> None:
    """One batch a transaction, so that others' writes get their turn between batches."""
    while True:
        with sessions() as db, db.begin():
            if batch(db):
                return


def apply_batch(db: Session, import_id: int, *, size: int = BATCH, plan: list[dict] | None = None) -> bool:
    """Apply the next ``size`` operations of an import (of ``plan``, its plan if read already);
    True once every one is applied."""
    run = db.get(RosterImport, import_id, options=[defer(RosterImport.plan), defer(RosterImport.content)])
    if run is None or run.finished_at is not None:
        return True
    plan = run.plan if plan is None else plan
    actor = db.get(Person, run.started_by_id) if run.started_by_id else None
    batch = plan[run.applied : run.applied + size]
    _Batch(db, run, actor, batch).apply()
    run.applied += len(batch)
    if run.applied >= len(plan):
        run.finished_at = utcnow()
        run.content = None  # the school's file is not kept once it is applied
        audit.record(db, actor, "roster.applied", subject=f"roster_import:{run.id}", detail={"operations": len(plan)})
        enqueue(db, INVITE_KIND, {"import_id": run.id})
    db.flush()
    return run.finished_at is not None


def invite_batch(db: Session, import_id: int, *, site: Site, size: int = INVITATIONS) -> bool:
    """Invite the next ``size`` people linked by the import's source who have no password and
    were never invited; True once none is left. Safe to repeat: an invited person is not again."""
    run = db.get(RosterImport, import_id)
    if run is None:
        return True
    actor = db.get(Person, run.started_by_id) if run.started_by_id else None
    invited = select(AccountLink.id).where(
        AccountLink.person_id == Person.id, AccountLink.purpose == LinkPurpose.INVITATION
    )
    waiting = db.scalars(
        select(Person)
        .join(RosterLink, RosterLink.person_id == Person.id)
        .where(RosterLink.source == run.source, Person.password_hash.is_(None), Person.active, ~invited.exists())
        .order_by(Person.id)
        .limit(size)
    ).all()
    for person in waiting:
        invitations.invite(db, person, actor, site=site)
    return len(waiting) < size


class _Batch:
    """One batch's operations, done kind by kind (the plan lists children, people, memberships
    and leavers in that order), with one flush and one audit insert for each kind."""

    def __init__(self, db: Session, run: RosterImport, actor: Person | None, batch: list[dict]):
        self.db, self.run, self.actor, self.batch = db, run, actor, batch
        named = {operation.get(side) for operation in batch for side in ("id", "pupil", "contact")} - {None}
        self.links = {link.identifier: link for link in self._links_named(named)}
        self.events: list[dict[str, Any]] = []

    def _links_named(self, identifiers: set[str]):
        names = list(identifiers)
        for start in range(0, len(names), 500):
            yield from self.db.scalars(
                select(RosterLink).where(
                    RosterLink.source == self.run.source, RosterLink.identifier.in_(names[start : start + 500])
                )
            )

    def apply(self) -> None:
        for kind in ("child", "person", "member", "leave"):
            operations = [operation for operation in self.batch if operation["op"] == kind]
            if operations:
                getattr(self, f"_{kind}ren" if kind == "child" else f"_{kind}s")(operations)
                self.db.flush()
        audit.record_many(self.db, self.actor, self.events)

    def _children(self, operations: list[dict[str, Any]]) -> None:
        found = self._records(Child, operations, "child_id")
        for operation in operations:
            child = found.get(operation["id"])
            if child is not None and (changed := _set(child, _only(operation["set"], CHILD_FIELDS), _child_value)):
                self.events.append(
                    {"action": "child.updated", "child_id": child.id, "detail": {"by": "roster", "fields": changed}}
                )
        new = [operation for operation in operations if operation["id"] not in found]
        made = self._insert(Child, [_child_values(operation["imported"]) for operation in new])
        self.events += [
            {"action": "child.created", "child_id": child_id, "detail": {"by": "roster"}} for child_id in made
        ]
        ids = {identifier: child.id for identifier, child in found.items()}
        ids |= {operation["id"]: child_id for operation, child_id in zip(new, made, strict=True)}
        self._link(operations, "child_id", ids)

    def _persons(self, operations: list[dict[str, Any]]) -> None:
        found = self._records(Person, operations, "person_id")
        for operation in operations:
            person = found.get(operation["id"])
            if person is not None and (changed := _set(person, _only(operation["set"], PERSON_FIELDS))):
                self.events.append(
                    {
                        "action": "person.updated",
                        "subject": f"person:{person.id}",
                        "detail": {"by": "roster", "fields": changed},
                    }
                )
        new = [operation for operation in operations if operation["id"] not in found]
        made = self._insert(
            Person,
            [
                {
                    **_only(operation["imported"], PERSON_FIELDS),
                    "kind": PersonKind(operation["kind"]),
                    "agency": SCHOOL if operation["kind"] == PersonKind.SCHOOL_STAFF else None,
                }
                for operation in new
            ],
        )
        self.events += [{"action": "person.imported", "subject": f"person:{person_id}"} for person_id in made]
        ids = {identifier: person.id for identifier, person in found.items()}
        ids |= {operation["id"]: person_id for operation, person_id in zip(new, made, strict=True)}
        self._link(operations, "person_id", ids)

    def _members(self, operations: list[dict[str, Any]]) -> None:
        pairs = [(self.links[op["pupil"]].child_id, self.links[op["contact"]].person_id) for op in operations]
        current = {
            (child_id, person_id)
            for child_id, person_id in self.db.execute(
                select(Membership.child_id, Membership.person_id).where(
                    Membership.child_id.in_({child_id for child_id, _ in pairs}), Membership.left_at.is_(None)
                )
            )
        }
        rows = []
        for operation, (child_id, person_id) in zip(operations, pairs, strict=True):
            if (child_id, person_id) in current:
                continue
            current.add((child_id, person_id))
            rows.append(
                {
                    "person_id": person_id,
                    "child_id": child_id,
                    "role": operation["role"],
                    "relationship_to_child": operation["relationship"],
                    "parental_responsibility": operation["parental_responsibility"],
                    "added_by_id": self.actor.id if self.actor else None,
                }
            )
            self.events.append(
                {
                    "action": "team.member_added",
                    "child_id": child_id,
                    "subject": f"person:{person_id}",
                    "detail": {"role": operation["role"], "by": "roster"},
                }
            )
        self._insert(Membership, rows)

    def _leaves(self, operations: list[dict[str, Any]]) -> None:
        """The school's system has the pupil off roll: their case is closed (read-only, kept for
        each agency's retention period), never erased."""
        for operation in operations:
            link = self.links[operation["id"]]
            if link.left_at is not None:
                continue
            link.left_at = utcnow()
            child = self.db.get(Child, link.child_id)
            if child is not None and child.closed_at is None:
                child.closed_at = link.left_at
                self.events.append({"action": "child.closed", "child_id": child.id, "detail": {"by": "roster"}})

    def _records(self, model, operations: list[dict[str, Any]], matched: str) -> dict[str, Any]:
        """The records the operations name, by identifier: through their link, or else the one
        the preview matched by e-mail (a person) or by name and date of birth (a child)."""
        column = "child_id" if model is Child else "person_id"
        wanted = {}
        for operation in operations:
            link = self.links.get(operation["id"])
            record_id = getattr(link, column) if link is not None else operation[matched]
            if record_id is not None:
                wanted[operation["id"]] = record_id
        loaded = {
            record.id: record for record in self.db.scalars(select(model).where(model.id.in_(set(wanted.values()))))
        }
        return {identifier: loaded[record_id] for identifier, record_id in wanted.items() if record_id in loaded}

    def _link(self, operations: list[dict[str, Any]], column: str, ids: dict[str, int]) -> None:
        """Link each record to its identifier, keeping the values imported (for the next
        import's conflicts); a link made here stands in for one read, for later operations."""
        new = []
        for operation in operations:
            link = self.links.get(operation["id"])
            if link is None:
                values = {
                    "source": self.run.source,
                    "identifier": operation["id"],
                    column: ids[operation["id"]],
                    "imported": operation["imported"],
                    "imported_at": utcnow(),
                }
                new.append(values)
                self.links[operation["id"]] = _NewLink(values.get("child_id"), values.get("person_id"))
            elif link.imported != operation["imported"]:
                link.imported, link.imported_at = operation["imported"], utcnow()
        self._insert(RosterLink, new)

    def _insert(self, model, rows: list[dict[str, Any]]) -> list[int]:
        """Insert ``rows`` in one statement; their ids, in order."""
        if not rows:
            return []
        return list(self.db.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))


@dataclass(frozen=True)
class _NewLink:
    child_id: int | None
    person_id: int | None


def _only(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name in names}


def _set(record, setting: dict[str, list], convert=lambda name, value: value) -> list[str]:
    """Set each field that still holds what the preview saw there; the names of those set."""
    changed = []
    for name, (seen, new) in setting.items():
        now = getattr(record, name)
        if now == convert(name, seen) and now != convert(name, new):
            setattr(record, name, convert(name, new))
            changed.append(name)
    return changed


def _child_value(name: str, value):
    return date.fromisoformat(value) if name == "date_of_birth" and value else value


def _child_values(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _child_value(name, values[name]) for name in CHILD_FIELDS}
