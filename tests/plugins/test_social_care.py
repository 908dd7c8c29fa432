"""The social care plugin: the early help assessment in both its versions, and the child in need plan."""

import pytest
from marshmallow import ValidationError
from summaries import in_english

from plugins.social_care.assessments import ASSESSMENT_TYPES, CHILD_IN_NEED_PLAN, EARLY_HELP_ASSESSMENT

BY_KEY = {item.key: item for item in ASSESSMENT_TYPES}

# An assessment saved under version 1, with the family's view as one text and no lead professional.
EARLY_HELP_V1 = {
    "strengths": ["Tom gets Leo to school on time every day"],
    "needs": ["Tom is struggling with Leo's anger at home"],
    "family_view": "Tom says he would like help to understand what sets Leo off",
    "child_view": "Leo said he gets cross when his brother takes his things.",
    "agreed_support": [{"support": "Parenting course", "who": "Family hub", "how_often": "weekly for 8 weeks"}],
    "review_date": "2027-03-12",
}


def load_v1(payload):
    schema = EARLY_HELP_ASSESSMENT.schema_for(1)
    return schema.dump(schema.load(payload))


@pytest.mark.parametrize(
    ("key", "path", "value"),
    [
        ("social_care.early_help_assessment", "strengths", []),
        ("social_care.early_help_assessment", "needs", None),
        ("social_care.early_help_assessment", "family_views", []),
        ("social_care.early_help_assessment", "family_views", "We are exhausted."),
        ("social_care.early_help_assessment", "family_views.1.who", ""),
        ("social_care.early_help_assessment", "family_views.0.view", None),
        ("social_care.early_help_assessment", "lead_professional", ""),
        ("social_care.early_help_assessment", "child_view", None),
        ("social_care.early_help_assessment", "agreed_support.0.who", ""),
        ("social_care.early_help_assessment", "review_date", "in six weeks"),
        ("social_care.child_in_need_plan", "concerns", []),
        ("social_care.child_in_need_plan", "outcomes", []),
        ("social_care.child_in_need_plan", "actions.0.by_when", None),
        ("social_care.child_in_need_plan", "actions.2.who", ""),
    ],
)
def test_an_invalid_field_is_named_in_the_errors(errors_after_change, key, path, value):
    assert errors_after_change(BY_KEY[key], path, value)


def test_an_early_help_assessment_cannot_leave_out_the_childs_view(errors_after_change):
    assert errors_after_change(EARLY_HELP_ASSESSMENT, "child_view") == [
        "Give the child's view, in their words or as shown."
    ]


def test_the_family_hears_back_what_each_of_them_said(stored):
    found = in_english(EARLY_HELP_ASSESSMENT.summarise(stored(EARLY_HELP_ASSESSMENT), 2)).found
    assert "What you told us: Grace (mum): We are exhausted." in found
    assert "I don't know what else to try. Patience (grandma): Amara is calmer at my house" in found


def test_the_family_hears_back_what_their_child_said(stored):
    found = in_english(EARLY_HELP_ASSESSMENT.summarise(stored(EARLY_HELP_ASSESSMENT), 2)).found
    assert "What your child told us: Amara drew her bedroom" in found


def test_the_family_is_told_who_their_lead_professional_is(stored):
    next_steps = in_english(EARLY_HELP_ASSESSMENT.summarise(stored(EARLY_HELP_ASSESSMENT), 2)).next_steps
    assert next_steps.endswith(
        "Your lead professional is Marcus Reid, family support worker: ask them whenever you would like to meet sooner."
    )


def test_new_early_help_assessments_are_written_as_version_two():
    assert EARLY_HELP_ASSESSMENT.version == 2
    assert set(EARLY_HELP_ASSESSMENT.schemas) == {1, 2}


def test_a_version_one_assessment_still_loads():
    assert load_v1(EARLY_HELP_V1) == EARLY_HELP_V1


def test_a_version_one_assessment_still_needs_the_familys_view():
    with pytest.raises(ValidationError) as error:
        EARLY_HELP_ASSESSMENT.schema_for(1).load({**EARLY_HELP_V1, "family_view": ""})
    assert "family_view" in error.value.messages


def test_a_version_one_assessment_gives_back_the_familys_view_as_written():
    found = in_english(EARLY_HELP_ASSESSMENT.summarise(load_v1(EARLY_HELP_V1), 1)).found
    assert "What you told us: Tom says he would like help to understand what sets Leo off." in found


def test_a_version_one_assessment_names_no_lead_professional():
    next_steps = in_english(EARLY_HELP_ASSESSMENT.summarise(load_v1(EARLY_HELP_V1), 1)).next_steps
    assert next_steps.endswith("to see how it is going. You can ask for a meeting sooner at any time.")


def test_agreed_support_says_who_gives_it_and_how_often(stored):
    next_steps = in_english(EARLY_HELP_ASSESSMENT.summarise(stored(EARLY_HELP_ASSESSMENT), 2)).next_steps
    assert next_steps.startswith("Support agreed: Sleep workshop for parents (Family hub, 4 weekly sessions); ")
    assert "Home visits to plan a bedtime routine (Marcus Reid, family support);" in next_steps


def test_child_in_need_actions_are_told_soonest_first_with_who_does_them(stored):
    actions = list(reversed(CHILD_IN_NEED_PLAN.example["actions"]))
    next_steps = in_english(CHILD_IN_NEED_PLAN.summarise(stored(CHILD_IN_NEED_PLAN, actions=actions), 1)).next_steps
    assert next_steps.startswith(
        "What will be done: Assess the family for short breaks (Marcus Reid, social worker, by Friday 18 December 2026)"
    )


def test_the_child_in_need_plan_names_its_review_meeting(stored):
    next_steps = in_english(CHILD_IN_NEED_PLAN.summarise(stored(CHILD_IN_NEED_PLAN), 1)).next_steps
    assert "reviewed at a meeting on Friday 19 February 2027" in next_steps
