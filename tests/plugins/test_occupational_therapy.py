"""The occupational therapy plugin: the sensory profile in both its versions, and the motor skills assessment."""

import pytest
from marshmallow import ValidationError
from summaries import in_english

from plugins.occupational_therapy.assessments import (
    ASSESSMENT_TYPES,
    MOTOR_SKILLS,
    SENSES,
    SENSES_V1,
    SENSORY_PROFILE,
)

BY_KEY = {item.key: item for item in ASSESSMENT_TYPES}

# A profile saved under version 1, which asked about six senses.
PROFILE_V1 = {
    **{sense: {"pattern": "typical", "note": ""} for sense in SENSES_V1},
    "auditory": {"pattern": "avoiding", "note": "hums to block out the hand dryers"},
    "strategies": ["Warn him before the fire alarm test"],
    "review_date": None,
}


def load_v1(payload):
    schema = SENSORY_PROFILE.schema_for(1)
    return schema.dump(schema.load(payload))


@pytest.mark.parametrize(
    ("key", "path", "value"),
    [
        ("occupational_therapy.sensory_profile", "auditory.pattern", "sensitive"),
        ("occupational_therapy.sensory_profile", "oral.note", "x" * 501),
        ("occupational_therapy.sensory_profile", "review_date", "soon"),
        ("occupational_therapy.sensory_profile", "inside_the_body.pattern", "hungry"),
        ("occupational_therapy.sensory_profile", "inside_the_body", None),
        ("occupational_therapy.motor_skills", "fine_motor", []),
        ("occupational_therapy.motor_skills", "gross_motor.0.level", "nearly"),
        ("occupational_therapy.motor_skills", "gross_motor.1.skill", ""),
    ],
)
def test_an_invalid_field_is_named_in_the_errors(errors_after_change, key, path, value):
    assert errors_after_change(BY_KEY[key], path, value)


@pytest.mark.parametrize("sense", SENSES)
def test_every_sense_is_required(errors_after_change, sense):
    assert errors_after_change(SENSORY_PROFILE, sense) == ["Choose how the child responds to this sense."]


def test_a_wrong_pattern_lists_the_three_choices(errors_after_change):
    assert errors_after_change(SENSORY_PROFILE, "touch.pattern", "high") == [
        "Choose how the child responds: seeking, avoiding, typical."
    ]


@pytest.mark.parametrize(
    ("pattern", "opening"),
    [
        ("seeking", "Looks for more: "),
        ("avoiding", "Tends to avoid or is upset by: "),
        ("typical", "Responds like most children of the same age to: "),
    ],
)
def test_each_sense_is_grouped_by_how_the_child_responds(stored, pattern, opening):
    senses = {sense: {"pattern": pattern, "note": ""} for sense in SENSES}
    found = in_english(SENSORY_PROFILE.summarise(stored(SENSORY_PROFILE, **senses), 2)).found
    assert found == opening + "; ".join(SENSES.values()) + "."


def test_a_sense_note_is_kept_beside_the_sense(stored):
    found = in_english(SENSORY_PROFILE.summarise(stored(SENSORY_PROFILE), 2)).found
    assert "sounds (covers her ears in assembly and the dinner hall)" in found


def test_new_profiles_are_written_as_version_two():
    assert SENSORY_PROFILE.version == 2
    assert set(SENSORY_PROFILE.schemas) == {1, 2}


def test_a_profile_asks_about_the_signals_from_inside_the_body(stored):
    summary = in_english(SENSORY_PROFILE.summarise(stored(SENSORY_PROFILE), 2))
    assert summary.measured.endswith("tastes and textures in the mouth, and signals from inside their body.")
    assert (
        "signals from inside their body, like hunger, thirst or needing the toilet "
        "(gets very upset when she is hungry or thirsty)" in summary.found
    )


def test_a_version_one_profile_still_loads():
    assert load_v1(PROFILE_V1) == PROFILE_V1


def test_a_version_one_profile_still_needs_each_of_its_six_senses():
    with pytest.raises(ValidationError) as error:
        SENSORY_PROFILE.schema_for(1).load({key: value for key, value in PROFILE_V1.items() if key != "oral"})
    assert list(error.value.messages) == ["oral"]


def test_a_version_one_profile_is_not_asked_about_the_seventh_sense():
    assert "inside_the_body" not in SENSORY_PROFILE.schema_for(1).fields


def test_a_version_one_profile_summarises_its_six_senses():
    summary = in_english(SENSORY_PROFILE.summarise(load_v1(PROFILE_V1), 1))
    assert summary.measured.endswith("pushing and pulling, and tastes and textures in the mouth.")
    assert summary.found == (
        "Tends to avoid or is upset by: sounds (hums to block out the hand dryers). "
        "Responds like most children of the same age to: " + "; ".join(list(SENSES_V1.values())[1:]) + "."
    )


@pytest.mark.parametrize("assessment_type", [SENSORY_PROFILE, MOTOR_SKILLS], ids=lambda item: item.key)
def test_without_a_review_date_the_therapist_will_agree_one(stored, assessment_type):
    summary = in_english(assessment_type.summarise(stored(assessment_type, review_date=None), assessment_type.version))
    assert summary.next_steps.endswith(
        "The therapist will agree a date with you and school to check how things are going."
    )


def test_motor_skills_are_told_by_what_the_child_can_do(stored):
    found = in_english(MOTOR_SKILLS.summarise(stored(MOTOR_SKILLS), 1)).found
    assert found.startswith(
        "Using their hands, can do on their own: Doing up coat zip; "
        "can do with some help: Holding a pencil (grips tightly and tires quickly); "
        "not yet able to: Cutting along a line with scissors."
    )


def test_equipment_that_will_help_is_listed_as_a_next_step(stored):
    next_steps = in_english(MOTOR_SKILLS.summarise(stored(MOTOR_SKILLS), 1)).next_steps
    assert "Equipment that will help: Sloping writing board; Triangular pencil grip." in next_steps
