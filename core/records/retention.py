"""Erasing closed cases once each agency's retention has run out, journalled outside the database.

An agency's part of a case (the timeline entries written under it, and what hangs off
them) goes once its retention date has passed; the whole case goes once every agency
involved has passed its date, leaving only the child's row, blanked, because the audit
log's events name it. A restore from backup replaces the whole database, so what was
erased is written to a JSON-lines journal beside it, on disk before the erasing
transaction commits, and :func:`replay` applies it again after a restore.

Documents' files are outside the database, and a file is kept once however many
versions name it (the store is content-addressed): each erasure journals the files that
only the erased versions named, and :func:`remove_erased_files`, run once the erasing
transaction has committed, removes those that no version names any more.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Select, String, Table, cast, delete, literal, or_, select, tuple_, union, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from core.access import readers_of_child
from core.documents.named_files import files_named
from core.documents.storage import FileStore
from core.models import (
    AuditEvent,
    Child,
    Document,
    DocumentVersion,
    ErasureNotice,
    Membership,
    Notification,
    OutboxMessage,
    SenStatus,
    TimelineEntry,
)
from core.records import audit, subject_access
from core.records import children as records
from core.types import utcnow

ERASED_NAME = "Erased record"
_DIGESTS_AT_ONCE = 1000
_BATCH = 5000  # ids deleted per statement: within every database's limit on bound parameters


@dataclass(frozen=True)
class Erasure:
    """One erasure: an agency's part of a child's case, or the whole case (``agency`` None)."""

    child_id: int
    agency: str | None
    retention_until: date
    erased_at: datetime
    # The SHA-256 of each file (a document's, or its preview) that only the erased versions named.
    files: tuple[str, ...] = ()

    def to_line(self) -> str:
        return json.dumps(
            {
                "child_id": self.child_id,
                "agency": self.agency,
                "retention_until": self.retention_until.isoformat(),
                "erased_at": self.erased_at.isoformat(),
                "files": list(self.files),
            }
        )

    @classmethod
    def from_line(cls, line: str) -> Erasure:
        values = json.loads(line)
        return cls(
            child_id=values["child_id"],
            agency=values["agency"],
            retention_until=date.fromisoformat(values["retention_until"]),
            erased_at=datetime.fromisoformat(values["erased_at"]),
            files=tuple(values.get("files", ())),
        )


def run(db: Session, journal: Path, *, agencies: dict, overrides: dict[str, int], today: date) -> list[Erasure]:
    """Erase what is due on ``today`` in the caller's transaction, journalling each erasure
    before the caller commits; returns what was erased. Once it has committed, the caller
    removes the erased files with :func:`remove_erased_files`."""
    erasures = []
    for due in _due(db, agencies=agencies, overrides=overrides, today=today, now=utcnow()):
        erasure = replace(due, files=_files_only_in(db, _erased_rows(due)))
        _apply(db, erasure, replayed=False)
        _append(journal, erasure)
        erasures.append(erasure)
    return erasures


def remove_erased_files(db: Session, store: FileStore, journal: Path) -> list[str]:
    """Remove from the store every file the journal's erasures name that no document version
    names now; returns their digests.

    Run after the erasing transaction commits (a file removed before would be lost if it
    rolled back), and after a restore and replay, which bring erased files back. Reading
    the whole journal each time also removes what a crash between commit and removal left.
    """
    journalled = sorted({digest for erasure in _read_journal(journal) for digest in erasure.files})
    named = set()
    for start in range(0, len(journalled), _DIGESTS_AT_ONCE):
        batch = journalled[start : start + _DIGESTS_AT_ONCE]
        named |= set(db.scalars(files_named(DocumentVersion.__table__.c.sha256.in_(batch)
                                          | DocumentVersion.__table__.c.preview_sha256.in_(batch))))
    removed = [digest for digest in journalled if digest not in named and store.has(digest)]
    for digest in removed:
        store.remove(digest)
    return removed


def _files_only_in(db: Session, found: dict[Table, Select]) -> tuple[str, ...]:
    """The files (documents' and previews') that the document versions among the rows found
    name, and no other version does."""
    versions = DocumentVersion.__table__
    if versions not in found:
        return ()
    erased = found[versions].with_only_columns(versions.c.id)
    named = files_named(versions.c.id.in_(erased)).subquery()
    elsewhere = files_named(versions.c.id.not_in(erased))
    return tuple(db.scalars(select(named.c.sha256).where(named.c.sha256.not_in(elsewhere)).order_by(named.c.sha256)))


def _due(db: Session, *, agencies: dict, overrides: dict[str, int], today: date, now: datetime) -> list[Erasure]:
    """For every closed case not yet erased: the whole case if every agency involved has
    passed its retention date, else the parts of those agencies that have.

    An agency with no retention figure (social care's depends on the child) never passes,
    so it keeps the whole case until configuration gives it one.
    """
    erasures = []
    closed = select(Child).where(Child.closed_at.is_not(None), Child.erased_at.is_(None)).order_by(Child.id)
    for child in db.scalars(closed):
        kept_until = records.retention_dates(child, agencies, overrides)
        passed = {agency: day for agency, day in kept_until.items() if day < today}
        involved = set(db.scalars(_agencies_involved(child.id)))
        if involved and involved <= passed.keys():
            erasures.append(Erasure(child.id, None, max(passed[agency] for agency in involved), now))
            continue
        holding = db.scalars(union(
            select(TimelineEntry.agency).where(TimelineEntry.child_id == child.id),
            select(Document.added_by_agency).where(Document.child_id == child.id),
        ))
        erasures += [Erasure(child.id, agency, passed[agency], now) for agency in sorted(set(holding) & passed.keys())]
    return erasures


def replay(db: Session, journal: Path) -> list[Erasure]:
    """Apply every journalled erasure again, as after a restore from an older backup; returns
    those that found something to erase (none when the database already reflects them)."""
    return [erasure for erasure in _read_journal(journal) if _apply(db, erasure, replayed=True)]


def _read_journal(journal: Path) -> list[Erasure]:
    """The journal's erasures in order; a line torn by a crash while it was written is
    skipped, as its transaction cannot have committed."""
    if not journal.exists():
        return []
    erasures = []
    for line in journal.read_text(encoding="utf-8").splitlines():
        try:
            erasures.append(Erasure.from_line(line))
        except (ValueError, KeyError, TypeError):
            continue
    return erasures


def _agency_part(child_id: int, agency: str) -> dict[Table, Select]:
    """For each table, the rows of one agency's part of a child's record: the timeline
    entries written under the agency (its assessments among them) and the documents its
    people added, with the entries that announced those (whatever agency they were shared
    with) and the replies in their threads; whatever hangs off those by a foreign key
    (acknowledgements, answered report requests, the documents' versions); the
    notifications about them, which quote their first lines; and the e-mails that carried
    those notifications."""
    entries, notifications = TimelineEntry.__table__, Notification.__table__
    documents = Document.__table__
    added = select(documents.c.id).where(documents.c.child_id == child_id, documents.c.added_by_agency == agency)
    own = select(entries.c.id).where(
        entries.c.child_id == child_id, or_(entries.c.agency == agency, entries.c.document_id.in_(added))
    )

    def roots(table: Table) -> ColumnElement[bool] | None:
        if table is documents:
            return documents.c.id.in_(added)
        if table is entries:
            return or_(entries.c.id.in_(own), entries.c.reply_to_id.in_(own))
        return None

    part = subject_access.rows_hanging_from(roots)
    # A notification names its entry by key (see core.messaging.notifications.about_entry), not by a foreign key.
    keys = part[entries].with_only_columns(literal("entry:") + cast(entries.c.id, String))
    about_the_entries = notifications.c.key.in_(keys)
    outbox = OutboxMessage.__table__
    return part | {
        notifications: select(notifications).where(about_the_entries),
        outbox: select(outbox).where(outbox.c.id.in_(_mail_carrying(about_the_entries))),
    }


def _whole_case(child_id: int) -> dict[Table, Select]:
    """Every row of a child's record but the audit events, which the chain must keep, and
    every e-mail that carried news of the child: a digest names its other children too."""
    record = {
        table: rows
        for table, rows in subject_access.child_record(child_id).items()
        if table is not AuditEvent.__table__
    }
    outbox, about_the_child = OutboxMessage.__table__, Notification.__table__.c.child_id == child_id
    mail = or_(outbox.c.child_id == child_id, outbox.c.id.in_(_mail_carrying(about_the_child)))
    return record | {outbox: select(outbox).where(mail)}


def _mail_carrying(notifications_found: ColumnElement[bool]) -> Select:
    """The ids of the e-mails that carried the notifications found (see
    :func:`core.messaging.notifications.queue_emails`)."""
    notifications = Notification.__table__
    return select(notifications.c.outbox_message_id).where(notifications_found)


def _erased_rows(erasure: Erasure) -> dict[Table, Select]:
    if erasure.agency is None:
        return _whole_case(erasure.child_id)
    return _agency_part(erasure.child_id, erasure.agency)


def _agencies_involved(child_id: int) -> Select:
    """The agencies of the child's team, past and present, and of those who wrote in the timeline."""
    members = select(Membership.agency).where(Membership.child_id == child_id, Membership.agency.is_not(None))
    writers = select(TimelineEntry.agency).where(TimelineEntry.child_id == child_id, TimelineEntry.agency.is_not(None))
    return union(members, writers)


def _apply(db: Session, erasure: Erasure, *, replayed: bool) -> bool:
    """Erase in the database and audit it; False, with nothing audited, when there was nothing left to erase."""
    child = db.get(Child, erasure.child_id)
    if child is None or child.erased_at is not None:
        return False
    detail = {"retention_until": erasure.retention_until.isoformat()} | ({"replayed": True} if replayed else {})
    if erasure.agency is None:
        readers = list(db.scalars(readers_of_child(child.id)))
        _delete(db, _erased_rows(erasure))
        _blank(child, erasure.erased_at)
        db.add_all(ErasureNotice(person_id=person_id, child_id=child.id) for person_id in readers)
        audit.record(db, None, "record.erased", child_id=child.id, detail=detail)
        return True
    if not _delete(db, _erased_rows(erasure)):
        return False
    audit.record(db, None, "record.agency_part_erased", child_id=child.id, detail={"agency": erasure.agency} | detail)
    return True


def _delete(db: Session, found: dict[Table, Select]) -> int:
    """Delete the rows found, children before the rows they hang from; returns how many.

    Every table's rows are found before any is deleted, since some are found through rows
    deleted first (an e-mail through the notifications it carried); a notification of
    another child that an erased e-mail carried (in a digest) stays, no longer linked to it.
    """
    keys = {table: list(map(tuple, db.execute(rows.with_only_columns(*_key(table))))) for table, rows in found.items()}
    notifications, outbox = Notification.__table__, OutboxMessage.__table__
    if keys.get(outbox):
        db.execute(
            update(notifications).where(notifications.c.outbox_message_id.in_([key for (key,) in keys[outbox]]))
            .values(outbox_message_id=None).execution_options(synchronize_session=False)
        )
    deleted = 0
    for table in reversed(list(keys)):
        for start in range(0, len(keys[table]), _BATCH):
            statement = delete(table).where(_among(table, keys[table][start : start + _BATCH]))
            deleted += db.execute(statement.execution_options(synchronize_session=False)).rowcount
    return deleted


def _key(table: Table) -> list:
    """The columns that tell a table's rows apart: ``id``, or both ends of a link table."""
    return list(table.primary_key.columns)


def _among(table: Table, keys: list[tuple]) -> ColumnElement[bool]:
    columns = _key(table)
    if len(columns) == 1:
        return columns[0].in_([key for (key,) in keys])
    return tuple_(*columns).in_(keys)


def _blank(child: Child, erased_at: datetime) -> None:
    """Leave the child's row as a placeholder that says nothing about the child."""
    child.full_name = ERASED_NAME
    child.preferred_name = ""
    child.date_of_birth = date.min
    child.year_group = ""
    child.sen_status = SenStatus.SEN_SUPPORT
    child.needs = {}
    child.strengths = ""
    child.about_me = ""
    child.upn = None
    child.nhs_number = None
    child.erased_at = erased_at


def _append(journal: Path, erasure: Erasure) -> None:
    """Add one line to the journal and force it to disk.

    Called before the erasing transaction commits, so a crash leaves at worst a line for
    an erasure not committed, which the next run or replay simply does again. A line a
    crash tore is ended first, so the new line stands on its own.
    """
    journal.parent.mkdir(parents=True, exist_ok=True)
    created = not journal.exists()
    with journal.open("ab+") as file:
        size = file.seek(0, os.SEEK_END)
        if size:
            file.seek(size - 1)
            if file.read(1) != b"\n":
                file.write(b"\n")
        file.write(erasure.to_line().encode() + b"\n")
        file.flush()
        os.fsync(file.fileno())
    if created:
        # The new file's name must be on disk too, not only its content.
        directory = os.open(journal.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
