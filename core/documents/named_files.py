"""Which stored files the database still needs: each document version names its file and,
once drawn, its preview's. Erasure, backup and verification must agree on that list, or a
preview kept by one would be removed, left out or never checked by another."""

from __future__ import annotations

from sqlalchemy import ColumnElement, CompoundSelect, select, true, union

from core.models import DocumentVersion


def files_named(versions_found: ColumnElement[bool] | None = None, *, also=()) -> CompoundSelect:
    """The digests (column ``sha256``) of the files and previews that the versions found name
    (every version when none is given), each with the versions' columns ``also``."""
    versions = DocumentVersion.__table__
    found = true() if versions_found is None else versions_found
    return union(
        select(versions.c.sha256, *also).where(found),
        select(versions.c.preview_sha256, *also).where(found, versions.c.preview_sha256.is_not(None)),
    )
