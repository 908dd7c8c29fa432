"""Attaching a document to what it belongs with: an assessment or a message, a meeting, or a
plan review (the therapist's assessment report beside her assessment, the letter a parent's
message speaks of, the papers of a review).

The document stays in the child's file under its own visibility: an attachment never shows
it to anyone the file would not. It is attached by the person who added it, to a record of
the same child that they read themselves.
"""

from __future__ import annotations

from marshmallow import Schema
from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from core.access import ChildAccess, EntryReader, child_access, readable_documents
from core.documents.filing import get_document
from core.errors import DoesNotFit, Forbidden, InvalidInput, NotFound
from core.models import Attachment, Document, EntryKind, Meeting, Person, Plan, Review, TimelineEntry
from core.records import audit
from core.schemas import record_id
from core.types import utcnow
from core.validation import load

# The entries a document can be attached to: the ones that speak of a document.
ATTACHABLE_ENTRIES = (EntryKind.ASSESSMENT, EntryKind.MESSAGE)


_ONE = "Give exactly one of entry_id, meeting_id and review_id."


class AttachmentInput(Schema):
    """What a document is attached to: one assessment or message, one meeting or one plan review."""

    # Exactly one of the three: a rule across fields, so each one says it.
    entry_id = record_id(load_default=None, metadata={"description": f"An assessment or a message. {_ONE}"})
    meeting_id = record_id(load_default=None, metadata={"description": f"A meeting. {_ONE}"})
    review_id = record_id(load_default=None, metadata={"description": f"A plan review. {_ONE}"})


def attach_as_sent(db: Session, actor: Person, document_id: int, data) -> Attachment:
    """:func:`attach`, with what it is attached to as sent (checked by :class:`AttachmentInput`)."""
    return attach(db, actor, document_id, **load(AttachmentInput(), data))


def attach(
    db: Session,
    actor: Person,
    document_id: int,
    *,
    entry_id: int | None = None,
    meeting_id: int | None = None,
    review_id: int | None = None,
) -> Attachment:
    """Attach a document to one entry, meeting or review of its child (audited); attaching it
    there again changes nothing."""
    if [entry_id, meeting_id, review_id].count(None) != 2:
        raise InvalidInput({"target": ["Choose one assessment, message, meeting or review to attach it to."]})
    document = get_document(db, actor, document_id)
    access = child_access(db, actor, document.child_id)
    if not access.may_add_version(document):
        raise Forbidden("a document is attached by the person who added it, while the case is open")
    _check_target(db, access, entry_id=entry_id, meeting_id=meeting_id, review_id=review_id)
    found = db.scalar(
        select(Attachment).where(
            Attachment.document_id == document.id,
            Attachment.entry_id.is_(None) if entry_id is None else Attachment.entry_id == entry_id,
            Attachment.meeting_id.is_(None) if meeting_id is None else Attachment.meeting_id == meeting_id,
            Attachment.review_id.is_(None) if review_id is None else Attachment.review_id == review_id,
        )
    )
    if found is not None:
        return found
    attachment = Attachment(
        document_id=document.id, entry_id=entry_id, meeting_id=meeting_id, review_id=review_id,
        attached_by_id=actor.id, attached_at=utcnow(),
    )
    db.add(attachment)
    db.flush()
    target = f"entry:{entry_id}" if entry_id else f"meeting:{meeting_id}" if meeting_id else f"review:{review_id}"
    audit.record(db, actor, "document.attached", child_id=document.child_id, subject=f"document:{document.id}",
                 detail={"to": target})
    return attachment


def _check_target(
    db: Session, access: ChildAccess, *, entry_id: int | None, meeting_id: int | None, review_id: int | None
) -> None:
    """The target is of the document's child and read by the actor; :class:`NotFound` otherwise,
    as for anything else they may not read."""
    child_id = access.child.id
    if entry_id is not None:
        entry = db.scalar(
            select(TimelineEntry).where(
                TimelineEntry.id == entry_id, TimelineEntry.child_id == child_id, access.entry_filter()
            )
        )
        if entry is None:
            raise NotFound(f"entry {entry_id}")
        if entry.kind not in ATTACHABLE_ENTRIES:
            raise DoesNotFit({"target": ["A document is attached to an assessment or a message."]})
        if not access.may_attach_to(entry):
            raise Forbidden("a document is attached to one's own assessment or message, while it stands")
    elif meeting_id is not None:
        if db.scalar(select(Meeting.id).where(Meeting.id == meeting_id, Meeting.child_id == child_id)) is None:
            raise NotFound(f"meeting {meeting_id}")
    elif db.scalar(
        select(Review.id).join(Plan, Plan.id == Review.plan_id).where(Review.id == review_id, Plan.child_id == child_id)
    ) is None:
        raise NotFound(f"review {review_id}")


def attached(
    db: Session, access: ChildAccess, *, entry_id: int | None = None, meeting_id: int | None = None,
    review_id: int | None = None,
) -> list[Document]:
    """The documents attached to an entry, a meeting or a review that this reader may read,
    oldest first."""
    statement = (
        select(Document)
        .join(Attachment, Attachment.document_id == Document.id)
        .where(Document.child_id == access.child.id, access.document_filter())
        .order_by(Attachment.id)
    )
    if entry_id is not None:
        statement = statement.where(Attachment.entry_id == entry_id)
    elif meeting_id is not None:
        statement = statement.where(Attachment.meeting_id == meeting_id)
    else:
        statement = statement.where(Attachment.review_id == review_id)
    return list(db.scalars(statement))


def attached_to_reviews(db: Session, access: ChildAccess, review_ids: list[int]) -> dict[int, list[Row]]:
    """For the plan's page: the documents attached to each of its reviews that this reader may
    read, oldest first, in one query, each a row of the document's ``id``, ``title`` and
    ``added_by`` (who added it, by name), all the page shows of it."""
    found: dict[int, list[Row]] = {review_id: [] for review_id in review_ids}
    if review_ids:
        values = access.reader_parameters() | {"child_id": access.child.id, "review_ids": review_ids}
        for row in db.execute(_ATTACHED_TO_REVIEWS[access.reader], values):
            found[row.review_id].append(row)
    return found


def _attached_to(target, ids: str, *columns) -> dict:
    """For each kind of reader, a statement of the documents attached to the records whose
    ``target`` column is in the parameter ``ids`` that the reader may read, built once: the
    child, the ids and the reader come as parameters (building the statement and its cache
    key for each page cost more than running it)."""
    return {
        reader: select(target, Document.id, Document.title, *columns)
        .join(Document, Document.id == Attachment.document_id)
        .where(
            target.in_(bindparam(ids, expanding=True, required=True)),
            Document.child_id == bindparam("child_id", required=True),
            readable_documents(reader),
        )
        .order_by(Attachment.id)
        for reader in EntryReader
    }


_ATTACHED_TO_REVIEWS = {
    reader: statement.join(Person, Person.id == Document.added_by_id)
    for reader, statement in _attached_to(
        Attachment.review_id, "review_ids", Person.full_name.label("added_by")
    ).items()
}


def attached_to_entries(db: Session, access: ChildAccess, entries: list[TimelineEntry]) -> dict[int, list[Row]]:
    """For a page of the timeline: the documents attached to each of its assessments and
    messages that this reader may read, in one query (none for a page without them), each
    a row of the document's ``id`` and ``title``, all the page shows of it. The statement
    reads rows, not mapped objects: it runs on the session's connection, without the
    session's own step around a statement, which cost as much as running it."""
    entry_ids = [entry.id for entry in entries if entry.kind in ATTACHABLE_ENTRIES]
    if not entry_ids:
        return {}
    found: dict[int, list[Row]] = {}
    values = access.reader_parameters() | {"child_id": access.child.id, "entry_ids": entry_ids}
    for row in db.connection().execute(_ATTACHED_TO_ENTRIES[access.reader], values):
        found.setdefault(row.entry_id, []).append(row)
    return found


_ATTACHED_TO_ENTRIES = _attached_to(Attachment.entry_id, "entry_ids")


def attachable(db: Session, access: ChildAccess) -> list[Document]:
    """The documents this person could attach here: those they added to the child's file, newest first."""
    if not access.may_add_documents():
        return []
    return list(db.scalars(_ADDED_BY, {"child_id": access.child.id, "person_id": access.person.id}))


def attachable_to_entries(db: Session, access: ChildAccess, entries: list[TimelineEntry]) -> list[Row]:
    """For a page of the timeline: the documents :func:`attachable` gives, only if one of its
    ``entries`` is this person's to attach to; each a row of the document's ``id`` and
    ``title``, all the page's forms show of it, read on the session's connection (as
    :func:`attached_to_entries`): loaded as mapped objects, a family's twenty photos cost
    about as much as the page's fifty entries."""
    if not access.may_add_documents() or not any(
        entry.kind in ATTACHABLE_ENTRIES and access.may_attach_to(entry) for entry in entries
    ):
        return []
    values = {"child_id": access.child.id, "person_id": access.person.id}
    return db.connection().execute(_ADDED_BY_TITLES, values).all()


_ADDED_BY = (
    select(Document)
    .where(
        Document.child_id == bindparam("child_id", required=True),
        Document.added_by_id == bindparam("person_id", required=True),
    )
    .order_by(Document.id.desc())
    .limit(100)
)
_ADDED_BY_TITLES = _ADDED_BY.with_only_columns(Document.id, Document.title)
