"""Previews: a small picture of a photo, or of a PDF's first page, so that a phone shows what
a document is before anyone downloads it.

Drawing one takes a moment (a PDF page is rendered by PDFium) and must never hold up an
upload, so each is made in the background by the job queue (:mod:`core.jobs.queue`): the
upload queues it in its own transaction, and ``teamaround jobs run`` draws it, keeps it in
the document store beside the file (content-addressed, checked on every read like the
file) and names it on the version. Drawing the same preview twice gives the same one.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import warnings
from typing import Any

import pypdfium2
from PIL import Image, ImageOps
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from core.documents.storage import CHUNK, FileStore
from core.jobs import queue
from core.jobs.queue import GiveUp, JobKind, RetryPolicy, Sessions
from core.models import DocumentVersion

KIND = "document.preview"
# The longer side, in pixels: sharp across a phone's width at twice its density.
LONGEST_SIDE = 640
QUALITY = 80
IMAGES = frozenset({"image/jpeg", "image/png", "image/webp"})
PDF = "application/pdf"
PREVIEWED = IMAGES | {PDF}
# A store that cannot be read is tried again over a few hours; a file that cannot be drawn is given up at once.
RETRY = RetryPolicy(attempts=6)


def queue_preview(db: Session, version: DocumentVersion) -> None:
    """Ask for a preview of a newly filed version, in the transaction that files it."""
    if version.media_type in PREVIEWED:
        queue.enqueue(db, KIND, {"version_id": version.id}, key=f"{KIND}:{version.id}")


def job_kind(store: FileStore) -> JobKind:
    """Making previews, as a kind of job, with the store the files are in."""

    def make(sessions: Sessions, payload: dict[str, Any]) -> None:
        make_preview(sessions, store, payload["version_id"])

    return JobKind(KIND, make, RETRY)


def make_preview(sessions: Sessions, store: FileStore, version_id: int) -> None:
    """Draw the version's preview and name it on the version; nothing when the version is
    gone (its case erased) or has its preview already."""
    with sessions() as db, db.begin():
        found = db.execute(
            select(DocumentVersion.sha256, DocumentVersion.media_type, DocumentVersion.preview_sha256)
            .where(DocumentVersion.id == version_id)
        ).one_or_none()
    if found is None or found.preview_sha256 is not None:
        return
    with store.open(found.sha256) as file:
        picture = draw(file, found.media_type)
    preview = store.add(io.BytesIO(picture))
    with sessions() as db, db.begin():
        named = db.execute(
            update(DocumentVersion)
            .where(DocumentVersion.id == version_id, DocumentVersion.preview_sha256.is_(None))
            .values(preview_sha256=preview.sha256)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not named and not _named_anywhere(db, preview.sha256):
            # The case was erased while the preview was drawn: keep nothing of it.
            store.remove(preview.sha256)


def _named_anywhere(db: Session, sha256: str) -> bool:
    named = select(DocumentVersion.id).where(
        or_(DocumentVersion.sha256 == sha256, DocumentVersion.preview_sha256 == sha256)
    )
    return db.scalar(named.limit(1)) is not None


def draw(file, media_type: str) -> bytes:
    """The preview of a file of ``media_type`` as JPEG bytes; :class:`GiveUp` when the file
    cannot be drawn (a PDF with a password, a damaged image), which trying again will not change."""
    try:
        picture = _pdf_first_page(file) if media_type == PDF else _image(file)
    except (OSError, ValueError, Image.DecompressionBombError, pypdfium2.PdfiumError) as error:
        raise GiveUp(f"no preview can be drawn of this {media_type} file: {error}") from None
    picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    output = io.BytesIO()
    picture.convert("RGB").save(output, "JPEG", quality=QUALITY, optimize=True)
    return output.getvalue()


def _image(file) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(file)
        image.draft("RGB", (LONGEST_SIDE, LONGEST_SIDE))  # a JPEG decodes at a fraction of its size
        return ImageOps.exif_transpose(image)


def _pdf_first_page(file) -> Image.Image:
    # PDFium reads at random places: from a local copy, whatever the store.
    with tempfile.TemporaryFile() as copy:
        shutil.copyfileobj(file, copy, CHUNK)
        copy.seek(0)
        pdf = pypdfium2.PdfDocument(copy)
        try:
            if len(pdf) == 0:
                raise ValueError("the PDF has no pages")
            page = pdf[0]
            width, height = page.get_size()
            # A copy: the rendered bitmap's memory goes with the document.
            return page.render(scale=LONGEST_SIDE / max(width, height, 1)).to_pil().convert("RGB")
        finally:
            pdf.close()
