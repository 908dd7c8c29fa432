"""The child's file: documents, reports and photos, each kept in every version it was given."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.people import Person
from core.models.timeline import Visibility
from core.types import UTCDateTime, utcnow

# An attachment names exactly one thing it is attached to.
ONE_TARGET = (
    "(CASE WHEN entry_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN meeting_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN review_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class DocumentKind(enum.StrEnum):
    """What a document is, in the words a team uses for the papers in a child's file."""

    REPORT = "report"
    LETTER = "letter"
    ASSESSMENT = "assessment"
    PLAN = "plan"
    PHOTO = "photo"
    OTHER = "other"


class Document(Base):
    """A document in a child's file: what it is called, what it is, who added it and who reads it.

    Its bytes are in its versions; the newest version is the document as it stands.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    # The day the document is about (a letter's date, the day of an assessment), not
    # the day it was uploaded: a diagnosis letter from 2021 is filed under 2021.
    about_on: Mapped[date] = mapped_column(Date)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    added_by_agency: Mapped[str | None] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility, "document_visibility"))
    # With the ``agency`` visibility, the one agency of the team that reads it: a parent
    # chooses it; a professional's own agency unless they choose another.
    shared_with_agency: Mapped[str | None] = mapped_column(String(64))

    added_by: Mapped[Person] = relationship()
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.number"
    )

    __table_args__ = (Index("ix_documents_child_about", "child_id", "about_on", "id"),)

    @property
    def current(self) -> DocumentVersion:
        return self.versions[-1]


class DocumentVersion(Base):
    """One upload of a document's file; a new version is added beside the earlier ones, never over them."""

    __tablename__ = "document_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    number: Mapped[int] = mapped_column(Integer)
    # The file in the store is named by this digest, and checked against it on every read.
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    # A small JPEG of an image or of a PDF's first page, made in the background
    # (core.documents.previews), kept in the store like the file; None until it is made.
    preview_sha256: Mapped[str | None] = mapped_column(String(64))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions")
    added_by: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("document_id", "number"), Index("ix_document_versions_sha256", "sha256"))


class Attachment(Base):
    """A document attached to what it belongs with in the child's record: an assessment or a
    message (a timeline entry), a meeting, or a plan review. The document stays in the
    child's file under its own visibility: an attachment shows it there to those who read it.
    """

    __tablename__ = "document_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("timeline_entries.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("plan_reviews.id"))
    attached_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    attached_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship()

    __table_args__ = (
        CheckConstraint(ONE_TARGET, name="one_target"),
        Index("ix_document_attachments_document_id", "document_id"),
        Index("ix_document_attachments_entry_id", "entry_id"),
        Index("ix_document_attachments_meeting_id", "meeting_id"),
        Index("ix_document_attachments_review_id", "review_id"),
    )
