"""The school plugin: attainment and attendance, and the one-page profile in both its versions."""

import pytest
from marshmallow import ValidationError
from summaries import in_english

from plugins.school.assessments import ASSESSMENT_TYPES, ATTAINMENT_ATTENDANCE, ONE_PAGE_PROFILE

BY_KEY = {item.key: item for item in ASSESSMENT_TYPES}

PROFILE_V1 = {
    "like_and_admire": "Kind, funny and brilliant at drawing animals.",
    "important_to_me": "My cat Biscuit, and knowing what happens next.",
    "how_to_support": "Tell me about changes before they happen and give me one instruction at a time.",
}


def load_v1(payload):
    schema = ONE_PAGE_PROFILE.schema_for(1)
    return schema.dump(schema.load(payload))


@pytest.mark.parametrize(
    ("key", "path", "value"),
    [
        ("school.attainment_attendance", "term", "michaelmas"),
        ("school.attainment_attendance", "school_year", "2026-28"),
        ("school.attainment_attendance", "school_year", "26-27"),
        ("school.attainment_attendance", "attendance_percentage", 101),
        ("school.attainment_attendance", "attendance_percentage", -0.5),
        ("school.attainment_attendance", "subjects", []),
        ("school.attainment_attendance", "subjects.0.working_at", "level 2b"),
        ("school.one_page_profile", "how_to_support", []),
        ("school.one_page_profile", "how_to_support", "one block of text"),
        ("school.one_page_profile", "like_and_admire.0", ""),
        ("school.one_page_profile", "important_to_me", None),
    ],
)
def test_an_invalid_field_is_named_in_the_errors(errors_after_change, key, path, value):
    assert errors_after_change(BY_KEY[key], path, value)


def test_new_profiles_are_written_as_version_two():
    assert ONE_PAGE_PROFILE.version == 2
    assert set(ONE_PAGE_PROFILE.schemas) == {1, 2}


def test_a_version_one_profile_still_loads():
    assert load_v1(PROFILE_V1) == PROFILE_V1


def test_a_version_one_profile_still_needs_each_section():
    with pytest.raises(ValidationError) as error:
        ONE_PAGE_PROFILE.schema_for(1).load({**PROFILE_V1, "how_to_support": ""})
    assert "how_to_support" in error.value.messages


def test_a_version_one_profile_summarises_its_text_as_one_point():
    summary = in_english(ONE_PAGE_PROFILE.summarise(load_v1(PROFILE_V1), 1))
    assert summary.next_steps.startswith(
        "Everyone who works with your child is asked to: Tell me about changes before they happen "
        "and give me one instruction at a time."
    )


def test_a_version_two_profile_lists_each_way_to_support_the_child(stored):
    next_steps = in_english(ONE_PAGE_PROFILE.summarise(stored(ONE_PAGE_PROFILE), 2)).next_steps
    assert "Tell me about changes before they happen; Give me one instruction at a time; " in next_steps


def test_a_profile_says_who_wrote_it_with_the_child(stored):
    measured = in_english(ONE_PAGE_PROFILE.summarise(stored(ONE_PAGE_PROFILE), 2)).measured
    assert measured.endswith("Written with: Amara, her mum Grace and Mr Hughes.")


@pytest.mark.parametrize(
    ("attendance", "offers_to_talk"),
    [(88.5, True), (90, True), (90.1, False), (100, False)],
)
def test_school_offers_to_talk_when_one_day_in_ten_or_more_is_missed(stored, attendance, offers_to_talk):
    payload = stored(ATTAINMENT_ATTENDANCE, attendance_percentage=attendance)
    found = in_english(ATTAINMENT_ATTENDANCE.summarise(payload, 1)).found
    assert ("school will offer to talk" in found) is offers_to_talk


def test_attendance_is_told_without_needless_decimals(stored):
    payload = stored(ATTAINMENT_ATTENDANCE, attendance_percentage=96)
    found = in_english(ATTAINMENT_ATTENDANCE.summarise(payload, 1)).found
    assert found.startswith("Your child was in school for 96% of the term.")


@pytest.mark.parametrize(
    ("term", "following"),
    [("autumn", "spring"), ("spring", "summer"), ("summer", "autumn")],
)
def test_the_next_update_comes_at_the_end_of_the_following_term(stored, term, following):
    next_steps = in_english(ATTAINMENT_ATTENDANCE.summarise(stored(ATTAINMENT_ATTENDANCE, term=term), 1)).next_steps
    assert next_steps.endswith(f"The next update comes at the end of the {following} term.")


def test_where_a_child_is_working_is_told_against_their_year_group(stored):
    found = in_english(ATTAINMENT_ATTENDANCE.summarise(stored(ATTAINMENT_ATTENDANCE), 1)).found
    assert "Writing: working on earlier steps than those set for their year group" in found
