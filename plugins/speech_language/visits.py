"""The therapists' school visits, offered as times they can come to a meeting.

Speech and language therapists visit schools on a weekly rota. The rota is
configuration, not code: the setting ``TEAMAROUND_SPEECH_LANGUAGE_VISITS`` holds JSON
keyed by each therapist's e-mail address, for example
``{"slt@example.org": [{"weekday": 1, "start": "09:00", "end": "12:00", "where": "Oakfield Primary"}]}``,
with weekday 0 for Monday and times on the school's clock (``TEAMAROUND_TIMEZONE``,
Europe/London unless set), so a 09:00 visit stays at 09:00 in summer and winter.
"""

import json
import os
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import OfferedSlot

AGENCY = "speech_language"
SETTING = "TEAMAROUND_SPEECH_LANGUAGE_VISITS"


class VisitSchema(Schema):
    weekday = fields.Integer(required=True, validate=validate.Range(min=0, max=6, error="0 is Monday, 6 is Sunday."))
    start = fields.Time(required=True)
    end = fields.Time(required=True)
    where = fields.String(load_default="", validate=validate.Length(max=200))

    @validates_schema
    def _ends_after_it_starts(self, data, **kwargs):
        if data["end"] <= data["start"]:
            raise ValidationError("A visit ends after it starts.", "end")


ROTA = fields.Dict(keys=fields.Email(), values=fields.List(fields.Nested(VisitSchema)))


def weekly_visits(person) -> list[dict]:
    """The weekly visits configured for ``person``, earliest in the week first.

    Only this agency's therapists have visits here; a misconfigured setting fails
    loudly rather than silently offering no times.
    """
    setting = os.environ.get(SETTING)
    if person.agency != AGENCY or not setting:
        return []
    try:
        rota = ROTA.deserialize(json.loads(setting))
    except json.JSONDecodeError as error:
        raise ValueError(f"{SETTING} is not valid JSON: {error}") from None
    except ValidationError as error:
        raise ValueError(f"{SETTING} is not a valid visiting rota: {json.dumps(error.messages)}") from None
    visits = next((visits for email, visits in rota.items() if email.casefold() == person.email.casefold()), [])
    return sorted(visits, key=lambda visit: (visit["weekday"], visit["start"]))


def visit_slots(person, start: datetime, end: datetime) -> list[OfferedSlot]:
    """Every visit of ``person`` between the aware datetimes ``start`` and ``end``, clipped to them, in UTC."""
    visits = weekly_visits(person)
    zone = ZoneInfo(os.environ.get("TEAMAROUND_TIMEZONE", "Europe/London"))
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    slots = []
    day, last_day = start.astimezone(zone).date(), end.astimezone(zone).date()
    while visits and day <= last_day:
        for visit in (visit for visit in visits if visit["weekday"] == day.weekday()):
            begins = max(start, datetime.combine(day, visit["start"], zone).astimezone(UTC))
            ends = min(end, datetime.combine(day, visit["end"], zone).astimezone(UTC))
            if begins < ends:
                slots.append(
                    OfferedSlot(person_id=person.id, start=begins, end=ends, where=visit["where"], source=AGENCY)
                )
        day += timedelta(days=1)
    return slots
