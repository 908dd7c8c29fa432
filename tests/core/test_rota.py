"""Weekly rotas: every built-in agency can offer its people's regular times as meeting slots."""

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from core.plugins import load_plugins

ROTAS = {
    "health": "TEAMAROUND_HEALTH_CLINICS",
    "speech_language": "TEAMAROUND_SPEECH_LANGUAGE_VISITS",
    "occupational_therapy": "TEAMAROUND_OCCUPATIONAL_THERAPY_VISITS",
    "social_care": "TEAMAROUND_SOCIAL_CARE_VISITS",
    "school": "TEAMAROUND_SCHOOL_MEETING_TIMES",
}


@pytest.mark.parametrize("agency,setting", ROTAS.items())
def test_each_agency_offers_its_peoples_weekly_times_through_the_hook(monkeypatch, agency, setting):
    person = SimpleNamespace(id=7, email="pro@example.org", agency=agency)
    monkeypatch.setenv(setting, json.dumps({"pro@example.org": [{"weekday": 2, "start": "13:30", "end": "15:00"}]}))
    answers = load_plugins().hook.availability_slots(
        person=person, start=datetime(2027, 6, 14, tzinfo=UTC), end=datetime(2027, 6, 21, tzinfo=UTC),
        db=None, zone="Europe/London",
    )
    slots = [slot for batch in answers for slot in batch or ()]
    assert [(slot.start, slot.end, slot.source) for slot in slots] == [
        (datetime(2027, 6, 16, 12, 30, tzinfo=UTC), datetime(2027, 6, 16, 14, tzinfo=UTC), agency)
    ]


@pytest.mark.parametrize("agency,setting", ROTAS.items())
def test_a_rota_offers_nothing_for_people_of_another_agency(monkeypatch, agency, setting):
    person = SimpleNamespace(id=7, email="pro@example.org", agency="another")
    monkeypatch.setenv(setting, json.dumps({"pro@example.org": [{"weekday": 2, "start": "13:30", "end": "15:00"}]}))
    answers = load_plugins().hook.availability_slots(
        person=person, start=datetime(2027, 6, 14, tzinfo=UTC), end=datetime(2027, 6, 21, tzinfo=UTC),
        db=None, zone="Europe/London",
    )
    assert [slot for batch in answers for slot in batch or ()] == []
