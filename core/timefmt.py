"""Dates and times as people say them, in the school's time zone and their language."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time


def when(moment: datetime, zone: str, locale: str = "en") -> str:
    """``Tuesday 3 March 2026, 10:00``: the day's name, no leading zero, a 24-hour clock."""
    return format_datetime(moment, "EEEE d MMMM y, HH:mm", tzinfo=ZoneInfo(zone), locale=locale)


def day(value: datetime | date, zone: str, locale: str = "en") -> str:
    """``Tuesday 3 March 2026``."""
    local = value.astimezone(ZoneInfo(zone)).date() if isinstance(value, datetime) else value
    return format_date(local, "EEEE d MMMM y", locale=locale)


def clock(moment: datetime, zone: str, locale: str = "en") -> str:
    return format_time(moment, "HH:mm", tzinfo=ZoneInfo(zone), locale=locale)
