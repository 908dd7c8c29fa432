"""The child's file: adding documents and new versions of them, listing them, opening one.

Every read and every change asks the one access policy (:class:`core.access.ChildAccess`):
a document someone may not read answers :class:`NotFound`, exactly like one that does
not exist. Every opening of a file is audited (``document.viewed`` when shown in the
browser, ``document.exported`` when downloaded), so it appears in "who viewed".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any, BinaryIO

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from core.access import ChildAccess, EntryReader, child_access, readable_documents, record_access
from core.documents.intake import CheckedFile, checked_upload
from core.documents.previews import queue_preview
from core.documents.storage import FileStore, StoredFile
from core.errors import DoesNotFit, Forbidden, InvalidInput, NotFound
from core.models import Document, DocumentVersion, Person, TimelineEntry, Visibility
from core.plugins import PluginHost
from core.records import audit
from core.schemas import DocumentInput
from core.timeline import entries as timeline
from core.types import LARGEST_ID, utcnow
from core.validation import load

PAGE_SIZE = 50


@dataclass(frozen=True)
class Upload:
    """A file as it arrives: its bytes, to be read once, and the name its sender gave it."""

    stream: BinaryIO
    filename: str


@dataclass(frozen=True)
class ChildFile:
    """A page of a child's file, newest first, with what the reader may do in it."""

    access: ChildAccess
    documents: list[Document]
    next_cursor: int | None
    sharing_agencies: list[str]


def add_document(
    db: Session,
    actor: Person,
    child_id: int,
    data: Mapping[str, Any],
    upload: Upload,
    *,
    store: FileStore,
    host: PluginHost,
    limit: int,
) -> Document:
    """File a document in a child's file, and tell the team on the timeline.

    The details and the file are both checked before anything is kept, and every
    problem is reported at once: a parent on a phone corrects the title and the
    file in one go.
    """
    access = child_access(db, actor, child_id)
    if not access.may_add_documents():
        raise Forbidden(f"{actor.display_name} may not add documents here")
    problems: dict[str, list[str]] = {}
    unfit = False  # whether the one problem so far is with the records, not with what was sent
    try:
        values = load(DocumentInput(), data)
        visibility, agency = _shared_with(db, access, values["visibility"], values["agency"])
    except InvalidInput as error:
        problems |= error.errors
        unfit = isinstance(error, DoesNotFit)
    try:
        with checked_upload(upload.stream, upload.filename, limit=limit) as checked:
            if problems:
                raise (DoesNotFit if unfit else InvalidInput)(problems)
            stored = store.add(checked.file)
    except DoesNotFit:
        raise
    except InvalidInput as error:
        raise InvalidInput(problems | error.errors) from None
    document = Document(
        child_id=child_id,
        title=values["title"],
        kind=values["kind"],
        about_on=values["about_on"] or utcnow().date(),
        added_by_id=actor.id,
        added_by_agency=access.agency,
        added_at=utcnow(),
        visibility=visibility,
        shared_with_agency=agency,
    )
    document.versions.append(_version(1, stored, checked, actor))
    db.add(document)
    db.flush()
    queue_preview(db, document.current)
    timeline.announce_document(
        db,
        access,
        host=host,
        title=document.title,
        visibility=document.visibility,
        agency=document.shared_with_agency or access.agency,
        occurred_at=_when(document),
        document_id=document.id,
    )
    audit.record(
        db,
        actor,
        "document.added",
        child_id=child_id,
        subject=f"document:{document.id}",
        detail={"visibility": document.visibility.value, "media_type": document.current.media_type},
    )
    return document


def _shared_with(
    db: Session, access: ChildAccess, visibility: Visibility, agency: str | None
) -> tuple[Visibility, str | None]:
    """Who reads a new document: the visibility chosen, and for ``agency`` which agency.

    A professional shares with their own agency unless they name another; a parent, who
    has none, names one. Either way it is an agency of someone in the child's team.
    """
    if visibility is not Visibility.AGENCY:
        return visibility, None
    agency = agency or access.agency
    if agency is None:
        raise InvalidInput({"agency": ["Choose the agency that may see it."]})
    if agency not in access.sharing_agencies(db):
        raise DoesNotFit({"agency": ["Choose an agency of someone in the child's team."]})
    return visibility, agency


def _version(number: int, stored: StoredFile, checked: CheckedFile, actor: Person) -> DocumentVersion:
    return DocumentVersion(
        number=number,
        sha256=stored.sha256,
        size=stored.size,
        media_type=checked.file_type.media_type,
        filename=checked.filename,
        added_by_id=actor.id,
        added_at=utcnow(),
    )


def _when(document: Document) -> datetime:
    """Where the document sits on the timeline: the day it is about (midday, so that it is
    that day in every time zone of the British Isles), or now when that is today."""
    return min(datetime.combine(document.about_on, time(12), UTC), document.added_at)


def add_version(
    db: Session, actor: Person, document_id: int, upload: Upload, *, store: FileStore, limit: int
) -> DocumentVersion:
    """A new version of a document, by the person who added it; the earlier ones are kept."""
    access, document = _readable_document(db, actor, document_id)
    if not access.may_add_version(document):
        raise Forbidden("a new version comes from the person who added the document, while the case is open")
    with checked_upload(upload.stream, upload.filename, limit=limit) as checked:
        stored = store.add(checked.file)
    version = _version(document.current.number + 1, stored, checked, actor)
    document.versions.append(version)
    db.flush()
    queue_preview(db, version)
    audit.record(
        db,
        actor,
        "document.version_added",
        child_id=document.child_id,
        subject=f"document:{document.id}",
        detail={"version": version.number, "media_type": version.media_type},
    )
    return version


def read_file(db: Session, actor: Person, child_id: int, *, before: int | None = None) -> ChildFile:
    """The documents of a child's file this person may read, newest first, a page at a time
    (cut by id, so a page costs the same however large the file grows)."""
    access = child_access(db, actor, child_id)
    if before is not None and not 0 < before <= LARGEST_ID:
        raise InvalidInput({"before": ["Send the next_cursor of the page before, as it was given."]})
    statement = (
        select(Document)
        .where(Document.child_id == child_id, access.document_filter())
        .options(joinedload(Document.added_by), selectinload(Document.versions))
        .order_by(Document.id.desc())
        .limit(PAGE_SIZE + 1)
    )
    if before is not None:
        statement = statement.where(Document.id < before)
    documents = list(db.scalars(statement))
    audit.record(db, actor, "documents.viewed", child_id=child_id)
    next_cursor = documents[PAGE_SIZE - 1].id if len(documents) > PAGE_SIZE else None
    agencies = access.sharing_agencies(db) if access.may_add_documents() else []
    return ChildFile(access=access, documents=documents[:PAGE_SIZE], next_cursor=next_cursor, sharing_agencies=agencies)


def get_document(db: Session, actor: Person, document_id: int) -> Document:
    """A document this person may read, for a change to it; :class:`NotFound` otherwise."""
    return _readable_document(db, actor, document_id)[1]


def document_of_entry(db: Session, actor: Person, entry_id: int) -> Document:
    """The document a timeline entry announced, if this person may read it."""
    document_id = db.scalar(select(TimelineEntry.document_id).where(TimelineEntry.id == entry_id))
    if document_id is None:
        raise NotFound(f"document of entry {entry_id}")
    return get_document(db, actor, document_id)


@dataclass(frozen=True)
class OpenedFile:
    """A document's file opened for reading, checked against its SHA-256; close ``file`` when sent."""

    document: Document
    version: DocumentVersion
    file: BinaryIO


def open_file(
    db: Session, actor: Person, document_id: int, *, store: FileStore, version: int | None = None,
    shown: bool = False,
) -> OpenedFile:
    """Open a document's file (its newest version unless ``version`` names another), audited as
    viewed when ``shown`` in the browser, as exported when downloaded."""
    document, chosen = _readable_version(db, actor, document_id, version)
    if chosen is None:
        raise NotFound(f"version {version} of document {document_id}")
    file = store.open(chosen.sha256)
    audit.record(
        db,
        actor,
        "document.viewed" if shown else "document.exported",
        child_id=document.child_id,
        subject=f"document:{document.id}",
        detail={"version": chosen.number},
    )
    return OpenedFile(document=document, version=chosen, file=file)


def open_preview(
    db: Session, actor: Person, document_id: int, *, store: FileStore, version: int | None = None
) -> OpenedFile:
    """Open the preview of a document's version (its newest unless ``version`` names another),
    for someone who may read the document; :class:`NotFound` while it is not drawn yet.

    A preview is not audited on its own: it is shown only on pages whose reading is
    audited already (the child's file, the timeline), and a page of fifty documents
    would otherwise write fifty events for one look.
    """
    document, chosen = _readable_version(db, actor, document_id, version)
    if chosen is None or chosen.preview_sha256 is None:
        raise NotFound(f"preview of document {document_id}")
    return OpenedFile(document=document, version=chosen, file=store.open(chosen.preview_sha256))


def _readable_version(
    db: Session, actor: Person, document_id: int, version: int | None
) -> tuple[Document, DocumentVersion | None]:
    """A document the actor may read and its version ``version`` (its newest when None), or
    None for a version it never had."""
    _, document = _readable_document(db, actor, document_id)
    if version is None:
        return document, document.current
    return document, next((kept for kept in document.versions if kept.number == version), None)


def previewed(db: Session, access: ChildAccess, document_ids: list[int]) -> set[int]:
    """Of ``document_ids``, those the reader may read whose newest version's preview is drawn,
    in one query for a page of the timeline, on the session's connection: it reads rows, not
    mapped objects, without the session's own step around a statement."""
    if not document_ids:
        return set()
    values = access.reader_parameters() | {"document_ids": document_ids}
    rows = db.connection().execute(_PREVIEWS[access.reader], values)
    newest = {document_id: preview for document_id, preview in rows}
    return {document_id for document_id, preview in newest.items() if preview is not None}


# Built once for each kind of reader, the values coming as parameters (see readable_documents).
_PREVIEWS = {
    reader: select(DocumentVersion.document_id, DocumentVersion.preview_sha256)
    .join(Document, Document.id == DocumentVersion.document_id)
    .where(Document.id.in_(bindparam("document_ids", expanding=True, required=True)), readable_documents(reader))
    .order_by(DocumentVersion.document_id, DocumentVersion.number)
    for reader in EntryReader
}


def _readable_document(db: Session, actor: Person, document_id: int) -> tuple[ChildAccess, Document]:
    child_id = db.scalar(select(Document.child_id).where(Document.id == document_id))
    access = record_access(db, actor, child_id, f"document {document_id}")
    document = db.scalar(
        select(Document)
        .where(Document.id == document_id, access.document_filter())
        .options(selectinload(Document.versions))
    )
    if document is None:
        raise NotFound(f"document {document_id}")
    return access, document
