"""Logging in, throttling, passwords and account administration."""

import pytest
from conftest import PASSWORD

from core.errors import Forbidden, InvalidInput
from core.people import accounts
from core.people.passwords import CHEAPEST


def login(db, person, password=PASSWORD, address="192.0.2.1"):
    return accounts.authenticate(db, CHEAPEST, person.email, password, address)


def test_the_right_password_logs_in(db, child_team):
    assert login(db, child_team.parent) == child_team.parent


def test_an_unknown_address_and_a_wrong_password_fail_the_same_way(db, child_team):
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(db, CHEAPEST, "nobody@example.org", PASSWORD, "192.0.2.1")
    with pytest.raises(accounts.LoginFailed):
        login(db, child_team.parent, password="wrong password")


def test_a_deactivated_account_cannot_log_in(db, child_team):
    accounts.set_active(db, child_team.admin, child_team.parent.id, active=False)
    with pytest.raises(accounts.LoginFailed):
        login(db, child_team.parent)


def test_only_administrators_manage_accounts(db, child_team):
    with pytest.raises(Forbidden):
        accounts.set_active(db, child_team.senco, child_team.parent.id, active=False)


def test_changing_the_password_needs_the_current_one(db, child_team):
    with pytest.raises(InvalidInput) as raised:
        accounts.change_password(db, CHEAPEST, child_team.parent, "wrong", "a brand new passphrase")
    assert list(raised.value.errors) == ["current_password"]


def test_a_short_new_password_is_refused_with_the_reason(db, child_team):
    with pytest.raises(InvalidInput) as raised:
        accounts.change_password(db, CHEAPEST, child_team.parent, PASSWORD, "short")
    assert "12 characters" in raised.value.errors["new_password"][0]


def test_a_changed_password_logs_in_and_the_old_one_does_not(db, child_team):
    accounts.change_password(db, CHEAPEST, child_team.parent, PASSWORD, "a brand new passphrase")
    assert login(db, child_team.parent, password="a brand new passphrase") == child_team.parent
    with pytest.raises(accounts.LoginFailed):
        login(db, child_team.parent)


def test_a_person_sets_how_they_want_to_be_contacted(db, child_team):
    accounts.update_preferences(
        db,
        child_team.parent,
        {"preferred_contact": "text", "interpreter_needed": True, "language": "pl", "addressed_as": "Mrs Okafor"},
    )
    parent = child_team.parent
    assert (parent.preferred_contact.value, parent.interpreter_needed, parent.language, parent.addressed_as) == (
        "text",
        True,
        "pl",
        "Mrs Okafor",
    )


def test_a_bad_preference_is_refused_by_field(db, child_team):
    with pytest.raises(InvalidInput) as raised:
        accounts.update_preferences(db, child_team.parent, {"preferred_contact": "pigeon"})
    assert list(raised.value.errors) == ["preferred_contact"]
