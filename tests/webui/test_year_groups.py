"""A child's year group reads in the reader's language, where it is one of the school's
year groups; anything else an administrator typed shows as typed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.people import accounts
from core.records.year_groups import year_group_wording
from core.wording import Wording, english


@pytest.mark.parametrize(
    ("language", "typed", "read"),
    [
        ("pl", "Year 4", "Klasa 4"),
        ("ur", "Year 4", "جماعت 4"),
        ("pl", "Reception", "Zerówka"),
        ("ur", "Nursery", "نرسری"),
    ],
)
def test_a_parent_reads_their_childs_year_group_in_their_language(client, auth, db, child_team, language, typed, read):
    child_team.child.year_group = typed
    accounts.update_preferences(db, child_team.parent, {"language": language})
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert read in page and typed not in page


def test_a_year_group_the_system_does_not_know_shows_as_typed(client, auth, db, child_team):
    child_team.child.year_group = "Class 3B (Oak)"
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    assert "Class 3B (Oak)" in client.get("/").get_data(as_text=True)


@given(st.integers(min_value=1, max_value=13), st.sampled_from(["Year {}", "year {}", "Year  {} ", "Y{}"]))
def test_every_school_year_is_known_however_it_was_typed(number, spelling):
    found = year_group_wording(spelling.format(number))
    assert isinstance(found, Wording) and english(found) == f"Year {number}"
