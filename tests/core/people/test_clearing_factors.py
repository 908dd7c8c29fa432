"""An administrator clears the second factors of someone who lost theirs (a phone, a key):
every factor and recovery code goes, their sessions end, it is audited, and they are told."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from core.errors import Forbidden, NotFound
from core.models import AuditEvent
from core.people import factors, recovery_codes, sessions, totp
from core.people.factor_secrets import secret_box
from core.people.passwords import CHEAPEST

BOX = secret_box(None, "test")


@pytest.fixture
def lost_phone(db, child_team):
    """The teacher, with an authenticator app and recovery codes, signed in: the session's secret."""
    _, secret = totp.start_enrolment(db, child_team.teacher, BOX)
    earlier = datetime.now(UTC) - timedelta(minutes=2)
    assert totp.confirm(db, child_team.teacher, BOX, pyotp.TOTP(secret).at(earlier), now=earlier)
    recovery_codes.issue(db, child_team.teacher, CHEAPEST)
    return sessions.start(db, child_team.teacher)


def test_an_administrator_clears_every_factor_and_recovery_code(db, child_team, lost_phone, site):
    factors.clear(db, child_team.admin, child_team.teacher.id, site=site)
    assert not factors.has_factor(db, child_team.teacher)
    assert recovery_codes.remaining(db, child_team.teacher) == 0


def test_clearing_logs_the_person_out_everywhere(db, child_team, lost_phone, site):
    factors.clear(db, child_team.admin, child_team.teacher.id, site=site)
    assert sessions.resume(db, lost_phone) is None


def test_clearing_is_audited_as_the_administrators(db, child_team, lost_phone, site):
    factors.clear(db, child_team.admin, child_team.teacher.id, site=site)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "second_factor.cleared"))
    assert (event.actor_id, event.subject) == (child_team.admin.id, f"person:{child_team.teacher.id}")
    assert event.detail == {"kinds": ["recovery_code", "totp"]}


def test_the_person_is_told_by_mail_who_cleared_them(db, child_team, lost_phone, site, mailed):
    factors.clear(db, child_team.admin, child_team.teacher.id, site=site)
    [mail] = mailed()
    assert mail["To"] == child_team.teacher.email
    assert f"{child_team.admin.full_name}, an administrator, removed every second step" in mail.get_content()


def test_only_administrators_clear_second_factors(db, child_team, lost_phone, site):
    with pytest.raises(Forbidden):
        factors.clear(db, child_team.senco, child_team.teacher.id, site=site)
    assert factors.has_factor(db, child_team.teacher)


def test_clearing_for_nobody_is_not_found(db, child_team, site):
    with pytest.raises(NotFound):
        factors.clear(db, child_team.admin, 999_999, site=site)
