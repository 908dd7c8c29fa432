"""An import as the administrator's page takes it: the file is kept, the preview drawn from it
again each time it is shown (so it answers to the records as they are now), and applied."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import require_administrator
from core.errors import Conflict, NotFound
from core.models import Person, RosterImport
from core.roster import apply, files, mappings, oneroster, plain_csv
from core.roster.preview import Preview, preview


def upload(db: Session, actor: Person, content: bytes, file_name: str, mapping_name: str | None) -> RosterImport:
    """Keep an uploaded export; a plain CSV waits for its mapping unless a saved one is named."""
    require_administrator(actor, "import the school's roster")
    source = oneroster.SOURCE if files.is_bundle(content) else plain_csv.SOURCE
    if source == oneroster.SOURCE:
        oneroster.files_in_zip(content)  # a broken ZIP is refused now, not at the preview
        mapping_name = None
    elif mapping_name:
        mappings.named(db, mapping_name)
    run = RosterImport(
        source=source,
        file_name=file_name[:200],
        content=content,
        mapping_name=mapping_name or None,
        started_by_id=actor.id,
        plan=[],
    )
    db.add(run)
    db.flush()
    return run


def waiting(db: Session, actor: Person, import_id: int) -> RosterImport:
    require_administrator(actor, "import the school's roster")
    run = db.get(RosterImport, import_id)
    if run is None:
        raise NotFound(f"roster import {import_id}")
    return run


def needs_mapping(run: RosterImport) -> bool:
    return run.source == plain_csv.SOURCE and not run.mapping_name and run.queued_at is None


def draw(db: Session, actor: Person, run: RosterImport) -> Preview:
    """The preview of a kept export against the records as they are now (a read: nothing is kept)."""
    require_administrator(actor, "import the school's roster")
    if run.queued_at is not None or run.content is None:
        raise Conflict("this import is already applied or under way")
    mapping = mappings.named(db, run.mapping_name) if run.mapping_name else None
    shown = preview(db, files.roster_of(run.content, mapping))
    apply.audit_preview(db, actor, run, shown)
    return shown


def start_applying(db: Session, actor: Person, run: RosterImport) -> None:
    """Draw the preview once more and queue its plan; refused while any row is refused."""
    shown = draw(db, actor, run)
    if shown.may_apply:
        run.plan, run.encoding = shown.plan, shown.encoding
    apply.queue_apply(db, actor, run, shown)


def recent(db: Session, actor: Person, limit: int = 10) -> list[RosterImport]:
    require_administrator(actor, "import the school's roster")
    return list(db.scalars(select(RosterImport).order_by(RosterImport.id.desc()).limit(limit)))
