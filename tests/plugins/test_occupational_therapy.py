"""The occupational therapy plugin: the sensory profile and the motor skills assessment."""

import pytest

from plugins.occupational_therapy.assessments import ASSESSMENT_TYPES, MOTOR_SKILLS, SENSES, SENSORY_PROFILE

BY_KEY = {item.key: item for item in ASSESSMENT_TYPES}


@pytest.mark.parametrize(
    ("key", "path", "value"),
    [
        ("occupational_therapy.sensory_profile", "auditory.pattern", "sensitive"),
        ("occupational_therapy.sensory_profile", "oral.note", "x" * 501),
        ("occupational_therapy.sensory_profile", "review_date", "soon"),
        ("occupational_therapy.motor_skills", "fine_motor", []),
        ("occupational_therapy.motor_skills", "gross_motor.0.level", "nearly"),
        ("occupational_therapy.motor_skills", "gross_motor.1.skill", ""),
    ],
)
def test_an_invalid_field_is_named_in_the_errors(errors_after_change, key, path, value):
    assert errors_after_change(BY_KEY[key], path, value)


@pytest.mark.parametrize("sense", SENSES)
def test_every_sense_is_required(errors_after_change, sense):
    assert errors_after_change(SENSORY_PROFILE, sense)


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
    found = SENSORY_PROFILE.summarise(stored(SENSORY_PROFILE, **senses), 1).found
    assert found == opening + "; ".join(SENSES.values()) + "."


def test_a_sense_note_is_kept_beside_the_sense(stored):
    found = SENSORY_PROFILE.summarise(stored(SENSORY_PROFILE), 1).found
    assert "sounds (covers her ears in assembly and the dinner hall)" in found


@pytest.mark.parametrize("assessment_type", [SENSORY_PROFILE, MOTOR_SKILLS], ids=lambda item: item.key)
def test_without_a_review_date_the_therapist_will_agree_one(stored, assessment_type):
    summary = assessment_type.summarise(stored(assessment_type, review_date=None), 1)
    assert summary.next_steps.endswith(
        "The therapist will agree a date with you and school to check how things are going."
    )


def test_motor_skills_are_told_by_what_the_child_can_do(stored):
    found = MOTOR_SKILLS.summarise(stored(MOTOR_SKILLS), 1).found
    assert found.startswith(
        "Using their hands, can do on their own: Doing up coat zip; "
        "can do with some help: Holding a pencil (grips tightly and tires quickly); "
        "not yet able to: Cutting along a line with scissors."
    )


def test_equipment_that_will_help_is_listed_as_a_next_step(stored):
    next_steps = MOTOR_SKILLS.summarise(stored(MOTOR_SKILLS), 1).next_steps
    assert "Equipment that will help: Sloping writing board; Triangular pencil grip." in next_steps
