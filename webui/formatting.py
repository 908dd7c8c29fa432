"""Template filters for dates and times, in the school's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from jinja2 import pass_context

from core import timefmt, wall_clock
from core.types import utcnow
from webui.wording import page_words


def init_app(app: Flask) -> None:
    ZoneInfo(app.config["TIMEZONE"])  # fail at start-up on a misspelt zone
    # The zone and the language from the page's words, looked up once a page (webui.wording.PageWords).
    app.add_template_filter(pass_context(lambda context, moment: timefmt.when(moment, *_place(context))), "when")
    app.add_template_filter(pass_context(lambda context, value: timefmt.day(value, *_place(context))), "day")
    app.add_template_filter(pass_context(lambda context, moment: timefmt.clock(moment, *_place(context))), "clock")
    app.add_template_global(repeated_readings)
    app.add_template_filter(day_in_words, "day_in_words")


def format_day(value) -> str:
    """A day in the school's zone and the reader's language: ``Tuesday 3 March 2026``."""
    return timefmt.day(value, school_zone_name(), _locale())


@pass_context
def day_in_words(context, moment: datetime) -> str:
    """``today``, ``tomorrow``, ``Tuesday`` within the week ahead, else the whole date; today
    and its words looked up once a page (a SENCO's home page says 45 days)."""
    words = page_words(context)
    today, named = words.once(
        "days in words",
        lambda: (utcnow().astimezone(ZoneInfo(words.zone)).date(), {0: _("today"), 1: _("tomorrow")}),
    )
    return timefmt.day_in_words(moment, words.zone, today, named, words.locale)


def _place(context) -> tuple[str, str]:
    """The school's time zone and the reader's language, of the page a template context renders."""
    words = page_words(context)
    return words.zone, words.locale


def _locale() -> str:
    return str(get_locale() or "en")


def school_zone_name() -> str:
    return current_app.config["TIMEZONE"]


def typed_time(form, name: str) -> str | None:
    """A ``datetime-local`` field as typed, for the core to read in the school's zone; or, in the
    hour the clocks repeat, the one of its two readings the person chose (``<name>_reading``).

    A choice counts only for the time it was offered for: changed to another time, the
    field is read afresh, so a stale choice never shifts a time by an hour.
    """
    typed = form.get(name, "")
    if not typed:
        return None
    chosen = form.get(f"{name}_reading", "")
    try:
        if chosen and datetime.fromisoformat(chosen).replace(tzinfo=None) == datetime.fromisoformat(typed):
            return chosen
    except ValueError:
        pass  # not a time: the schema rejects what was typed with its own message
    return typed


def repeated_readings(typed: str) -> list[tuple[str, str]]:
    """The two readings of a typed time in the hour the clocks repeat, as (value, label) to choose
    from; empty for any other time."""
    try:
        wall = datetime.fromisoformat(typed or "")
    except ValueError:
        return []
    if wall.tzinfo is not None:
        return []
    found = wall_clock.readings(wall, school_zone_name())
    if len(found) < 2:
        return []
    return [(moment.isoformat(), f"{moment:%H:%M} ({wall_clock.offset_label(moment)})") for moment in found]
