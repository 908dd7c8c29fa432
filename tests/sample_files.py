"""Real files of every kind the child's file takes or refuses, made here by real libraries."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import UTC, datetime

from fpdf import FPDF
from PIL import Image

GPS_IFD = 0x8825
CAMERA_MAKER = 0x010F
ORIENTATION = 0x0112
MADE = datetime(2026, 12, 1, tzinfo=UTC)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf(text: str = "Speech and language therapy report") -> bytes:
    """The same bytes for the same text every time (fpdf would stamp the moment it was made)."""
    document = FPDF()
    document.set_creation_date(MADE)
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


def photo(image_format: str = "JPEG", *, size=(64, 48), orientation: int | None = None) -> bytes:
    """A photo as a phone takes it: with the place it was taken (EXIF GPS) and the camera's maker."""
    exif = Image.Exif()
    exif[CAMERA_MAKER] = "Phonemaker"
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    if orientation is not None:
        exif[ORIENTATION] = orientation
    image = Image.new("RGB", size, (200, 40, 40))
    out = io.BytesIO()
    image.save(out, image_format, exif=exif.tobytes())
    return out.getvalue()


def heic() -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    return photo("HEIF")


def docx(text: str = "Annual review report") -> bytes:
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"/>',
            "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>',
        }
    )


def odt() -> bytes:
    return _zip(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": '<?xml version="1.0"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
            "content.xml": '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        }
    )


def zip_bomb_docx(unpacked: int = 250 * 1024 * 1024) -> bytes:
    """A DOCX of a few hundred kilobytes that unpacks to ``unpacked`` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as padding:
            zeros = bytes(1024 * 1024)
            for _ in range(unpacked // len(zeros)):
                padding.write(zeros)
    return out.getvalue()


def crowded_docx(entries: int = 3000) -> bytes:
    return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
                | {f"word/part{number}.xml": "" for number in range(entries)})


def macro_docx() -> bytes:
    return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>",
                 "word/vbaProject.bin": "Sub AutoOpen()"})


def decompression_bomb_png(width: int = 40_000, height: int = 40_000) -> bytes:
    """A PNG whose header claims 1.6 billion pixels: tiny on disk, gigabytes once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def svg() -> bytes:
    return b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def html() -> bytes:
    return b"<!DOCTYPE html><html><body><script>fetch('/api/v1/children')</script></body></html>"


def windows_program() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(54) + b"PE\x00\x00" + bytes(200)


def linux_program() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + bytes(200)


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "GIF")
    return out.getvalue()


def _zip(entries: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries.items():
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=compression)
    return out.getvalue()


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())
