"""The social care plugin: the early help assessment and the child in need plan."""

import pytest

from plugins.social_care.assessments import ASSESSMENT_TYPES, CHILD_IN_NEED_PLAN, EARLY_HELP_ASSESSMENT

BY_KEY = {item.key: item for item in ASSESSMENT_TYPES}


@pytest.mark.parametrize(
    ("key", "path", "value"),
    [
        ("social_care.early_help_assessment", "strengths", []),
        ("social_care.early_help_assessment", "needs", None),
        ("social_care.early_help_assessment", "family_view", ""),
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


def test_the_family_hears_back_what_they_and_their_child_said(stored):
    found = EARLY_HELP_ASSESSMENT.summarise(stored(EARLY_HELP_ASSESSMENT), 1).found
    assert "What you told us: We are exhausted." in found
    assert "What your child told us: Amara drew her bedroom" in found


def test_agreed_support_says_who_gives_it_and_how_often(stored):
    next_steps = EARLY_HELP_ASSESSMENT.summarise(stored(EARLY_HELP_ASSESSMENT), 1).next_steps
    assert next_steps.startswith("Support agreed: Sleep workshop for parents (Family hub, 4 weekly sessions); ")
    assert "Home visits to plan a bedtime routine (Marcus Reid, family support);" in next_steps


def test_child_in_need_actions_are_told_soonest_first_with_who_does_them(stored):
    actions = list(reversed(CHILD_IN_NEED_PLAN.example["actions"]))
    next_steps = CHILD_IN_NEED_PLAN.summarise(stored(CHILD_IN_NEED_PLAN, actions=actions), 1).next_steps
    assert next_steps.startswith(
        "What will be done: Assess the family for short breaks (Marcus Reid, social worker, by Friday 18 December 2026)"
    )


def test_the_child_in_need_plan_names_its_review_meeting(stored):
    next_steps = CHILD_IN_NEED_PLAN.summarise(stored(CHILD_IN_NEED_PLAN), 1).next_steps
    assert "reviewed at a meeting on Friday 19 February 2027" in next_steps
