"""The login throttle: guessing stays slow, yet nobody can lock a whole school out.

A school's staff share one address behind its proxy; an attacker can guess from there,
from elsewhere, or from many addresses at once (see core.people.throttle for the rule).
"""

import pytest
from conftest import PASSWORD

from core.people import accounts, throttle
from core.people.passwords import CHEAPEST

SCHOOL = "198.51.100.10"
ELSEWHERE = "203.0.113.9"


def login(db, person, address, password=PASSWORD):
    return accounts.authenticate(db, CHEAPEST, person.email, password, address)


def fail(db, email, address, times):
    for _ in range(times):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(db, CHEAPEST, email, "a wrong guess", address)


def spray(db, address):
    """Wrong passwords from one address, one each for as many made-up accounts as pause it."""
    for number in range(throttle.MAX_FAILURES_PER_ADDRESS):
        fail(db, f"guess{number}@example.org", address, 1)


def test_five_wrong_passwords_pause_the_account_even_with_the_right_one(db, child_team):
    fail(db, child_team.parent.email, ELSEWHERE, throttle.MAX_FAILURES_PER_ACCOUNT)
    with pytest.raises(accounts.LoginThrottled):
        login(db, child_team.parent, ELSEWHERE)


def test_wrong_passwords_from_many_addresses_pause_the_account_for_a_new_one(db, child_team):
    for number in range(throttle.MAX_FAILURES_PER_ACCOUNT):
        fail(db, child_team.parent.email, f"192.0.2.{number}", 1)
    with pytest.raises(accounts.LoginThrottled):
        login(db, child_team.parent, ELSEWHERE)


def test_guesses_from_elsewhere_do_not_lock_a_person_out_where_they_usually_log_in(db, child_team):
    login(db, child_team.parent, SCHOOL)
    fail(db, child_team.parent.email, ELSEWHERE, throttle.MAX_FAILURES_PER_ACCOUNT)
    assert login(db, child_team.parent, SCHOOL) == child_team.parent


def test_wrong_passwords_where_a_person_usually_logs_in_still_pause_them_there(db, child_team):
    login(db, child_team.parent, SCHOOL)
    fail(db, child_team.parent.email, SCHOOL, throttle.MAX_FAILURES_PER_ACCOUNT)
    with pytest.raises(accounts.LoginThrottled):
        login(db, child_team.parent, SCHOOL)


def test_many_failures_from_one_address_pause_it_for_accounts_never_used_from_there(db, child_team):
    spray(db, SCHOOL)
    with pytest.raises(accounts.LoginThrottled):
        login(db, child_team.parent, SCHOOL)


def test_many_failures_from_a_schools_address_do_not_stop_its_staff_who_log_in_from_there(db, child_team):
    login(db, child_team.teacher, SCHOOL)
    spray(db, SCHOOL)
    assert login(db, child_team.teacher, SCHOOL) == child_team.teacher


def test_a_paused_address_pauses_nobody_elsewhere(db, child_team):
    spray(db, SCHOOL)
    assert login(db, child_team.parent, ELSEWHERE) == child_team.parent


def test_twenty_failures_from_a_shared_address_pause_nobody(db, child_team):
    for number in range(20):
        fail(db, f"typo{number}@example.org", SCHOOL, 1)
    assert login(db, child_team.parent, SCHOOL) == child_team.parent


def test_failures_from_one_ipv6_network_count_together_whatever_the_address(db, child_team):
    # One machine or household holds a whole /64, and can send from any address in it.
    for number in range(throttle.MAX_FAILURES_PER_ADDRESS):
        fail(db, f"guess{number}@example.org", f"2001:db8:1:2::{number:x}", 1)
    with pytest.raises(accounts.LoginThrottled):
        login(db, child_team.parent, "2001:db8:1:2:ffff::1")


def test_a_person_is_known_across_their_ipv6_network_as_their_address_changes(db, child_team):
    # Privacy extensions give a device a new address in its /64 every day.
    login(db, child_team.teacher, "2001:db8:1:2:aaaa::1")
    for number in range(throttle.MAX_FAILURES_PER_ADDRESS):
        fail(db, f"guess{number}@example.org", f"2001:db8:1:2::{number:x}", 1)
    assert login(db, child_team.teacher, "2001:db8:1:2:bbbb::2") == child_team.teacher


def test_failures_from_another_ipv6_network_pause_nobody_here(db, child_team):
    for number in range(throttle.MAX_FAILURES_PER_ADDRESS):
        fail(db, f"guess{number}@example.org", f"2001:db8:9:9::{number:x}", 1)
    assert login(db, child_team.parent, "2001:db8:1:2::1") == child_team.parent


def test_ipv4_clients_seen_through_a_dual_stack_server_are_not_one_network(db, child_team):
    for number in range(throttle.MAX_FAILURES_PER_ADDRESS):
        fail(db, f"guess{number}@example.org", "::ffff:203.0.113.9", 1)
    assert login(db, child_team.parent, "::ffff:198.51.100.10") == child_team.parent
