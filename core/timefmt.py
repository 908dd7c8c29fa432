"""Dates and times as a parent says them, in the school's time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def when(moment: datetime, zone: str) -> str:
    """``Tuesday 3 March 2026, 10:00``: the day's name, no leading zero, a 24-hour clock."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


def day(value: datetime | date, zone: str) -> str:
    """``Tuesday 3 March 2026``."""
    local = value.astimezone(ZoneInfo(zone)) if isinstance(value, datetime) else value
    return f"{local:%A} {local.day} {local:%B %Y}"


def clock(moment: datetime, zone: str) -> str:
    return f"{moment.astimezone(ZoneInfo(zone)):%H:%M}"
