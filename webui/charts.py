"""Progress towards an outcome as an accessible chart, drawn on the server as SVG.

The chart says in words what it shows (a title and a description for screen
readers), tells the expected line from the readings by dash and marker as well as
colour, and comes with the same figures as a table, so no one depends on seeing it.

In a language written from right to left (Urdu) the time axis runs right to left too:
the reader starts on the right, where the page, the table beside the chart and the
baseline start, and reads forward in time as she reads the page. Only the positions
mirror: a month and a number keep the order they are written in (the text's own
direction), and the labels keep their logical anchors (start, end), which an SVG text
resolves in the page's direction. A reading keeps its unit, typed in whatever language
its author wrote, beside it in the table: isolated (<bdi>), so that "2 times out of 5"
reads as written inside an Urdu page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel.dates import format_date
from flask_babel import get_locale, get_translations
from markupsafe import Markup, escape

from core import timefmt
from webui.formatting import school_zone_name
from webui.i18n import text_direction

WIDTH, HEIGHT, MARGIN = 320, 180, 36


@dataclass(frozen=True)
class ChartWords:
    """What every chart on a page says alike, in the reader's language, looked up once a page."""

    caption: str  # "%(title)s: the readings", each chart's title put in
    date: Markup
    reading: Markup
    none: Markup
    expected: Markup
    readings: Markup
    locale: str
    zone: str
    mirrored: bool


def chart_words() -> ChartWords:
    """The charts' words for this request's reader, from its catalogue looked up once: flask-babel's
    ``gettext`` looks it up through the request's context-locals for every word."""
    gettext = get_translations().ugettext
    return ChartWords(
        caption=gettext("%(title)s: the readings"),
        date=escape(gettext("Date")),
        reading=escape(gettext("Reading")),
        none=escape(gettext("No readings yet")),
        expected=escape(gettext("expected progress from the starting point to the target")),
        readings=escape(gettext("readings")),
        locale=str(get_locale() or "en"),
        zone=school_zone_name(),
        mirrored=text_direction() == "rtl",
    )


def progress_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    baseline: tuple[date, float],
    target: tuple[date, float],
    readings: Sequence[tuple[date, float]],
    summary: str,
    words: ChartWords,
) -> Markup:
    """An SVG line chart of ``readings`` against the straight line from baseline to target."""
    days = [baseline[0], target[0], *(day for day, _ in readings)]
    values = [baseline[1], target[1], *(value for _, value in readings)]
    first, last = min(days), max(days)
    low, high = min(values), max(values)
    if high == low:
        high = low + 1
    span_days = max((last - first).days, 1)
    mirrored = words.mirrored

    def across(offset: float) -> float:
        """An x measured from where the reader starts: the left, or the right when mirrored."""
        return WIDTH - offset if mirrored else offset

    def x(day: date) -> float:
        return across(MARGIN + (day - first).days / span_days * (WIDTH - 2 * MARGIN))

    def y(value: float) -> float:
        return HEIGHT - MARGIN - (value - low) / (high - low) * (HEIGHT - 2 * MARGIN)

    expected = (
        f'<line class="expected" x1="{x(baseline[0]):.1f}" y1="{y(baseline[1]):.1f}" '
        f'x2="{x(target[0]):.1f}" y2="{y(target[1]):.1f}" stroke-dasharray="6 4"/>'
    )
    points = " ".join(f"{x(day):.1f},{y(value):.1f}" for day, value in readings)
    line = f'<polyline class="readings" points="{points}" fill="none"/>' if len(readings) > 1 else ""
    markers = "".join(
        f'<rect class="reading" x="{x(day) - 3:.1f}" y="{y(value) - 3:.1f}" width="6" height="6"/>'
        for day, value in readings
    )
    starts, ends = (_month(day.replace(day=1), words.locale) for day in (first, last))
    axes = (
        f'<line class="axis" x1="{across(MARGIN)}" y1="{HEIGHT - MARGIN}" '
        f'x2="{across(WIDTH - MARGIN)}" y2="{HEIGHT - MARGIN}"/>'
        f'<line class="axis" x1="{across(MARGIN)}" y1="{MARGIN}" x2="{across(MARGIN)}" y2="{HEIGHT - MARGIN}"/>'
        f'<text x="{across(MARGIN - 4)}" y="{y(high):.1f}" text-anchor="end">{_number(high)}</text>'
        f'<text x="{across(MARGIN - 4)}" y="{y(low):.1f}" text-anchor="end">{_number(low)}</text>'
        f'<text x="{across(MARGIN)}" y="{HEIGHT - MARGIN + 16}" text-anchor="start">{starts}</text>'
        f'<text x="{across(WIDTH - MARGIN)}" y="{HEIGHT - MARGIN + 16}" text-anchor="end">{ends}</text>'
    )
    svg = (
        f'<svg class="progress-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(summary)}</desc>'
        f"{axes}{expected}{line}{markers}</svg>"
    )
    unit_words = escape(unit)
    rows = "".join(
        f"<tr><td>{escape(timefmt.day(day, words.zone, words.locale))}</td>"
        f"<td><bdi>{_number(value)} {unit_words}</bdi></td></tr>"
        for day, value in readings
    )
    empty = f"<tr><td colspan=2>{words.none}</td></tr>"
    table = (
        f'<table class="chart-data"><caption>{escape(words.caption % {"title": title})}</caption>'
        f'<thead><tr><th scope="col">{words.date}</th><th scope="col">{words.reading}</th></tr></thead>'
        f"<tbody>{rows or empty}</tbody></table>"
    )
    legend = (
        f'<p class="legend"><span class="key-expected">- - -</span> {words.expected} · '
        f'<span class="key-readings">■</span> {words.readings}</p>'
    )
    return Markup(f'<figure class="chart">{svg}<figcaption>{escape(summary)}</figcaption>{legend}{table}</figure>')


@lru_cache(maxsize=1024)  # a page's charts name the same few months, whose words depend on nothing else
def _month(month: date, locale: str) -> str:
    """A month on the time axis, in the reader's language ("Sep 2026", "wrz 2026")."""
    return str(escape(format_date(month, "MMM y", locale=locale)))


def _number(value: float) -> str:
    return f"{value:g}"
