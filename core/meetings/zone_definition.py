"""The school's time zone as a VTIMEZONE that holds for every year (RFC 5545 3.6.5).

A definition listing dated transitions for a year or two either side of one meeting is
right only for those years; a calendar that keeps the first definition it sees for a
TZID (some CalDAV servers and dateutil-based readers do) then moves later meetings by an
hour. So the definition is the zone's current rule, as recurring STANDARD and DAYLIGHT
parts, taken from the rule the time-zone database itself states for the years after its
table (the POSIX TZ string at the end of every TZif file, RFC 8536 3.3).

A time is written in the school's zone only where this definition, read literally,
gives the instant the database gives and that local time happens once; any other
time (the hour the clocks repeat, a zone whose rule this cannot state, a date before
the rule began) is written in UTC, which every calendar reads alike.
"""

from __future__ import annotations

import functools
import io
import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from importlib import resources
from pathlib import Path

from dateutil import rrule
from dateutil.tz import tzical
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from core import wall_clock

_NAME = r"<[^>]+>|[A-Za-z]{3,}"
_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_CHANGE = r"M(\d{1,2})\.([1-5])\.([0-6])(?:/(\d{1,2}(?::\d{2}){0,2}))?"
_POSIX_RULE = re.compile(rf"^({_NAME})({_OFFSET})(?:({_NAME})({_OFFSET})?,{_CHANGE},{_CHANGE})?$")
_WEEKDAYS = (rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA)
_BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
# The definitions start here, as most calendar software's do; only the rule matters.
_FIRST_YEAR = 1970


@dataclass(frozen=True)
class ZoneDefinition:
    """A zone's VTIMEZONE (None when its rule cannot be stated as one) and the zone it describes."""

    zone: str
    component: Timezone | None
    read_literally: tzinfo | None

    def local(self, moment: datetime) -> bool:
        """Whether ``moment`` can be written as a local time with this definition's TZID."""
        if self.read_literally is None or wall_clock.is_repeated(moment, self.zone):
            return False
        wall = moment.astimezone(zoneinfo.ZoneInfo(self.zone))
        return self.read_literally.utcoffset(wall.replace(tzinfo=None)) == wall.utcoffset()


@functools.cache
def definition(zone: str) -> ZoneDefinition:
    """The definition of ``zone`` for every year, built once per process."""
    component = _component(zone, _posix_rule(zone))
    if component is None:
        return ZoneDefinition(zone, None, None)
    return ZoneDefinition(zone, component, tzical(io.StringIO(component.to_ical().decode())).get())


def _posix_rule(zone: str) -> str:
    """The rule the database states for every year after its table: the TZif file's footer."""
    for root in zoneinfo.TZPATH:  # where zoneinfo itself looks first
        if (path := Path(root, zone)).is_file():
            return _footer(path.read_bytes())
    return _footer(resources.files("tzdata").joinpath("zoneinfo", *zone.split("/")).read_bytes())


def _footer(tzif: bytes) -> str:
    return tzif.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii", "replace")


def _component(zone: str, posix: str) -> Timezone | None:
    found = _POSIX_RULE.match(posix)
    if found is None:
        return None
    std_name, std_offset, dst_name, dst_offset, *changes = found.groups()
    standard = -_duration(std_offset)
    timezone = Timezone()
    timezone.add("tzid", zone)
    if dst_name is None:
        timezone.add_component(_part(TimezoneStandard(), std_name, standard, standard, datetime(_FIRST_YEAR, 1, 1)))
        return timezone
    summer = -_duration(dst_offset) if dst_offset else standard + timedelta(hours=1)
    into, out_of = changes[:4], changes[4:]
    for (month, week, weekday, at), name, before, after in ((into, dst_name, standard, summer),
                                                           (out_of, std_name, summer, standard)):
        at = _duration(at or "2")
        if not timedelta() <= at < timedelta(days=1):
            return None  # a change at 24:00 or before midnight: no BYDAY states it
        week = -1 if week == "5" else int(week)
        first = rrule.rrule(
            rrule.YEARLY, bymonth=int(month), byweekday=_WEEKDAYS[int(weekday)](week),
            dtstart=datetime(_FIRST_YEAR, 1, 1) + at, count=1,
        )[0]
        part = _part(TimezoneDaylight() if after > before else TimezoneStandard(), name, before, after, first)
        part.add("rrule", {"freq": "YEARLY", "bymonth": int(month), "byday": f"{week}{_BYDAY[int(weekday)]}"})
        timezone.add_component(part)
    return timezone


def _part(part, name: str, before: timedelta, after: timedelta, starts: datetime):
    part.add("dtstart", starts)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    part.add("tzname", name.strip("<>"))
    return part


def _duration(text: str) -> timedelta:
    """``-1``, ``5``, ``10:30``: a POSIX offset or time of day, as written (west of UTC positive)."""
    sign = -1 if text.startswith("-") else 1
    hours, minutes, seconds = ([*map(int, text.lstrip("+-").split(":")), 0, 0])[:3]
    return sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)
