"""Evidence bundles: what a lead professional chose to send the local authority, built into one PDF."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.documents import Document
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class BundlePurpose(enum.StrEnum):
    """What the evidence is for: asking the authority for an EHC needs assessment, or a review."""

    ASSESSMENT_REQUEST = "assessment_request"
    REVIEW = "review"


class EvidenceBundle(Base):
    """A selection from a child's record (the chronology, the plan, assessments, documents),
    built in the background into one paginated PDF.

    The selection names records by id and the built PDF is filed as a document of the
    child's file that only the lead reads until they share it with an agency: erasure,
    backup and the store's checks treat its file as they treat every document's.
    """

    __tablename__ = "evidence_bundles"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    purpose: Mapped[BundlePurpose] = mapped_column(enum_column(BundlePurpose, "bundle_purpose"))
    # {"chronology": {"since": ..., "until": ...} or None, "plan": bool, "assessments": [entry ids],
    #  "documents": [document ids]}, as checked when the lead chose it.
    selection: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The language its words are written in: the lead's, who writes to the authority.
    language: Mapped[str] = mapped_column(String(16))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set once built: the document holding the PDF, and its number of pages.
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    pages: Mapped[int | None] = mapped_column(Integer)
    # Why it could not be built, when trying again cannot help (a damaged upload).
    failure: Mapped[str] = mapped_column(Text, default="")
    shared_with_agency: Mapped[str | None] = mapped_column(String(64))
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[Person] = relationship()
    document: Mapped[Document | None] = relationship()

    __table_args__ = (Index("ix_evidence_bundles_child_id", "child_id", "id"),)
