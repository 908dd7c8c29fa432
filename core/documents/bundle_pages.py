"""The pages Teamaround writes into an evidence bundle, drawn with fpdf2 from blocks already in words.

:mod:`core.documents.bundle_contents` puts the child's record into words (headings,
paragraphs, tables, progress charts); this module only lays them out on A4 pages, so the
same blocks always give the same pages. The fonts are the system's (Debian's
``fonts-dejavu-core``, with ``fonts-nafees`` for the letters of Urdu), never fetched at
run time: DejaVu Sans writes the Latin, Greek and Cyrillic scripts of the names people
type, and a letter it lacks is taken from Nafees.
"""

from __future__ import annotations

import copy
import functools
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import FontFace, SubsetMap, TTFFont

# fontTools, with which fpdf2 keeps only the letters used, warns of every table of DejaVu's it
# leaves out (its hinting) each time a page is drawn: nothing an operator can act on.
logging.getLogger("fontTools").setLevel(logging.ERROR)

FONTS = {
    ("text", ""): Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ("text", "B"): Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("urdu", ""): Path("/usr/share/fonts/truetype/fonts-nafees/NafeesWeb.ttf"),
}
MARGIN = 18  # millimetres
BODY = 10  # points
# The chart: its size on the page, in millimetres.
CHART_WIDTH, CHART_HEIGHT, CHART_MARGIN = 120.0, 60.0, 12.0


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """Rows under column headings; ``widths`` are the columns' shares of the page's width."""

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[int]


@dataclass(frozen=True)
class Chart:
    """An outcome's readings against the straight line from baseline to target, under its
    title and with its legend in words: the dashes and squares say which is which without colour."""

    title: str
    baseline: tuple[date, float]
    target: tuple[date, float]
    readings: Sequence[tuple[date, float]]
    first_label: str
    last_label: str
    legend: str


Block = Heading | Paragraph | Table | Chart


class MissingFonts(Exception):
    """A font the bundle is written in is not installed (see :data:`FONTS`)."""


def missing_fonts() -> list[str]:
    """The fonts of :data:`FONTS` that are not installed: a bundle cannot be written without them."""
    return [str(path) for path in FONTS.values() if not path.exists()]


class Pages(FPDF):
    """An A4 document in the bundle's fonts, its text set from the side its language starts on."""

    def __init__(self, *, right_to_left: bool):
        super().__init__(format="A4")
        self.right_to_left = right_to_left
        self.start = "R" if right_to_left else "L"


def new_pdf(made: datetime, *, right_to_left: bool = False) -> Pages:
    """An empty document in the bundle's fonts, dated ``made`` so that drawing it again gives
    the same bytes; a language written from right to left (Urdu) starts its lines and its
    tables' rows on the right."""
    if missing := missing_fonts():
        raise MissingFonts(f"install fonts-dejavu-core and fonts-nafees: {', '.join(missing)} not found")
    pdf = Pages(right_to_left=right_to_left)
    pdf.set_creation_date(made)
    pdf.set_producer("Teamaround")
    for family, style in FONTS:
        _add_font(pdf, family, style)
    pdf.set_fallback_fonts(["urdu"], exact_match=False)
    # HarfBuzz (uharfbuzz) joins the letters of Arabic script and orders right-to-left runs,
    # which a PDF leaves to its writer: without it an Urdu name prints as loose letters.
    pdf.set_text_shaping(True)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN + 6)  # room for the page number stamped below
    pdf.set_font("text", size=BODY)
    return pdf


@functools.cache
def _read_font(family: str, style: str, path: Path) -> TTFFont:
    """The font as fpdf2 reads it, once a process: fpdf2 reads the width of each of a font's
    letters (six thousand in DejaVu Sans) when the font is added, and a bundle draws four to
    seven documents in three fonts each."""
    reader = FPDF()
    reader.add_font(family, style, str(path))
    [font] = reader.fonts.values()
    return font


def _add_font(pdf: FPDF, family: str, style: str) -> None:
    """What ``pdf.add_font`` adds, from the font read once: what the document reads of it
    (its widths, letters and measures) shared, what the document writes into its own (the
    letters it uses; the fontTools font, which fpdf2 cuts down to them in place when it
    writes the file, opened again: lazily, that reads the file's table of contents only)."""
    read = _read_font(family, style, FONTS[family, style])
    font = copy.copy(read)
    font.i = len(pdf.fonts) + 1
    font.ttfont = ttLib.TTFont(read.ttffile, recalcTimestamp=False, lazy=True)
    font.subset, font.missing_glyphs, font.biggest_size_pt = SubsetMap(font), [], 0
    pdf.fonts[read.fontkey] = font


def draw(blocks: Sequence[Block], made: datetime, *, right_to_left: bool = False) -> bytes:
    """``blocks`` on as many pages as they take, one after another."""
    pdf = new_pdf(made, right_to_left=right_to_left)
    pdf.add_page()
    for block in blocks:
        _DRAW[type(block)](pdf, block)
    return bytes(pdf.output())


def image_page(heading: str, picture: bytes, made: datetime, *, right_to_left: bool = False) -> bytes:
    """A photo or scan on a page of its own, under its title, as large as the page allows
    without changing its shape."""
    pdf = new_pdf(made, right_to_left=right_to_left)
    pdf.add_page()
    _heading(pdf, Heading(heading))
    top = pdf.get_y() + 2
    pdf.image(io.BytesIO(picture), x=MARGIN, y=top, w=pdf.epw, h=pdf.h - top - MARGIN - 6, keep_aspect_ratio=True)
    return bytes(pdf.output())


def stamps(sizes: Sequence[tuple[float, float]], footers: Sequence[str], made: datetime) -> bytes:
    """One page per size (in points), blank but for its footer at the foot: laid over the
    bundle's pages, whatever their size, it numbers them."""
    pdf = new_pdf(made)
    pdf.set_auto_page_break(False)
    pdf.set_font("text", size=8)
    for (width, height), footer in zip(sizes, footers, strict=True):
        pdf.add_page(format=(width * 25.4 / 72, height * 25.4 / 72))
        pdf.set_xy(0, pdf.h - 12)
        pdf.cell(w=pdf.w, h=5, text=footer, align="C")
    return bytes(pdf.output())


def _heading(pdf: Pages, block: Heading) -> None:
    pdf.set_font("text", "B", size={1: 16, 2: 13}.get(block.level, 11))
    pdf.multi_cell(
        w=0, h=8 if block.level == 1 else 6.5, text=block.text, align=pdf.start, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(2)
    pdf.set_font("text", size=BODY)


def _paragraph(pdf: Pages, block: Paragraph) -> None:
    pdf.multi_cell(w=0, h=5, text=block.text, align=pdf.start, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _table(pdf: Pages, block: Table) -> None:
    pdf.set_font("text", size=9)
    headings = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    # A row is read from the side the language starts on: from the right, its columns run the other way.
    ordered = (lambda cells: list(reversed(cells))) if pdf.right_to_left else list
    with pdf.table(
        col_widths=tuple(ordered(block.widths)),
        text_align="RIGHT" if pdf.right_to_left else "LEFT",
        line_height=4.5,
        headings_style=headings,
        repeat_headings=1,
    ) as table:
        for cells in (block.columns, *block.rows):
            row = table.row()
            for cell in ordered(cells):
                row.cell(cell)
    pdf.ln(3)
    pdf.set_font("text", size=BODY)


def _chart(pdf: Pages, block: Chart) -> None:
    """Dashes for the expected line, squares joined by a line for the readings; the lowest
    and highest values on the side, the first and last months along the foot."""
    title_height = len(pdf.multi_cell(w=0, h=5, text=block.title, dry_run=True, output="LINES")) * 5
    if pdf.will_page_break(title_height + CHART_HEIGHT + 12):
        pdf.add_page()  # a chart stays on the page of its title
    _paragraph(pdf, Paragraph(block.title))
    left, top = pdf.l_margin, pdf.get_y()
    days = [block.baseline[0], block.target[0], *(day for day, _ in block.readings)]
    values = [block.baseline[1], block.target[1], *(value for _, value in block.readings)]
    first, span = min(days), max((max(days) - min(days)).days, 1)
    low, high = min(values), max(values)
    high = high if high != low else low + 1

    def x(day: date) -> float:
        return left + CHART_MARGIN + (day - first).days / span * (CHART_WIDTH - 2 * CHART_MARGIN)

    def y(value: float) -> float:
        return top + CHART_HEIGHT - CHART_MARGIN - (value - low) / (high - low) * (CHART_HEIGHT - 2 * CHART_MARGIN)

    bottom, axis_x = top + CHART_HEIGHT - CHART_MARGIN, left + CHART_MARGIN
    pdf.set_line_width(0.3)
    pdf.line(axis_x, top + CHART_MARGIN, axis_x, bottom)
    pdf.line(axis_x, bottom, left + CHART_WIDTH - CHART_MARGIN, bottom)
    pdf.set_font("text", size=7)
    for value in (low, high):
        pdf.set_xy(left, y(value) - 2)
        pdf.cell(w=CHART_MARGIN - 1, h=4, text=f"{value:g}", align="R")
    pdf.set_xy(axis_x, bottom + 1)
    pdf.cell(w=40, h=4, text=block.first_label, align="L")
    pdf.set_xy(left + CHART_WIDTH - CHART_MARGIN - 40, bottom + 1)
    pdf.cell(w=40, h=4, text=block.last_label, align="R")
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.line(x(block.baseline[0]), y(block.baseline[1]), x(block.target[0]), y(block.target[1]))
    points = [(x(day), y(value)) for day, value in block.readings]
    if len(points) > 1:
        pdf.polyline(points)
    for px, py in points:
        pdf.rect(px - 1, py - 1, 2, 2, style="F")
    pdf.set_xy(left, top + CHART_HEIGHT)
    pdf.set_font("text", size=8)
    pdf.multi_cell(w=0, h=4, text=block.legend, align=pdf.start, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("text", size=BODY)


_DRAW = {Heading: _heading, Paragraph: _paragraph, Table: _table, Chart: _chart}
