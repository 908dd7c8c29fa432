"""Putting an evidence bundle together: its sections one after another behind a contents page,
every page numbered, merged with pypdf.

The contents page lists each section with the page it starts on, and so does the PDF's
outline (the bookmarks a reader's side panel shows). Its own length moves every section
along, so it is drawn until the pages it lists stop moving. Nothing in the file depends
on when or where it was put together: its dates are the bundle's, and pypdf writes no
file identifier, so the same sections give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError
from pypdf.generic import TextStringObject

from core.documents import bundle_pages
from core.documents.bundle_pages import Block, Table


@dataclass(frozen=True)
class Section:
    """One entry of the contents: its heading and its pages, as a PDF."""

    heading: str
    pdf: bytes


@dataclass(frozen=True)
class Front:
    """The first page's words: the title, lines saying whose and what it is, the contents'
    heading and columns, and a page's footer from its number and the number of pages."""

    title: str
    lines: Sequence[str]
    contents: str
    columns: tuple[str, str]
    footer: Callable[[int, int], str]
    right_to_left: bool = False


@dataclass(frozen=True)
class Assembled:
    pdf: bytes
    pages: int
    # Each section's heading and the number of the page it starts on, counted from 1.
    index: list[tuple[str, int]]


class DamagedFile(Exception):
    """A section's PDF cannot be read (damaged, or locked with a password)."""


def assemble(front: Front, sections: Sequence[Section], made: datetime) -> Assembled:
    """One PDF: the front page with the contents, then ``sections`` in order, all numbered;
    :class:`DamagedFile` when a section's PDF cannot be read."""
    readers = [_read(section) for section in sections]
    lengths = [len(reader.pages) for reader in readers]
    front_pages, index = 1, []
    while True:
        starts, page = [], front_pages + 1
        for length in lengths:
            starts.append(page)
            page += length
        index = [(section.heading, start) for section, start in zip(sections, starts, strict=True)]
        drawn = bundle_pages.draw(_front_blocks(front, index), made, right_to_left=front.right_to_left)
        drawn_pages = len(PdfReader(io.BytesIO(drawn)).pages)
        if drawn_pages == front_pages:
            break
        front_pages = drawn_pages
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(drawn)), import_outline=False)
    for reader, (heading, start) in zip(readers, index, strict=True):
        writer.append(reader, import_outline=False)
        writer.add_outline_item(title=heading, page_number=start - 1)
    _number(writer, front, made)
    writer.add_metadata({"/Title": front.title, "/Producer": "Teamaround", "/CreationDate": _pdf_date(made)})
    out = io.BytesIO()
    writer.write(out)
    return Assembled(pdf=out.getvalue(), pages=len(writer.pages), index=index)


def _read(section: Section) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(section.pdf))
        if reader.is_encrypted:
            raise DamagedFile(f"{section.heading} is locked with a password")
        if not reader.pages:
            raise DamagedFile(f"{section.heading} has no pages")
        return reader
    except (PdfReadError, ValueError, KeyError) as error:
        raise DamagedFile(f"{section.heading} cannot be read as a PDF: {error}") from None


def _front_blocks(front: Front, index: list[tuple[str, int]]) -> list[Block]:
    return [
        bundle_pages.Heading(front.title),
        *(bundle_pages.Paragraph(line) for line in front.lines),
        bundle_pages.Heading(front.contents, level=2),
        Table(columns=front.columns, rows=[(heading, str(page)) for heading, page in index], widths=(5, 1)),
    ]


def _number(writer: PdfWriter, front: Front, made: datetime) -> None:
    """Lay a footer with its number over every page, turned pages first made upright so
    that the footer sits at the foot as the page is read."""
    for page in writer.pages:
        page.transfer_rotation_to_content()
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    total = len(sizes)
    footers = [front.footer(number, total) for number in range(1, total + 1)]
    stamps = PdfReader(io.BytesIO(bundle_pages.stamps(sizes, footers, made)))
    for page, stamp in zip(writer.pages, stamps.pages, strict=True):
        # A page's own box may not start at 0, 0 (a scanner's crop): move the stamp with it.
        left, bottom = float(page.mediabox.left), float(page.mediabox.bottom)
        if left or bottom:
            page.merge_transformed_page(stamp, Transformation().translate(left, bottom))
        else:
            page.merge_page(stamp)


def _pdf_date(when: datetime) -> TextStringObject:
    return TextStringObject(when.strftime("D:%Y%m%d%H%M%S+00'00'"))
