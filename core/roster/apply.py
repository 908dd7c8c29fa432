"""Applying an import's plan through the job queue, in batches, so that other people keep working.

The plan is the list of operations the preview showed (core.roster.preview), kept on the
import (``RosterImport.plan``). Each batch runs in its own transaction and moves
``applied`` on in the same transaction, so an interrupted run resumes at the batch it was
in; and each operation is safe to repeat (a field is set only while it still holds what
the preview saw there), so a batch run twice, or the same file imported again, changes
nothing the second time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import require_administrator
from core.errors import Conflict
from core.jobs.queue import JobKind, RetryPolicy, Sessions, enqueue
from core.models import Child, Membership, Person, PersonKind, RosterImport, RosterLink
from core.people import invitations
from core.people.team import create_person
from core.records import audit
from core.roster.preview import CHILD_FIELDS, PERSON_FIELDS, SCHOOL, Preview
from core.site import Site
from core.types import utcnow

KIND = "roster.apply"
BATCH = 500
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


def job_kind(site: Site) -> JobKind:
    """The background work that applies queued imports, inviting the people they add."""

    def run(sessions: Sessions, payload: dict[str, Any]) -> None:
        while True:
            with sessions() as db, db.begin():
                if apply_batch(db, payload["import_id"], site=site):
                    return

    return JobKind(KIND, run, RETRY)


def apply_batch(db: Session, import_id: int, *, site: Site | None, size: int = BATCH) -> bool:
    """Apply the next ``size`` operations of an import; True once every one is applied."""
    run = db.get(RosterImport, import_id)
    if run is None or run.finished_at is not None:
        return True
    actor = db.get(Person, run.started_by_id) if run.started_by_id else None
    batch = run.plan[run.applied : run.applied + size]
    applying = _Batch(db, run, actor, site, batch)
    for operation in batch:
        applying.apply(operation)
    run.applied += len(batch)
    if run.applied >= len(run.plan):
        run.finished_at = utcnow()
        run.content = None  # the school's file is not kept once it is applied
        audit.record(
            db, actor, "roster.applied", subject=f"roster_import:{run.id}", detail={"operations": len(run.plan)}
        )
    db.flush()
    return run.finished_at is not None


class _Batch:
    """One batch's operations, with the links they name read in one query."""

    def __init__(self, db: Session, run: RosterImport, actor: Person | None, site: Site | None, batch: list[dict]):
        self.db, self.run, self.actor, self.site = db, run, actor, site
        named = {operation.get(side) for operation in batch for side in ("id", "pupil", "contact")} - {None}
        self.links = {link.identifier: link for link in self._links_named(named)}

    def _links_named(self, identifiers: set[str]):
        names = list(identifiers)
        for start in range(0, len(names), 500):
            yield from self.db.scalars(
                select(RosterLink).where(
                    RosterLink.source == self.run.source, RosterLink.identifier.in_(names[start : start + 500])
                )
            )

    def apply(self, operation: dict[str, Any]) -> None:
        getattr(self, f"_{operation['op']}")(operation)

    def _child(self, operation: dict[str, Any]) -> None:
        link = self.links.get(operation["id"])
        child_id = link.child_id if link else operation["child_id"]
        child = self.db.get(Child, child_id) if child_id else None
        if child is None:
            child = Child(**_child_values(operation["imported"]))
            self.db.add(child)
            self.db.flush()
            audit.record(self.db, self.actor, "child.created", child_id=child.id, detail={"by": "roster"})
        else:
            changed = _set(
                child,
                {name: value for name, value in operation["set"].items() if name in CHILD_FIELDS},
                convert=_child_value,
            )
            if changed:
                audit.record(
                    self.db, self.actor, "child.updated", child_id=child.id, detail={"by": "roster", "fields": changed}
                )
        self._link(operation, link, child_id=child.id)

    def _person(self, operation: dict[str, Any]) -> None:
        link = self.links.get(operation["id"])
        person_id = link.person_id if link else operation["person_id"]
        person = self.db.get(Person, person_id) if person_id else None
        if person is None:
            values = {name: operation["imported"][name] for name in PERSON_FIELDS}
            kind = PersonKind(operation["kind"])
            person = create_person(
                self.db, {**values, "kind": kind.value, "agency": SCHOOL if kind is PersonKind.SCHOOL_STAFF else None}
            )
            audit.record(self.db, self.actor, "person.imported", subject=f"person:{person.id}")
            if self.site is not None:
                invitations.invite(self.db, person, self.actor, site=self.site)
        else:
            changed = _set(person, {name: value for name, value in operation["set"].items() if name in PERSON_FIELDS})
            if changed:
                audit.record(
                    self.db,
                    self.actor,
                    "person.updated",
                    subject=f"person:{person.id}",
                    detail={"by": "roster", "fields": changed},
                )
        self._link(operation, link, person_id=person.id)

    def _member(self, operation: dict[str, Any]) -> None:
        pupil, contact = self.links[operation["pupil"]], self.links[operation["contact"]]
        current = self.db.scalar(
            select(Membership.id).where(
                Membership.child_id == pupil.child_id,
                Membership.person_id == contact.person_id,
                Membership.left_at.is_(None),
            )
        )
        if current is not None:
            return
        self.db.add(
            Membership(
                person_id=contact.person_id,
                child_id=pupil.child_id,
                role=operation["role"],
                relationship_to_child=operation["relationship"],
                parental_responsibility=operation["parental_responsibility"],
                added_by_id=self.actor.id if self.actor else None,
            )
        )
        self.db.flush()
        audit.record(
            self.db,
            self.actor,
            "team.member_added",
            child_id=pupil.child_id,
            subject=f"person:{contact.person_id}",
            detail={"role": operation["role"], "by": "roster"},
        )

    def _leave(self, operation: dict[str, Any]) -> None:
        """The school's system has the pupil off roll: their case is closed (read-only, kept for
        each agency's retention period), never erased."""
        link = self.links[operation["id"]]
        if link.left_at is not None:
            return
        link.left_at = utcnow()
        child = self.db.get(Child, link.child_id)
        if child is not None and child.closed_at is None:
            child.closed_at = link.left_at
            audit.record(self.db, self.actor, "child.closed", child_id=child.id, detail={"by": "roster"})

    def _link(self, operation: dict[str, Any], link: RosterLink | None, **record: int) -> None:
        if link is None:
            link = RosterLink(source=self.run.source, identifier=operation["id"], **record)
            self.db.add(link)
            self.links[operation["id"]] = link
        if link.imported != operation["imported"]:
            link.imported = operation["imported"]
            link.imported_at = utcnow()
        self.db.flush()


def _set(record, setting: dict[str, list], *, convert=lambda name, value: value) -> list[str]:
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
