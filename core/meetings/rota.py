"""Weekly rotas: the times a professional is regularly available (a therapist's school
visits, a nurse's drop-in clinic), kept in a setting and offered as meeting slots.

A plugin names its setting; the setting holds JSON keyed by each person's e-mail,
``{"slt@example.org": [{"weekday": 1, "start": "09:00", "end": "12:00", "where": "Oakfield"}]}``,
with weekday 0 for Monday and times on the school's clock, so a 09:00 visit stays at
09:00 in summer and in winter.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.contributions import OfferedSlot


class WeeklyTimeSchema(Schema):
    weekday = fields.Integer(required=True, validate=validate.Range(min=0, max=6, error="0 is Monday, 6 is Sunday."))
    start = fields.Time(required=True)
    end = fields.Time(required=True)
    where = fields.String(load_default="", validate=validate.Length(max=200))

    @validates_schema
    def _ends_after_it_starts(self, data, **kwargs):
        if data["end"] <= data["start"]:
            raise ValidationError("A time ends after it starts.", "end")


_ROTA = fields.Dict(keys=fields.Email(), values=fields.List(fields.Nested(WeeklyTimeSchema)))


def weekly_times(person, setting: str) -> list[dict]:
    """The weekly times configured for ``person`` in the setting, earliest in the week first.

    A misconfigured setting fails loudly, naming it, rather than silently offering nothing.
    """
    value = os.environ.get(setting)
    if not value:
        return []
    try:
        rota = _ROTA.deserialize(json.loads(value))
    except json.JSONDecodeError as error:
        raise ValueError(f"{setting} is not valid JSON: {error}") from None
    except ValidationError as error:
        raise ValueError(f"{setting} is not a valid weekly rota: {json.dumps(error.messages)}") from None
    times = next((times for email, times in rota.items() if email.casefold() == person.email.casefold()), [])
    return sorted(times, key=lambda item: (item["weekday"], item["start"]))


def rota_slots(
    person, start: datetime, end: datetime, *, setting: str, agency: str, zone: str = "Europe/London"
) -> list[OfferedSlot] | None:
    """Every rota time of ``person`` (if of ``agency``) between ``start`` and ``end``, clipped to them, in UTC.

    None when the rota has no times for ``person``: the time-finder then goes by what
    they offered themselves. A list, even an empty one, means they come only then.
    """
    if person.agency != agency:
        return None
    times = weekly_times(person, setting)
    if not times:
        return None
    local = ZoneInfo(zone)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    slots = []
    day, last_day = start.astimezone(local).date(), end.astimezone(local).date()
    while day <= last_day:
        for item in (item for item in times if item["weekday"] == day.weekday()):
            begins = max(start, datetime.combine(day, item["start"], local).astimezone(UTC))
            ends = min(end, datetime.combine(day, item["end"], local).astimezone(UTC))
            if begins < ends:
                slots.append(
                    OfferedSlot(person_id=person.id, start=begins, end=ends, where=item["where"], source=agency)
                )
        day += timedelta(days=1)
    return slots
