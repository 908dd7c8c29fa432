"""The health plugin: the individual healthcare plan in both its versions, and the paediatric review."""

import pytest
from marshmallow import ValidationError
from summaries import in_english

from plugins.health.assessments import ASSESSMENT_TYPES, CARE_PLAN, PAEDIATRIC_REVIEW

BY_KEY = {item.key: item for item in ASSESSMENT_TYPES}

# A plan saved under version 1, where who to phone was one of the steps.
CARE_PLAN_V1 = {
    "conditions": [{"name": "epilepsy", "how_it_affects_school": "Absence seizures, most often when tired."}],
    "medication": [],
    "triggers": ["tiredness", "flashing lights"],
    "emergency_steps": [
        "Time the seizure and keep Leo safe where he is",
        "If it lasts more than 5 minutes, call 999",
        "Call his dad on the number in the office",
    ],
    "review_date": "2027-01-15",
}


def load_v1(payload):
    schema = CARE_PLAN.schema_for(1)
    return schema.dump(schema.load(payload))


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
        ("health.care_plan", "emergency_contacts", []),
        ("health.care_plan", "emergency_contacts.0.name", ""),
        ("health.care_plan", "emergency_contacts.0.phone", "ring mum"),
        ("health.care_plan", "emergency_contacts.1.phone", "07700 900456 or 07700 900789"),
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
        ("health.care_plan", "emergency_contacts", "Give the people to phone in an emergency, in order."),
        ("health.care_plan", "emergency_contacts.0.phone", "Give their phone number."),
        ("health.paediatric_review", "next_review", "Give the next review date, or null when the child is discharged."),
    ],
)
def test_a_missing_required_field_says_what_to_give(errors_after_change, key, path, message):
    assert errors_after_change(BY_KEY[key], path) == [message]


@pytest.mark.parametrize(
    "path", ["medication", "triggers", "medication.0.given_by", "emergency_contacts.2.relationship"]
)
def test_optional_parts_of_a_care_plan_may_be_left_out(errors_after_change, path):
    assert errors_after_change(CARE_PLAN, path) is None


@pytest.mark.parametrize("phone", ["999", "07700 900123", "+44 161 496 0000", "(0161) 496-0000"])
def test_a_phone_number_may_be_written_as_people_write_it(errors_after_change, phone):
    assert errors_after_change(CARE_PLAN, "emergency_contacts.0.phone", phone) is None


def test_a_care_plan_without_medicine_says_none_is_given_in_school(stored):
    summary = in_english(CARE_PLAN.summarise(stored(CARE_PLAN, medication=[]), 2))
    assert "No medicine is given in school." in summary.found


def test_a_care_plan_summary_numbers_the_emergency_steps_in_order(stored):
    found = in_english(CARE_PLAN.summarise(stored(CARE_PLAN), 2)).found
    assert found.index("1) Sit Amara upright") < found.index("2) Give 1 puff") < found.index("3) If she is no better")


def test_a_care_plan_summary_gives_the_review_date_with_its_day(stored):
    assert "Friday 10 September 2027" in in_english(CARE_PLAN.summarise(stored(CARE_PLAN), 2)).next_steps


def test_new_care_plans_are_written_as_version_two():
    assert CARE_PLAN.version == 2
    assert set(CARE_PLAN.schemas) == {1, 2}


def test_a_care_plan_says_who_staff_will_phone_in_order_with_their_numbers(stored):
    found = in_english(CARE_PLAN.summarise(stored(CARE_PLAN), 2)).found
    assert found.endswith(
        "They will phone, in this order: Grace Okafor (Mum) on 07700 900123; "
        "Patience Okafor (Grandma) on 07700 900456; Children's asthma nurse on 0161 496 0000."
    )


def test_a_care_plan_asks_parents_to_say_when_a_phone_number_changes(stored):
    next_steps = in_english(CARE_PLAN.summarise(stored(CARE_PLAN), 2)).next_steps
    assert "if a medicine, a dose or a phone number changes" in next_steps


def test_a_version_one_care_plan_still_loads():
    assert load_v1(CARE_PLAN_V1) == CARE_PLAN_V1


def test_a_version_one_care_plan_still_needs_its_emergency_steps():
    with pytest.raises(ValidationError) as error:
        CARE_PLAN.schema_for(1).load({**CARE_PLAN_V1, "emergency_steps": []})
    assert "emergency_steps" in error.value.messages


def test_a_version_one_care_plan_is_not_asked_for_people_to_phone():
    assert "emergency_contacts" not in CARE_PLAN.schema_for(1).fields


def test_a_version_one_care_plan_summarises_its_steps_without_a_list_of_people_to_phone():
    summary = in_english(CARE_PLAN.summarise(load_v1(CARE_PLAN_V1), 1))
    assert summary.found.endswith("3) Call his dad on the number in the office.")
    assert "if a medicine or dose changes" in summary.next_steps


def test_a_discharged_child_has_no_next_appointment(stored):
    summary = in_english(PAEDIATRIC_REVIEW.summarise(stored(PAEDIATRIC_REVIEW, next_review=None), 1))
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
    assert words in in_english(PAEDIATRIC_REVIEW.summarise(payload, 1)).found


def test_a_referral_tells_parents_the_service_will_contact_them(stored):
    next_steps = in_english(PAEDIATRIC_REVIEW.summarise(stored(PAEDIATRIC_REVIEW), 1)).next_steps
    assert "referred to: the autism assessment team. They will contact you." in next_steps
