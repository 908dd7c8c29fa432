"""What an upload is decided from its content; what is refused, with a reason; photos lose their metadata."""

import io

import pytest
import sample_files
from PIL import Image

from core.documents import intake
from core.errors import InvalidInput, TooLarge


def check(data: bytes, filename: str, **options):
    with intake.checked_upload(io.BytesIO(data), filename, **options) as checked:
        return checked.filename, checked.file_type.media_type, checked.file.read()


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(InvalidInput) as refused:
        check(data, filename)
    [reason] = refused.value.errors["file"]
    return reason


ACCEPTED = {
    "report.pdf": (sample_files.pdf, "application/pdf"),
    "drawing.png": (lambda: sample_files.photo("PNG"), "image/png"),
    "photo.jpg": (sample_files.photo, "image/jpeg"),
    "photo.webp": (lambda: sample_files.photo("WEBP"), "image/webp"),
    "review.docx": (sample_files.docx, sample_files.DOCX_TYPE),
    "notes.odt": (sample_files.odt, "application/vnd.oasis.opendocument.text"),
    "notes.txt": (lambda: "Sleeps badly after PE días".encode(), "text/plain; charset=utf-8"),
}


@pytest.mark.parametrize("filename", sorted(ACCEPTED))
def test_each_accepted_kind_is_kept_as_what_its_content_is(filename):
    make, media_type = ACCEPTED[filename]
    assert check(make(), filename)[:2] == (filename, media_type)


def test_a_file_without_an_extension_is_named_by_its_content():
    assert check(sample_files.pdf(), "Scan 12 March")[:2] == ("Scan 12 March.pdf", "application/pdf")


def test_a_heic_photo_is_kept_as_a_jpeg():
    filename, media_type, data = check(sample_files.heic(), "IMG_0042.HEIC")
    assert (filename, media_type) == ("IMG_0042.jpg", "image/jpeg")
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_a_photo_comes_back_without_gps_or_camera_details(image_format):
    original = sample_files.photo(image_format) if image_format != "HEIF" else sample_files.heic()
    assert sample_files.GPS_IFD in sample_files.exif_of(original)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}[image_format]
    _, _, kept = check(original, f"photo.{extension}")
    assert sample_files.exif_of(kept) == {}


def test_a_photo_taken_sideways_is_kept_upright():
    sideways = sample_files.photo(size=(64, 48), orientation=6)  # "rotate 90° clockwise to view"
    _, _, kept = check(sideways, "photo.jpg")
    with Image.open(io.BytesIO(kept)) as image:
        assert image.size == (48, 64)


REFUSED = {
    "an HTML page named .pdf": (sample_files.html, "report.pdf", "Web pages (HTML)"),
    "an SVG drawing": (sample_files.svg, "drawing.svg", "SVG"),
    "a Windows program": (sample_files.windows_program, "letter.exe", "Programs"),
    "a Linux program": (sample_files.linux_program, "report", "Programs"),
    "a script": (lambda: b"#!/bin/sh\nrm -rf ~\n", "notes.txt", "scripts"),
    "a kind not kept": (sample_files.gif, "anim.gif", "this file is a GIF file"),
    "a PNG named .pdf": (lambda: sample_files.photo("PNG"), "report.pdf", "but it is a PNG image"),
    "a PDF named .docx": (sample_files.pdf, "review.docx", "but it is a PDF document"),
    "an empty file": (lambda: b"", "empty.pdf", "The file is empty"),
    "binary that is no known kind": (lambda: bytes(range(256)) * 4, "data.txt", "not one Teamaround keeps"),
    "a decompression bomb image": (sample_files.decompression_bomb_png, "big.png", "too large to open safely"),
    "a zip bomb": (sample_files.zip_bomb_docx, "review.docx", "unpacks to far more"),
    "a DOCX of thousands of parts": (sample_files.crowded_docx, "review.docx", "unpacks to far more"),
    "a DOCX with macros": (sample_files.macro_docx, "review.docx", "macros"),
    "a truncated photo": (lambda: sample_files.photo()[:300], "photo.jpg", "damaged or incomplete"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_each_unsafe_or_unknown_file_is_refused_with_a_reason(case):
    make, filename, reason = REFUSED[case]
    assert reason in refusal(make(), filename)


BAD_NAMES = {
    "a path": ("../../etc/passwd", "must not contain /"),
    "a Windows path": ("C:\\Users\\report.pdf", "must not contain /"),
    "a newline": ("report\n.pdf", "control characters"),
    "a right-to-left override": ("report\u202efdp.exe", "control characters"),
    "no name": ("  ", "Choose a file"),
    "a very long name": ("x" * 300 + ".pdf", "at most 255 characters"),
}


@pytest.mark.parametrize("case", sorted(BAD_NAMES))
def test_a_filename_that_could_mean_more_than_a_name_is_refused(case):
    filename, reason = BAD_NAMES[case]
    assert reason in refusal(sample_files.pdf(), filename)


def test_a_file_over_the_limit_is_refused_as_too_large():
    with pytest.raises(TooLarge) as refused:
        check(sample_files.pdf(), "report.pdf", limit=100)
    assert refused.value.limit == 100
