"""The demo child's plan shows every part of the plan with data behind it."""

from core.models import StrategyPlace
from core.people import consent
from core.plans import content as plans
from core.plans.progress import OnTrack
from core.types import utcnow
from demo.plan import build_demo_plan


def test_the_demo_plan_has_targets_on_track_and_behind_provision_delivered_and_missed(db, child_team, site):
    consent.record_consent(db, child_team.senco, child_team.child.id, "occupational_therapy")
    people = {"teacher": child_team.teacher, "slt": child_team.slt, "ot": child_team.ot_without_consent,
              "grace": child_team.parent}
    build_demo_plan(db, child_team.senco, child_team.child, people, site)
    view = plans.view_plan(db, child_team.parent, child_team.child.id, today=utcnow().date())
    assert len({progress.outcome.area for progress in view.outcomes}) >= 3
    assert {OnTrack.ON_TRACK, OnTrack.BEHIND} <= {progress.status for progress in view.outcomes}
    assert any(reading.from_home for progress in view.outcomes for reading in progress.readings)
    sessions = [session for item in view.provision for session in item.provision.sessions]
    assert any(s.delivered for s in sessions) and any(not s.delivered and s.missed_reason for s in sessions)
    assert all(item.delivery.share is not None for item in view.provision)
    assert {StrategyPlace.HOME, StrategyPlace.SCHOOL} <= {strategy.where for strategy in view.strategies}
    assert view.next_review is not None and view.agreed is not None
