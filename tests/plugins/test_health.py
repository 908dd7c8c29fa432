"""The health plugin: the individual healthcare plan and the paediatric review."""

import pytest

from plugins.health.assessments import ASSESSMENT_TYPES, CARE_PLAN, PAEDIATRIC_REVIEW

BY_KEY = {item.key: item for item in ASSESSMENT_TYPES}


@pytest.mark.parametrize(
    ("key", "path", "value"),
    [
        ("health.care_plan", "conditions", []),
        ("health.care_plan", "conditions", None),
        ("health.care_plan", "conditions.0.name", ""),
        ("health.care_plan", "medication.0.dose", None),
        ("health.care_plan", "medication.0.times", []),
        ("health.care_plan", "emergency_steps", []),
        ("health.care_plan", "review_date", "next September"),
        ("health.paediatric_review", "reason", ""),
        ("health.paediatric_review", "findings", "x" * 2001),
        ("health.paediatric_review", "diagnoses_considered.0.status", "probable"),
        ("health.paediatric_review", "next_review", "2027-02-30"),
    ],
)
def test_an_invalid_field_is_named_in_the_errors(errors_after_change, key, path, value):
    assert errors_after_change(BY_KEY[key], path, value)


@pytest.mark.parametrize(
    ("key", "path", "message"),
    [
        ("health.care_plan", "conditions", "Name the conditions the plan is for."),
        ("health.care_plan", "review_date", "Give the date the plan is next reviewed."),
        ("health.paediatric_review", "next_review", "Give the next review date, or null when the child is discharged."),
    ],
)
def test_a_missing_required_field_says_what_to_give(errors_after_change, key, path, message):
    assert errors_after_change(BY_KEY[key], path) == [message]


@pytest.mark.parametrize("path", ["medication", "triggers", "medication.0.given_by"])
def test_optional_parts_of_a_care_plan_may_be_left_out(errors_after_change, path):
    assert errors_after_change(CARE_PLAN, path) is None


def test_a_care_plan_without_medicine_says_none_is_given_in_school(stored):
    summary = CARE_PLAN.summarise(stored(CARE_PLAN, medication=[]), 1)
    assert "No medicine is given in school." in summary.found


def test_a_care_plan_summary_numbers_the_emergency_steps_in_order(stored):
    found = CARE_PLAN.summarise(stored(CARE_PLAN), 1).found
    assert found.index("1) Sit Amara upright") < found.index("2) Give 1 puff") < found.index("3) If she is no better")


def test_a_care_plan_summary_gives_the_review_date_with_its_day(stored):
    assert "Friday 10 September 2027" in CARE_PLAN.summarise(stored(CARE_PLAN), 1).next_steps


def test_a_discharged_child_has_no_next_appointment(stored):
    summary = PAEDIATRIC_REVIEW.summarise(stored(PAEDIATRIC_REVIEW, next_review=None), 1)
    assert "No further appointment is planned" in summary.next_steps


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("confirmed", "The doctor has confirmed: autism."),
        ("being_considered", "The doctor is still finding out whether your child has: autism."),
        ("ruled_out", "The doctor does not think your child has: autism."),
    ],
)
def test_a_diagnosis_considered_is_told_by_its_status(stored, status, words):
    payload = stored(PAEDIATRIC_REVIEW, diagnoses_considered=[{"name": "autism", "status": status}])
    assert words in PAEDIATRIC_REVIEW.summarise(payload, 1).found


def test_a_referral_tells_parents_the_service_will_contact_them(stored):
    next_steps = PAEDIATRIC_REVIEW.summarise(stored(PAEDIATRIC_REVIEW), 1).next_steps
    assert "referred to: the autism assessment team. They will contact you." in next_steps
