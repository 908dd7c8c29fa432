"""Checking the document store against the database: every file a version names is there,
and still the bytes it was when kept (``teamaround documents verify``).

A disk that loses or damages a file is otherwise found only when someone opens that
document, perhaps years later when a tribunal asks for it; this finds it now, while a
backup still holds a good copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.documents.named_files import files_named
from core.documents.storage import FileStore, FileUnreadable
from core.models import DocumentVersion

_ROWS_AT_ONCE = 1000


@dataclass(frozen=True)
class FileProblem:
    """A file the store cannot give back as kept, and the document versions that use it."""

    reason: str
    versions: tuple[tuple[int, int], ...]  # (document id, version number)

    def __str__(self) -> str:
        used_by = ", ".join(f"document {document} version {number}" for document, number in self.versions)
        return f"{self.reason} (used by {used_by})"


def verify_files(db: Session, store: FileStore) -> Iterator[FileProblem]:
    """Read every file the documents' versions name, their previews' too, each once, and yield
    each one missing or changed. The versions are read a thousand at a time, the files in chunks."""
    versions = DocumentVersion.__table__
    files = files_named(also=(versions.c.document_id, versions.c.number)).subquery()
    rows = db.execute(
        select(files.c.sha256, files.c.document_id, files.c.number)
        .order_by(files.c.sha256, files.c.document_id, files.c.number)
        .execution_options(yield_per=_ROWS_AT_ONCE)
    )
    for sha256, versions in groupby(rows, key=lambda row: row.sha256):
        try:
            store.open(sha256).close()
        except FileUnreadable as error:
            yield FileProblem(str(error), tuple((row.document_id, row.number) for row in versions))
