"""Every reason a form gives for an answer that needs correcting says what to do, in plain words."""

import inspect

import pytest
from marshmallow import Schema

from core import schemas
from core.errors import InvalidInput
from core.validation import load

# The openings of marshmallow's own messages, written for programmers.
MARSHMALLOW_WORDS = (
    "Missing data for required field",
    "Field may not be null",
    "Invalid value",
    "Not a valid",
    "Length must be",
    "Longer than maximum length",
    "Shorter than minimum length",
    "Must be ",
    "Unknown field",
    "Invalid input type",
    "Invalid type",
    "String does not match",
    "Special numeric values",
    "Number too large",
)

CORE_SCHEMAS = sorted(
    (cls for _, cls in inspect.getmembers(schemas, inspect.isclass) if issubclass(cls, Schema) and cls is not Schema),
    key=lambda cls: cls.__name__,
)


def reasons(schema, data) -> dict[str, list[str]]:
    with pytest.raises(InvalidInput) as raised:
        load(schema, data)
    return raised.value.errors


def test_a_missing_answer_asks_the_person_to_fill_it_in():
    assert reasons(schemas.EntryInput(), {"kind": "update"})["title"] == ["Please fill this in."]


def test_text_that_is_too_long_says_how_many_characters_to_use():
    found = reasons(schemas.EntryInput(), {"kind": "update", "title": "x" * 201})
    assert found["title"] == ["Use at most 200 characters."]


def test_a_number_out_of_range_says_which_numbers_to_use():
    data = {"required": [1], "duration_minutes": 5, "window_start": "2030-03-01", "window_end": "2030-03-02"}
    assert reasons(schemas.TimeFinderInput(), data)["duration_minutes"] == ["Use a number from 15 to 480."]


def test_a_choice_that_is_not_offered_asks_for_one_of_the_options():
    assert reasons(schemas.EntryInput(), {"kind": "gossip", "title": "x"})["kind"] == ["Choose one of the options."]


def test_the_time_finder_asks_for_someone_who_must_come_when_nobody_is_chosen():
    data = {"required": [], "duration_minutes": 60, "window_start": "2030-03-01", "window_end": "2030-03-02"}
    assert reasons(schemas.TimeFinderInput(), data)["required"] == ["Choose at least one person who must come."]


def test_the_time_finder_asks_how_long_the_meeting_is_when_no_length_is_given():
    data = {"required": [1], "duration_minutes": None, "window_start": "2030-03-01", "window_end": "2030-03-02"}
    assert reasons(schemas.TimeFinderInput(), data)["duration_minutes"] == ["Say how long the meeting is, in minutes."]


PROBES = {
    "nothing": lambda name: {},
    "empty": lambda name: {name: None},
    "the wrong kind of answer": lambda name: {name: {"not": ["an answer"]}},
    "a word": lambda name: {name: "banana"},
    "too much": lambda name: {name: "x" * 30000},
    "too many": lambda name: {name: list(range(200))},
    "a large number": lambda name: {name: 10**12},
}


def programmers_words(schema: Schema, probe) -> list[tuple[str, str]]:
    """Each field of ``schema`` given the wrong answer ``probe``: the messages in marshmallow's words."""
    found = []
    for name in schema.fields:
        try:
            load(schema, PROBES[probe](name))
        except InvalidInput as error:
            found += [
                (name, reason)
                for said in error.errors.values()
                for reason in said
                if reason.startswith(MARSHMALLOW_WORDS)
            ]
    return found


@pytest.mark.parametrize("probe", PROBES, ids=list(PROBES))
@pytest.mark.parametrize("schema", CORE_SCHEMAS, ids=lambda cls: cls.__name__)
def test_no_core_form_answers_in_marshmallows_words(schema, probe):
    assert programmers_words(schema(), probe) == []


@pytest.mark.parametrize("probe", PROBES, ids=list(PROBES))
def test_no_agencys_form_answers_in_marshmallows_words(host, probe):
    for assessment_type in host.assessment_types.values():
        for version in assessment_type.schemas:
            assert programmers_words(assessment_type.schema_for(version), probe) == [], assessment_type.key
