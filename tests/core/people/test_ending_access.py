"""A changed password or a closed account ends every way in the person had made before:
their API tokens and their calendar address, as well as their sessions. Reopening the
account brings none of them back; the person makes new ones."""

import pytest
from conftest import PASSWORD

from core.errors import NotFound
from core.meetings import feeds
from core.people import accounts
from core.people import tokens as api_tokens
from core.people.passwords import CHEAPEST


@pytest.fixture
def ways_in(db, child_team):
    """The parent's API token and calendar address, as secrets."""
    _, token = api_tokens.create(db, child_team.parent, {"name": "Phone app"})
    return token, feeds.issue(db, child_team.parent)


def change_password(db, person):
    accounts.change_password(db, CHEAPEST, person, PASSWORD, "a brand new passphrase")


def reopen(db, child_team):
    accounts.set_active(db, child_team.admin, child_team.parent.id, active=False)
    accounts.set_active(db, child_team.admin, child_team.parent.id, active=True)


def test_an_api_token_made_before_a_password_change_is_refused_after_it(db, child_team, ways_in):
    change_password(db, child_team.parent)
    assert api_tokens.authenticate(db, ways_in[0]) is None


def test_a_calendar_address_made_before_a_password_change_is_unknown_after_it(db, child_team, ways_in):
    change_password(db, child_team.parent)
    with pytest.raises(NotFound):
        feeds.state(db, ways_in[1])


def test_a_reopened_account_does_not_get_its_old_api_token_back(db, child_team, ways_in):
    reopen(db, child_team)
    assert api_tokens.authenticate(db, ways_in[0]) is None


def test_a_reopened_account_does_not_get_its_old_calendar_address_back(db, child_team, ways_in):
    reopen(db, child_team)
    with pytest.raises(NotFound):
        feeds.state(db, ways_in[1])


def test_after_a_password_change_the_person_makes_new_ones_that_work(db, child_team, ways_in):
    change_password(db, child_team.parent)
    _, token = api_tokens.create(db, child_team.parent, {"name": "Phone app"})
    assert api_tokens.authenticate(db, token)[1] == child_team.parent
    assert feeds.state(db, feeds.issue(db, child_team.parent)).person == child_team.parent


def test_a_password_change_leaves_other_peoples_tokens_working(db, child_team, ways_in):
    _, teachers = api_tokens.create(db, child_team.teacher, {"name": "Case system"})
    change_password(db, child_team.parent)
    assert api_tokens.authenticate(db, teachers)[1] == child_team.teacher
