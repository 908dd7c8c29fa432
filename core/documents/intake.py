"""Checking an upload before it is kept: what it really is, and whether it is safe to keep.

A file's type is decided from its content, never from its name or the browser's word for
it: a web page named ``report.pdf`` is a web page. Only kinds a family or a service
actually files are kept (PDF, PNG, JPEG, HEIC/HEIF, WebP, DOCX, ODT, plain text); web pages
and SVG drawings (which carry scripts), programs, and everything else are refused, each
with a reason a parent can act on, and nothing of a refused file is kept.

Photos are decoded and written again before they are kept, which leaves behind EXIF and
every other kind of metadata a camera adds: a parent's photo must not say where the
family lives. HEIC, which few computers open, becomes JPEG.
"""

from __future__ import annotations

import codecs
import contextlib
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

import filetype
import pillow_heif
from PIL import Image, ImageOps

from core.documents.storage import CHUNK
from core.errors import InvalidInput, TooLarge

pillow_heif.register_heif_opener()

DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_FILENAME_LENGTH = 255
# A DOCX or ODT is a ZIP: a few kilobytes can unpack to gigabytes (a "zip bomb") and
# take down whatever opens it later (a preview, an antivirus). Real documents stay far
# below both bounds, pictures included, which are stored in them already compressed.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
# Pillow's own bound on pixels (about 89 million: a 48-megapixel phone photo fits); an
# image over it is refused, not opened, since decoding it could exhaust a worker's memory.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS
_SNIFF_BYTES = 8192

ACCEPTED_KINDS = "PDF, Word (DOCX), OpenDocument text (ODT), plain text, or a photo (JPEG, PNG, HEIC or WebP)"


@dataclass(frozen=True)
class FileType:
    """A kind of file Teamaround keeps: the media type it is served as, its extension, the
    extensions its name may have, and whether a browser may show it rather than download it."""

    name: str
    media_type: str
    extension: str
    names: frozenset[str]
    shown_in_browser: bool = False


PDF = FileType("PDF document", "application/pdf", ".pdf", frozenset({".pdf"}), shown_in_browser=True)
PNG = FileType("PNG image", "image/png", ".png", frozenset({".png"}), shown_in_browser=True)
JPEG = FileType("JPEG photo", "image/jpeg", ".jpg", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"}),
                shown_in_browser=True)
HEIC = FileType("HEIC photo", "image/heic", ".heic", frozenset({".heic", ".heif"}))
WEBP = FileType("WebP image", "image/webp", ".webp", frozenset({".webp"}), shown_in_browser=True)
DOCX = FileType(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    frozenset({".docx"}),
)
ODT = FileType("OpenDocument text", "application/vnd.oasis.opendocument.text", ".odt", frozenset({".odt"}))
TEXT = FileType("plain text", "text/plain; charset=utf-8", ".txt", frozenset({".txt", ".text"}))

# What files are served as: a HEIC photo is kept as a JPEG.
SERVED = (PDF, PNG, JPEG, WEBP, DOCX, ODT, TEXT)
# By the media type filetype gives the content.
_BY_SNIFFED_TYPE = {
    "application/pdf": PDF,
    "image/png": PNG,
    "image/jpeg": JPEG,
    "image/heic": HEIC,
    "image/heif": HEIC,
    "image/webp": WEBP,
    DOCX.media_type: DOCX,
    ODT.media_type: ODT,
}
_PROGRAMS = {"application/x-msdownload", "application/x-executable"}
# What Pillow writes each kind of image back out as; HEIC is turned into JPEG.
_WRITTEN_AS = {PNG: (PNG, "PNG"), JPEG: (JPEG, "JPEG"), HEIC: (JPEG, "JPEG"), WEBP: (WEBP, "WEBP")}
_MARKUP = ("<!doctype", "<html", "<svg", "<script", "<?xml", "<head", "<body", "<iframe")


@dataclass(frozen=True)
class CheckedFile:
    """An upload found safe to keep: its bytes (from the start), the name and type to keep it under."""

    file: BinaryIO
    filename: str
    file_type: FileType


def refuse(reason: str) -> InvalidInput:
    return InvalidInput({"file": [reason]})


@contextlib.contextmanager
def checked_upload(stream: BinaryIO, filename: str, *, limit: int = DEFAULT_MAX_UPLOAD_BYTES) -> Iterator[CheckedFile]:
    """Check an upload read from ``stream``; yields it as it is to be kept.

    Raises :class:`InvalidInput` (under ``file``) for a file refused, :class:`TooLarge` for
    one over ``limit`` bytes. The temporary copies are gone when the block ends.
    """
    name = checked_filename(filename)
    with tempfile.TemporaryFile() as received:
        _receive(stream, received, limit)
        file_type = _content_type(received)
        suffix = PurePath(name).suffix.lower()
        if suffix and suffix not in file_type.names:
            raise refuse(
                f"The file is named “{name}” but it is a {file_type.name}: "
                f"choose the right file, or give it a name ending {file_type.extension}."
            )
        stem = PurePath(name).stem if suffix else name
        if file_type in _WRITTEN_AS:
            with tempfile.TemporaryFile() as cleaned:
                kept_as = _rewrite_image(received, cleaned, file_type)
                cleaned.seek(0)
                yield CheckedFile(cleaned, stem + kept_as.extension, kept_as)
            return
        if file_type in (DOCX, ODT):
            _check_zip(received, file_type)
        elif file_type is TEXT:
            _check_text(received)
        received.seek(0)
        yield CheckedFile(received, stem + file_type.extension, file_type)


def checked_filename(filename: str | None) -> str:
    """The upload's own name, refused when a path, a control character or nothing at all
    could make it mean more than a name when it is shown or saved."""
    name = (filename or "").strip()
    if not name:
        raise refuse("Choose a file to add.")
    if "/" in name or "\\" in name:
        raise refuse("The file's name must not contain / or \\: rename the file and try again.")
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in name):
        raise refuse("The file's name contains invisible control characters: rename the file and try again.")
    if name in (".", "..") or len(name) > MAX_FILENAME_LENGTH:
        raise refuse(f"Give the file a name of at most {MAX_FILENAME_LENGTH} characters.")
    return name


def _receive(stream: BinaryIO, target: BinaryIO, limit: int) -> None:
    size = 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"A file can be at most {_megabytes(limit)} MB.", limit)
        target.write(chunk)
    if size == 0:
        raise refuse("The file is empty: choose another.")
    target.seek(0)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g}"


def _content_type(received: BinaryIO) -> FileType:
    head = received.read(_SNIFF_BYTES)
    received.seek(0)
    sniffed = filetype.guess(head)
    if sniffed is None:
        if head.startswith(b"#!"):
            raise _program()
        if _looks_like_markup(head):
            raise refuse(
                "Web pages (HTML) and SVG drawings can hold scripts, so Teamaround does not keep them: "
                "save or print it as a PDF and add that."
            )
        return TEXT
    if sniffed.mime in _PROGRAMS:
        raise _program()
    file_type = _BY_SNIFFED_TYPE.get(sniffed.mime)
    if file_type is None:
        raise refuse(f"Teamaround keeps {ACCEPTED_KINDS}; this file is a {sniffed.extension.upper()} file.")
    return file_type


def _program() -> InvalidInput:
    return refuse(f"Programs and scripts cannot be added to a child's file. Teamaround keeps {ACCEPTED_KINDS}.")


def _looks_like_markup(head: bytes) -> bool:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").lower()
    return text.startswith("<") or any(marker in text for marker in _MARKUP)


def _rewrite_image(received: BinaryIO, target: BinaryIO, file_type: FileType) -> FileType:
    """Decode the image and write its pixels alone, turned the way the camera meant."""
    kept_as, pillow_format = _WRITTEN_AS[file_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(received) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                icc_profile = image.info.get("icc_profile")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse(
            f"The image is too large to open safely: at most {MAX_PIXELS // 1_000_000} million pixels."
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise refuse(f"The {file_type.name} is damaged or incomplete: choose another copy.") from None
    if pillow_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    # Pillow carries some of what it read over to what it writes (a JPEG's comment):
    # nothing the camera wrote is kept but the colour profile, which is no personal detail.
    upright.info = {}
    options = {"quality": 90} if pillow_format in ("JPEG", "WEBP") else {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    upright.save(target, pillow_format, **options)
    return kept_as


def _check_zip(received: BinaryIO, file_type: FileType) -> None:
    damaged = refuse(f"The {file_type.name} is damaged or incomplete: save it again and add the new copy.")
    try:
        with zipfile.ZipFile(received) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                raise refuse(f"The {file_type.name} unpacks to far more than any real document: it is refused.")
            names = {entry.filename for entry in entries}
            if file_type is DOCX and not {"[Content_Types].xml", "word/document.xml"} <= names:
                raise damaged
            if file_type is DOCX and any(name.lower().endswith("vbaproject.bin") for name in names):
                raise refuse("Documents with macros are not kept: save it as a plain Word document (DOCX).")
            if file_type is ODT and archive.read("mimetype") != ODT.media_type.encode():
                raise damaged
            # Reads every entry, each bounded by its declared size (counted above), and
            # checks it against its CRC: a ZIP whose sizes lie is found out here.
            if archive.testzip() is not None:
                raise damaged
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, NotImplementedError, OSError, EOFError):
        raise damaged from None


def _check_text(received: BinaryIO) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    not_text = refuse(f"This file is not one Teamaround keeps: it keeps {ACCEPTED_KINDS}.")
    try:
        while chunk := received.read(CHUNK):
            if b"\x00" in chunk:
                raise not_text
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise not_text from None
