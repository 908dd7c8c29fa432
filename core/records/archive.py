"""A subject access export as one ZIP file: the JSON of the record, and the files of its documents.

A parent who asks for everything held about their child is owed the reports and letters
themselves, not only the rows that describe them. The JSON is exactly the export's
(:mod:`core.records.subject_access`); each document version it lists is beside it under
``files/document-<id>/version-<number>/<filename>``, copied from the store in chunks
and checked against its SHA-256 on the way.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from typing import Any, BinaryIO

from core.documents.storage import CHUNK, FileStore


def write_archive(export: dict[str, Any], name: str, target: BinaryIO, *, store: FileStore) -> None:
    """Write ``export`` to ``target`` as a ZIP holding ``<name>.json`` and the files of the
    document versions it lists; raises :class:`~core.documents.storage.FileUnreadable`
    rather than leave a file out."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.json", json.dumps(export, indent=2, ensure_ascii=False))
        for version in export.get("document_versions", ()):
            with store.open(version["sha256"]) as file, archive.open(file_name(version), "w") as member:
                shutil.copyfileobj(file, member, CHUNK)


def file_name(version: dict[str, Any]) -> str:
    """Where a document version's file is in the archive: by document and version, so two
    versions of the same name do not collide, under the name it was uploaded with."""
    return f"files/document-{version['document_id']}/version-{version['number']}/{version['filename']}"
