"""Second factors: authenticator apps' codes (computed here with pyotp), recovery codes,
and the throttle and audit around them."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from core.errors import Forbidden
from core.models import AuditEvent, FactorKind, SecondFactor
from core.people import factors, recovery_codes, throttle, totp
from core.people.accounts import LoginFailed, LoginThrottled
from core.people.factor_secrets import secret_box
from core.people.passwords import CHEAPEST

BOX = secret_box(None, "test")
ADDRESS = "203.0.113.9"
STEP = timedelta(seconds=30)


@pytest.fixture
def enrolled(db, child_team):
    """The SENCO with a confirmed authenticator app: the app (a pyotp.TOTP) and when it was confirmed."""
    _, secret = totp.start_enrolment(db, child_team.senco, BOX)
    app = pyotp.TOTP(secret)
    confirmed_at = datetime.now(UTC) - 4 * STEP
    assert totp.confirm(db, child_team.senco, BOX, app.at(confirmed_at), now=confirmed_at) is not None
    return app


def actions(db):
    return [event.action for event in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_enrolling_an_app_needs_a_right_code_and_is_audited(db, child_team):
    _, secret = totp.start_enrolment(db, child_team.senco, BOX)
    assert totp.confirm(db, child_team.senco, BOX, "no code") is None
    assert not factors.has_factor(db, child_team.senco)
    assert totp.confirm(db, child_team.senco, BOX, pyotp.TOTP(secret).now()) is not None
    assert factors.has_factor(db, child_team.senco)
    assert "second_factor.added" in actions(db)


def test_the_apps_secret_is_kept_encrypted(db, child_team, enrolled):
    [factor] = db.scalars(select(SecondFactor).where(SecondFactor.kind == FactorKind.TOTP))
    assert enrolled.secret not in factor.encrypted_secret
    assert totp.secret_of(factor, BOX) == enrolled.secret


def test_a_code_of_the_current_window_signs_in(db, child_team, enrolled):
    assert totp.check(db, child_team.senco, BOX, enrolled.now())


def test_a_code_of_the_previous_window_signs_in(db, child_team, enrolled):
    assert totp.check(db, child_team.senco, BOX, enrolled.at(datetime.now(UTC) - STEP))


def test_a_code_used_once_is_refused_the_second_time(db, child_team, enrolled):
    code = enrolled.now()
    assert totp.check(db, child_team.senco, BOX, code)
    assert not totp.check(db, child_team.senco, BOX, code)


def test_after_a_code_is_used_the_previous_windows_code_is_refused_too(db, child_team, enrolled):
    now = datetime.now(UTC)
    assert totp.check(db, child_team.senco, BOX, enrolled.at(now), now=now)
    assert not totp.check(db, child_team.senco, BOX, enrolled.at(now - STEP), now=now)


@given(
    moment=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    windows=st.integers(min_value=-5, max_value=5),
)
def test_only_the_current_and_the_previous_windows_codes_are_accepted(moment, windows):
    secret = pyotp.random_base32()
    factor = SecondFactor(kind=FactorKind.TOTP, encrypted_secret=BOX.encrypt(secret.encode()).decode())
    app = pyotp.TOTP(secret)
    code = app.at(moment + windows * STEP)
    accepted = totp.accepts(factor, BOX, code, now=moment)
    same_code_in_window = code in (app.at(moment), app.at(moment - STEP))  # six digits collide now and then
    assert accepted == (windows in (0, -1) or same_code_in_window)


def test_a_wrong_code_fails_the_second_step_and_is_audited(db, child_team, enrolled):
    wrong = "123456" if enrolled.now() != "123456" else "654321"
    with pytest.raises(LoginFailed):
        factors.second_step(db, BOX, CHEAPEST, child_team.senco, wrong, ADDRESS)
    assert "login.second_factor_failed" in actions(db)


def test_wrong_codes_are_counted_by_the_login_throttle(db, child_team, enrolled):
    for _ in range(throttle.MAX_FAILURES_PER_ACCOUNT):
        with pytest.raises(LoginFailed):
            factors.second_step(db, BOX, CHEAPEST, child_team.senco, "not a code", ADDRESS)
    with pytest.raises(LoginThrottled):
        factors.second_step(db, BOX, CHEAPEST, child_team.senco, enrolled.now(), ADDRESS)


def test_a_recovery_code_signs_in_once_only(db, child_team, enrolled):
    codes = recovery_codes.issue(db, child_team.senco, CHEAPEST)
    factors.second_step(db, BOX, CHEAPEST, child_team.senco, codes[3], ADDRESS)
    assert "second_factor.recovery_code_used" in actions(db)
    with pytest.raises(LoginFailed):
        factors.second_step(db, BOX, CHEAPEST, child_team.senco, codes[3], ADDRESS)
    assert recovery_codes.remaining(db, child_team.senco) == recovery_codes.HOW_MANY - 1


def test_recovery_codes_are_kept_only_as_hashes(db, child_team, enrolled):
    from core.models import RecoveryCode

    codes = recovery_codes.issue(db, child_team.senco, CHEAPEST)
    stored = " ".join(db.scalars(select(RecoveryCode.code_hash)))
    assert not any(code in stored for code in codes)


def test_a_new_set_of_recovery_codes_ends_the_old_one(db, child_team, enrolled):
    old = recovery_codes.issue(db, child_team.senco, CHEAPEST)
    recovery_codes.issue(db, child_team.senco, CHEAPEST)
    assert not recovery_codes.use(db, child_team.senco, CHEAPEST, old[0])


def test_removing_a_factor_is_audited(db, child_team, enrolled):
    [factor] = factors.confirmed_factors(db, child_team.senco)
    factors.remove(db, factors.FactorPolicy(frozenset()), child_team.senco, factor.id)
    assert not factors.has_factor(db, child_team.senco)
    assert "second_factor.removed" in actions(db)


def test_one_who_must_have_a_second_factor_keeps_their_last(db, child_team, enrolled):
    [factor] = factors.confirmed_factors(db, child_team.senco)
    with pytest.raises(Forbidden):
        factors.remove(db, factors.FactorPolicy(), child_team.senco, factor.id)


def test_by_default_staff_professionals_and_administrators_must_and_parents_may(child_team):
    policy = factors.FactorPolicy()
    assert [policy.requires(person) for person in (child_team.senco, child_team.slt, child_team.admin)] == [True] * 3
    assert not policy.requires(child_team.parent)
