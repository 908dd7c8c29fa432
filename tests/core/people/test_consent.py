"""The family's consent to share: parents see the consents they gave and withdraw them, and the
lead professional is told."""

import pytest

from core.access import child_access
from core.errors import Forbidden, NotFound
from core.messaging import notifications
from core.models import Notification
from core.people import consent, team


def withdraw(db, person, child_team, site):
    return consent.withdraw_consent(db, person, child_team.child.id, "speech_language", site=site)


def test_a_parent_sees_the_consents_the_family_gave(db, child_team):
    overview = team.team_overview(db, child_team.parent, child_team.child.id)
    assert [given.agency for given in overview.consents] == ["speech_language"]


def test_a_parent_is_offered_to_withdraw_consent_but_not_to_record_it(db, child_team):
    overview = team.team_overview(db, child_team.parent, child_team.child.id)
    assert overview.withdraws_consent and not overview.manages_consent


def test_a_parent_withdraws_the_consent_the_family_gave(db, child_team, site):
    withdraw(db, child_team.parent, child_team, site)
    with pytest.raises(NotFound):
        child_access(db, child_team.slt, child_team.child.id)


def test_the_lead_professional_is_told_when_the_family_withdraws_consent(db, child_team, site):
    withdraw(db, child_team.parent, child_team, site)
    told = db.query(Notification).filter_by(recipient_id=child_team.senco.id, child_id=child_team.child.id).all()
    assert any("Speech and language therapy" in notification.first_line for notification in told)


def test_the_withdrawal_is_on_the_timeline_for_the_team(db, child_team, site):
    withdraw(db, child_team.parent, child_team, site)
    assert notifications.unread_count(db, child_team.teacher) == 1


def test_a_class_teacher_does_not_withdraw_the_familys_consent(db, child_team, site):
    with pytest.raises(Forbidden):
        withdraw(db, child_team.teacher, child_team, site)
