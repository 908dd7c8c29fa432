"""Roster imports from the school's management information system, and who each record is there."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base
from core.types import UTCDateTime, utcnow


class RosterImport(Base):
    """One file brought in from the school's system: what it said, the plan drawn from it, and
    how far applying the plan has gone (``applied``), so that an interrupted run resumes.

    The file itself (``content``) is kept only until the plan is applied: it is a copy of
    the school's records, needed for the mapping step and for drawing the plan again.
    """

    __tablename__ = "roster_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The namespace of the identifiers the file gives: "oneroster", or "csv" for a plain export.
    source: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(200), default="")
    encoding: Mapped[str] = mapped_column(String(20), default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    mapping_name: Mapped[str | None] = mapped_column(String(100))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The operations the preview showed, in the order they are applied (core.roster.apply).
    plan: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    applied: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RosterMapping(Base):
    """Which column of a plain CSV export says what, saved under a name for the next import."""

    __tablename__ = "roster_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    columns: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RosterLink(Base):
    """A child or a person as the school's system knows them: its identifier, and the values
    last imported, so that a field edited in Teamaround since is told from one the school changed.

    A person's links are also the identifiers a school's or an agency's system gives them
    through the API (core.people.directory), ``source`` naming the system: one identifier
    is one record in each system, so an import finds the person the API opened by it.
    """

    __tablename__ = "roster_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    identifier: Mapped[str] = mapped_column(String(200))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    imported: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The school's system no longer has the pupil on roll: the case was closed, never erased.
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("uq_roster_links_source_identifier", "source", "identifier", unique=True),
        Index("ix_roster_links_child_id", "child_id"),
        Index("ix_roster_links_person_id", "person_id"),
    )
