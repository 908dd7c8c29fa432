"""Dates and times as people say them, in the school's time zone and their language.

A stored moment that cannot be moved into the school's zone (year 1 west of Greenwich,
the last hours of year 9999 east of it, both written by systems that meant "unknown") is
shown plainly in UTC instead: one odd date on a page, never a page that fails to open.
A time in the hour the clocks go back happens twice, so it is shown with its offset.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date

from core import wall_clock


def when(moment: datetime, zone: str, locale: str = "en") -> str:
    """``Tuesday 3 March 2026, 10:00``: the day's name, no leading zero, a 24-hour clock;
    ``Sunday 31 October 2027, 01:30 (GMT, UTC+00:00)`` in the hour the clocks repeat."""
    if (local := _local(moment, zone)) is None:
        return f"{_plain_day(moment)} {moment.astimezone(UTC):%H:%M} UTC"
    # "EEEE d MMMM y, HH:mm" in two parts, the day's words kept: Babel writes the hours and
    # minutes in the same digits in every language, and a page shows many times of few days.
    return f"{_day_words(local.date(), locale)}, {_hours_minutes(local)}{_offset_if_repeated(local)}"


def day(value: datetime | date, zone: str, locale: str = "en") -> str:
    """``Tuesday 3 March 2026``."""
    if isinstance(value, datetime):
        if (local := _local(value, zone)) is None:
            return _plain_day(value)
        value = local.date()
    return _day_words(value, locale)


def day_in_words(moment: datetime, zone: str, today: date, words: dict[int, str], locale: str = "en") -> str:
    """The day of ``moment`` as said from ``today``: ``words`` for the days it names (0 for
    today, 1 for tomorrow, in the reader's language), the day's name within the week ahead
    (``Tuesday``), the whole date beyond it."""
    if (local := _local(moment, zone)) is None:
        return _plain_day(moment)
    ahead = (local.date() - today).days
    if ahead in words:
        return words[ahead]
    if 0 < ahead < 7:
        return _weekday(local.date(), locale)
    return _day_words(local.date(), locale)


def clock(moment: datetime, zone: str, locale: str = "en") -> str:
    if (local := _local(moment, zone)) is None:
        return f"{moment.astimezone(UTC):%H:%M} UTC"
    # "HH:mm", which Babel writes in the same digits in every language (see when).
    return f"{_hours_minutes(local)}{_offset_if_repeated(local)}"


def _hours_minutes(local: datetime) -> str:
    # What f"{local:%H:%M}" writes, a quarter of the cost (a page writes a time for each entry).
    return f"{local.hour:02d}:{local.minute:02d}"


@lru_cache(maxsize=4096)
def _day_words(value: date, locale: str) -> str:
    """``Tuesday 3 March 2026`` in ``locale``: the same words for everyone, so kept."""
    return format_date(value, "EEEE d MMMM y", locale=locale)


@lru_cache(maxsize=1024)
def _weekday(value: date, locale: str) -> str:
    """``Tuesday`` in ``locale``, kept like :func:`_day_words`."""
    return format_date(value, "EEEE", locale=locale)


def _offset_if_repeated(local: datetime) -> str:
    """The offset beside a time read from an instant in the hour the clocks repeat: the only
    wall-clock times whose other reading (fold) has another offset (wall_clock.is_repeated).
    Only on a day the clocks change is that asked of the time itself."""
    if not _clocks_change_on(local.date(), local.tzinfo):
        return ""
    if local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset():
        return ""
    return f" ({wall_clock.offset_label(local)})"


@lru_cache(maxsize=4096)
def _clocks_change_on(day: date, zone) -> bool:
    """Whether the clocks of ``zone`` (a tzinfo) change on ``day``, or just after its end: the
    offsets at its midnight and at the next (read either way, for clocks that go back just
    after midnight repeat the last hour of this day) are not all one. Two days a year, so
    most times need no more than this."""
    if day == date.max:
        return True
    midnight = datetime.combine(day, time.min, zone)
    after = midnight + timedelta(days=1)
    return len({midnight.utcoffset(), after.utcoffset(), after.replace(fold=1).utcoffset()}) > 1


def _local(moment: datetime, zone: str) -> datetime | None:
    """``moment`` in ``zone``; None when the zone's calendar has no such day (before year 1 or after 9999)."""
    try:
        return moment.astimezone(ZoneInfo(zone))
    except OverflowError:
        return None


def _plain_day(moment: datetime) -> str:
    # isoformat, not strftime: strftime writes year 1 as "1", not "0001".
    return moment.astimezone(UTC).date().isoformat()
