"""Template filters for dates and times, in the school's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_babel import get_locale

from core import timefmt


def init_app(app: Flask) -> None:
    ZoneInfo(app.config["TIMEZONE"])  # fail at start-up on a misspelt zone
    app.add_template_filter(lambda moment: timefmt.when(moment, school_zone_name(), _locale()), "when")
    app.add_template_filter(format_day, "day")
    app.add_template_filter(lambda moment: timefmt.clock(moment, school_zone_name(), _locale()), "clock")


def format_day(value) -> str:
    """A day in the school's zone and the reader's language: ``Tuesday 3 March 2026``."""
    return timefmt.day(value, school_zone_name(), _locale())


def _locale() -> str:
    return str(get_locale() or "en")


def school_zone_name() -> str:
    return current_app.config["TIMEZONE"]


def local_input_to_utc(value: str) -> str | None:
    """A ``datetime-local`` form value, read in the school's zone, as an aware ISO time."""
    if not value:
        return None
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        return value  # left for the schema to reject with its own message
    return naive.replace(tzinfo=ZoneInfo(school_zone_name())).isoformat()
