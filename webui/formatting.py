"""Dates and times as a parent reads them, in the school's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app


def init_app(app: Flask) -> None:
    ZoneInfo(app.config["TIMEZONE"])  # fail at start-up on a misspelt zone
    app.add_template_filter(when, "when")
    app.add_template_filter(day, "day")


def school_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def when(moment: datetime) -> str:
    """``Tuesday 3 March 2026, 10:00``: the day name, no leading zero, 24-hour clock."""
    local = moment.astimezone(school_zone())
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


def day(moment: datetime) -> str:
    local = moment.astimezone(school_zone())
    return f"{local:%A} {local.day} {local:%B %Y}"


def local_input_to_utc(value: str) -> str | None:
    """A ``datetime-local`` form value, read in the school's zone, as an aware ISO time."""
    if not value:
        return None
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        return value  # left for the schema to reject with its own message
    return naive.replace(tzinfo=school_zone()).isoformat()
