"""Weekly rotas: every built-in agency can offer its people's regular times as meeting slots,
and the time-finder suggests meetings inside them."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from dates import MONDAY, TUESDAY, at_school

from core.meetings import availability

ROTAS = {
    "health": "TEAMAROUND_HEALTH_CLINICS",
    "speech_language": "TEAMAROUND_SPEECH_LANGUAGE_VISITS",
    "occupational_therapy": "TEAMAROUND_OCCUPATIONAL_THERAPY_VISITS",
    "social_care": "TEAMAROUND_SOCIAL_CARE_VISITS",
    "school": "TEAMAROUND_SCHOOL_MEETING_TIMES",
}
WEDNESDAY_AFTERNOONS = [{"weekday": 2, "start": "13:30", "end": "15:00"}]
FRIDAY = MONDAY + timedelta(days=4)
TUESDAY_MORNINGS = [{"weekday": 1, "start": "09:00", "end": "12:00", "where": "Oakfield Primary"}]


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def offered(host, db, person, start, end):
    """Every slot the plugins offer for ``person``, as the time-finder asks for them."""
    answers = host.hook.availability_slots(person=person, start=start, end=end, db=db, zone="Europe/London")
    return [slot for batch in answers for slot in batch or ()]


@pytest.fixture
def rota(monkeypatch):
    """Configure one agency's weekly rota for one person: ``rota(setting, person, times)``."""

    def configure(setting, person, times):
        monkeypatch.setenv(setting, json.dumps({person.email: times}))

    return configure


@pytest.mark.parametrize("agency,setting", ROTAS.items())
def test_each_agency_offers_its_peoples_weekly_times_through_the_hook(host, db, make_person, rota, agency, setting):
    person = make_person("professional", agency=agency)
    rota(setting, person, WEDNESDAY_AFTERNOONS)
    slots = offered(host, db, person, utc(2027, 6, 14), utc(2027, 6, 21))
    assert [(slot.person_id, slot.start, slot.end, slot.source) for slot in slots] == [
        (person.id, utc(2027, 6, 16, 12, 30), utc(2027, 6, 16, 14), agency)
    ]


@pytest.mark.parametrize("agency,setting", ROTAS.items())
def test_a_rota_offers_nothing_for_people_of_another_agency(host, db, make_person, rota, agency, setting):
    person = make_person("professional", agency=next(other for other in ROTAS if other != agency))
    rota(setting, person, WEDNESDAY_AFTERNOONS)
    assert offered(host, db, person, utc(2027, 6, 14), utc(2027, 6, 21)) == []


def find_times_for_the_therapist(db, child_team, site, first_day, last_day):
    """The SENCO asks for an hour with the parent and the speech and language therapist, both required."""
    return availability.suggest_times(
        db,
        child_team.senco,
        child_team.child.id,
        {
            "required": [child_team.parent.id, child_team.slt.id],
            "duration_minutes": 60,
            "window_start": first_day,
            "window_end": last_day,
        },
        site=site,
    )


def test_a_meeting_needing_the_therapist_is_suggested_during_their_weekly_school_visit(db, child_team, site, rota):
    rota(ROTAS["speech_language"], child_team.slt, TUESDAY_MORNINGS)
    found = find_times_for_the_therapist(db, child_team, site, MONDAY.isoformat(), FRIDAY.isoformat())
    # 09:00 to 12:00 on the Tuesday: an hour starting every quarter from 09:00 to 11:00.
    assert sorted(suggestion.start for suggestion in found.suggestions) == [
        at_school(TUESDAY, 9) + timedelta(minutes=15 * quarter) for quarter in range(9)
    ]


def test_no_time_outside_the_therapists_visits_is_suggested(db, child_team, site, rota):
    rota(ROTAS["speech_language"], child_team.slt, TUESDAY_MORNINGS)
    found = find_times_for_the_therapist(db, child_team, site, (TUESDAY + timedelta(days=1)).isoformat(),
                                         FRIDAY.isoformat())
    assert found.suggestions == []
    assert found.missing_required == [child_team.slt]
