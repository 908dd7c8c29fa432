"""The speech and language therapy plugin: assessments (both versions), targets and therapists' school visits."""

import json
from datetime import UTC, datetime

import pytest
from marshmallow import ValidationError
from summaries import in_english

from core import Person
from plugins.speech_language.assessments import (
    ASSESSMENT_TYPES,
    COMMUNICATION_ASSESSMENT,
    THERAPY_TARGETS,
    score_band,
)
from plugins.speech_language.visits import SETTING, visit_slots

BY_KEY = {item.key: item for item in ASSESSMENT_TYPES}
THERAPIST = Person(id=7, email="owen.davies@example.org", agency="speech_language")
TUESDAY_MORNINGS = {"owen.davies@example.org": [{"weekday": 1, "start": "09:00", "end": "12:00", "where": "Oakfield"}]}


# An assessment saved under version 1, before the setting and the child's view were asked for.
ASSESSMENT_V1 = {
    "standardised_scores": [],
    "receptive_language": "Leo understands most of what is said to him in class.",
    "expressive_language": "He uses short sentences of three or four words.",
    "speech_sounds": "",
    "social_communication": "",
    "recommendations": ["Model longer sentences back to him"],
}


def load_v1(payload):
    schema = COMMUNICATION_ASSESSMENT.schema_for(1)
    return schema.dump(schema.load(payload))


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def rota(monkeypatch):
    """Configure the therapists' visiting rota for one test."""

    def configure(visits):
        monkeypatch.setenv(SETTING, visits if isinstance(visits, str) else json.dumps(visits))

    return configure


@pytest.mark.parametrize(
    ("key", "path", "value"),
    [
        ("speech_language.communication_assessment", "standardised_scores.0.standard_score", 39),
        ("speech_language.communication_assessment", "standardised_scores.0.standard_score", 161),
        ("speech_language.communication_assessment", "standardised_scores.0.percentile", 100.5),
        ("speech_language.communication_assessment", "standardised_scores.0.percentile", -1),
        ("speech_language.communication_assessment", "standardised_scores.0.date", "3/11/2026"),
        ("speech_language.communication_assessment", "standardised_scores.0.test_name", ""),
        ("speech_language.communication_assessment", "receptive_language", None),
        ("speech_language.communication_assessment", "expressive_language", ""),
        ("speech_language.communication_assessment", "setting", "in the corridor"),
        ("speech_language.communication_assessment", "setting", None),
        ("speech_language.communication_assessment", "child_view", "x" * 1001),
        ("speech_language.therapy_targets", "targets", []),
        ("speech_language.therapy_targets", "targets.0.how_measured", ""),
        ("speech_language.therapy_targets", "targets.1.by_when", "by Easter"),
    ],
)
def test_an_invalid_field_is_named_in_the_errors(errors_after_change, key, path, value):
    assert errors_after_change(BY_KEY[key], path, value)


def test_a_score_out_of_range_says_what_the_range_is(errors_after_change):
    errors = errors_after_change(COMMUNICATION_ASSESSMENT, "standardised_scores.0.standard_score", 200)
    assert errors == ["A standard score is between 40 and 160."]


def test_a_communication_assessment_asks_where_the_child_was_seen(errors_after_change):
    assert errors_after_change(COMMUNICATION_ASSESSMENT, "setting") == [
        "Choose where the child was seen: school, nursery, clinic, home, video_call."
    ]


@pytest.mark.parametrize(
    "path", ["standardised_scores", "speech_sounds", "social_communication", "recommendations", "child_view"]
)
def test_optional_parts_of_a_communication_assessment_may_be_left_out(errors_after_change, path):
    assert errors_after_change(COMMUNICATION_ASSESSMENT, path) is None


@pytest.mark.parametrize(
    ("score", "words"),
    [
        (40, "well below the usual range"),
        (69, "well below the usual range"),
        (70, "below the usual range"),
        (84, "below the usual range"),
        (85, "in the usual range"),
        (100, "in the usual range"),
        (115, "in the usual range"),
        (116, "above the usual range"),
        (131, "well above the usual range"),
        (160, "well above the usual range"),
    ],
)
def test_a_standard_score_is_told_against_children_of_the_same_age(score, words):
    assert score_band(score) == f"{words} for children of the same age"


@pytest.mark.parametrize(
    ("percentile", "words"),
    [
        (7, "about 7 in 100 children of the same age would score lower"),
        (0.4, "fewer than 1 in 100 children of the same age would score lower"),
        (99.6, "more than 99 in 100 children of the same age would score lower"),
    ],
)
def test_a_percentile_is_told_as_children_out_of_a_hundred(stored, percentile, words):
    scores = [{**COMMUNICATION_ASSESSMENT.example["standardised_scores"][0], "percentile": percentile}]
    payload = stored(COMMUNICATION_ASSESSMENT, standardised_scores=scores)
    assert words in in_english(COMMUNICATION_ASSESSMENT.summarise(payload, 2)).found


def test_an_assessment_without_tests_says_the_therapist_watched_and_talked(stored):
    payload = stored(COMMUNICATION_ASSESSMENT, standardised_scores=[])
    summary = in_english(COMMUNICATION_ASSESSMENT.summarise(payload, 2))
    assert summary.measured.endswith("by watching and talking with them, at school.")


def test_new_communication_assessments_are_written_as_version_two():
    assert COMMUNICATION_ASSESSMENT.version == 2
    assert set(COMMUNICATION_ASSESSMENT.schemas) == {1, 2}


@pytest.mark.parametrize(
    ("setting", "words"),
    [("school", "at school"), ("clinic", "at the clinic"), ("home", "at home"), ("video_call", "on a video call")],
)
def test_an_assessment_says_where_the_child_was_seen(stored, setting, words):
    payload = stored(COMMUNICATION_ASSESSMENT, setting=setting)
    measured = in_english(COMMUNICATION_ASSESSMENT.summarise(payload, 2)).measured
    assert measured.endswith(f"using the tests CELF-5 UK, {words}.")


def test_the_childs_own_view_of_their_talking_is_told_in_their_words(stored):
    found = in_english(COMMUNICATION_ASSESSMENT.summarise(stored(COMMUNICATION_ASSESSMENT), 2)).found
    assert found.endswith(
        'What your child told us: Amara said: "I like talking to Mrs Ali. '
        "I don't like it when everyone talks at once.\""
    )


def test_an_assessment_without_the_childs_view_leaves_it_out(stored):
    found = in_english(COMMUNICATION_ASSESSMENT.summarise(stored(COMMUNICATION_ASSESSMENT, child_view=""), 2)).found
    assert "What your child told us" not in found


def test_a_version_one_assessment_still_loads():
    assert load_v1(ASSESSMENT_V1) == ASSESSMENT_V1


def test_a_version_one_assessment_still_needs_what_the_child_understands():
    with pytest.raises(ValidationError) as error:
        COMMUNICATION_ASSESSMENT.schema_for(1).load({**ASSESSMENT_V1, "receptive_language": ""})
    assert "receptive_language" in error.value.messages


def test_a_version_one_assessment_summarises_without_a_setting_or_the_childs_view():
    summary = in_english(COMMUNICATION_ASSESSMENT.summarise(load_v1(ASSESSMENT_V1), 1))
    assert summary.measured.endswith("by watching and talking with them.")
    assert summary.found == (
        "Understanding what people say: Leo understands most of what is said to him in class. "
        "Using words and sentences: He uses short sentences of three or four words."
    )


def test_targets_are_told_soonest_first_with_their_dates(stored):
    targets = list(reversed(THERAPY_TARGETS.example["targets"]))
    summary = in_english(THERAPY_TARGETS.summarise(stored(THERAPY_TARGETS, targets=targets), 1))
    assert summary.found.startswith("1) Amara will follow a two-part instruction")
    assert "The first target will be checked by Friday 12 February 2027." in summary.next_steps


def test_a_weekly_visit_in_winter_is_offered_at_the_same_hour_in_utc(rota):
    rota(TUESDAY_MORNINGS)
    [slot] = visit_slots(THERAPIST, utc(2027, 1, 18), utc(2027, 1, 25))
    assert (slot.start, slot.end, slot.where, slot.source) == (
        utc(2027, 1, 19, 9),
        utc(2027, 1, 19, 12),
        "Oakfield",
        "speech_language",
    )


def test_a_weekly_visit_in_summer_time_is_offered_an_hour_earlier_in_utc(rota):
    rota(TUESDAY_MORNINGS)
    [slot] = visit_slots(THERAPIST, utc(2027, 6, 14), utc(2027, 6, 21))
    assert (slot.start, slot.end) == (utc(2027, 6, 15, 8), utc(2027, 6, 15, 11))


def test_visits_keep_their_local_hour_across_the_change_to_summer_time(rota):
    rota(TUESDAY_MORNINGS)
    slots = visit_slots(THERAPIST, utc(2027, 3, 22), utc(2027, 4, 5))
    assert [slot.start for slot in slots] == [utc(2027, 3, 23, 9), utc(2027, 3, 30, 8)]


def test_every_visit_in_the_window_is_offered(rota):
    rota(TUESDAY_MORNINGS)
    slots = visit_slots(THERAPIST, utc(2027, 1, 1), utc(2027, 2, 1))
    assert [slot.start.day for slot in slots] == [5, 12, 19, 26]


def test_a_visit_is_clipped_to_the_window(rota):
    rota(TUESDAY_MORNINGS)
    [slot] = visit_slots(THERAPIST, utc(2027, 1, 19, 10), utc(2027, 1, 19, 11, 30))
    assert (slot.start, slot.end) == (utc(2027, 1, 19, 10), utc(2027, 1, 19, 11, 30))


def test_visits_are_read_in_the_schools_time_zone(rota):
    rota(TUESDAY_MORNINGS)
    [slot] = visit_slots(THERAPIST, utc(2027, 6, 14), utc(2027, 6, 21), zone="Europe/Paris")
    assert slot.start == utc(2027, 6, 15, 7)


def test_the_therapist_is_found_whatever_the_case_of_their_email(rota):
    rota({"Owen.Davies@Example.org": TUESDAY_MORNINGS["owen.davies@example.org"]})
    assert len(visit_slots(THERAPIST, utc(2027, 1, 18), utc(2027, 1, 25))) == 1


@pytest.mark.parametrize(
    "person",
    [
        Person(id=8, email="owen.davies@example.org", agency="health"),
        Person(id=9, email="someone.else@example.org", agency="speech_language"),
    ],
    ids=["another agency", "not on the rota"],
)
def test_the_rota_says_nothing_of_people_off_this_agencys_rota(rota, person):
    rota(TUESDAY_MORNINGS)
    assert visit_slots(person, utc(2027, 1, 18), utc(2027, 1, 25)) is None


def test_the_rota_says_nothing_when_none_is_configured(monkeypatch):
    monkeypatch.delenv(SETTING, raising=False)
    assert visit_slots(THERAPIST, utc(2027, 1, 18), utc(2027, 1, 25)) is None


def test_a_therapist_on_the_rota_is_offered_no_time_in_a_window_without_a_visit(rota):
    rota(TUESDAY_MORNINGS)
    assert visit_slots(THERAPIST, utc(2027, 1, 20), utc(2027, 1, 23)) == []


@pytest.mark.parametrize(
    "visits",
    [
        "{not json",
        {"owen.davies@example.org": [{"weekday": 7, "start": "09:00", "end": "12:00"}]},
        {"owen.davies@example.org": [{"weekday": 1, "start": "12:00", "end": "09:00"}]},
        {"owen.davies@example.org": [{"weekday": 1, "start": "9am", "end": "12:00"}]},
        ["owen.davies@example.org"],
    ],
    ids=["not JSON", "no such weekday", "ends before it starts", "not a time", "not keyed by email"],
)
def test_a_misconfigured_rota_fails_loudly_naming_the_setting(rota, visits):
    rota(visits)
    with pytest.raises(ValueError, match=SETTING):
        visit_slots(THERAPIST, utc(2027, 1, 18), utc(2027, 1, 25))
