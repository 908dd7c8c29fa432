"""Agreeing the plan: each agreed version kept as it was, and what changed between them."""

import pytest
from sqlalchemy import select

from core.errors import Conflict, InvalidInput, NotFound, StaleVersion
from core.models import EntryKind, PlanStatus, TimelineEntry
from core.plans import content as plans
from core.plans import versions
from core.wording import English, render


def said(version):
    """What changed, as an English reader reads it."""
    return [render(change, English()) for change in version.changes]


def test_a_plan_without_targets_cannot_be_agreed(db, child_team, site, plan):
    with pytest.raises(InvalidInput):
        versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)


def test_agreeing_keeps_a_snapshot_with_who_and_when(db, child_team, site, plan, add_outcome):
    add_outcome()
    version = versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    assert (version.number, version.agreed_by, plan.status) == (1, child_team.senco, PlanStatus.AGREED)
    assert version.agreed_at is not None
    assert said(version) == ["The first agreed version of the plan."]
    assert [o["text"] for o in version.snapshot["outcomes"]] == ["Reads words from the Year 2 list aloud"]
    assert version.snapshot["outcomes"][0]["owner"] == child_team.teacher.full_name


def test_agreeing_twice_without_a_change_is_refused(db, child_team, site, plan, add_outcome):
    add_outcome()
    versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    with pytest.raises(Conflict):
        versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)


def test_a_change_after_agreement_makes_the_plan_a_draft_again(db, child_team, site, plan, add_outcome, add_strategy):
    add_outcome()
    versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    add_strategy()
    assert plan.status is PlanStatus.DRAFT


def test_the_next_agreed_version_says_what_changed(db, child_team, site, plan, add_outcome, add_strategy,
                                                    add_provision):
    outcome, provision = add_outcome(), add_provision()
    versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    plans.change_outcome(db, child_team.senco, outcome.id, {"target_value": 12},
                         expected_version=outcome.version, site=site)
    add_strategy("Reading buddy at lunchtime", "school")
    plans.remove_provision(db, child_team.senco, provision.id, site=site)
    plans.update_plan(db, child_team.senco, plan.id, {"child_views": "I like reading to my dog."},
                      expected_version=plan.version, site=site)
    version = versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    assert said(version) == [
        "The child's views changed",
        "Target changed: Reads words from the Year 2 list aloud",
        "New strategy: Reading buddy at lunchtime",
        "Support no longer in the plan: Small-group language work",
    ]
    last_change = db.scalars(
        select(TimelineEntry).where(TimelineEntry.kind == EntryKind.PLAN_CHANGE).order_by(TimelineEntry.id.desc())
    ).first()
    assert last_change.body.splitlines()[1:] == said(version)


def test_earlier_versions_stay_viewable_as_they_were_agreed(db, child_team, site, plan, add_outcome):
    outcome = add_outcome()
    first = versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    plans.change_outcome(db, child_team.senco, outcome.id, {"target_value": 12},
                         expected_version=outcome.version, site=site)
    second = versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    assert versions.list_versions(db, child_team.parent, child_team.child.id)[1] == [second, first]
    _, old = versions.view_version(db, child_team.parent, first.id)
    assert old.snapshot["outcomes"][0]["target_value"] == 10


def test_someone_outside_the_team_cannot_view_a_version(db, child_team, site, plan, add_outcome):
    add_outcome()
    version = versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    with pytest.raises(NotFound):
        versions.view_version(db, child_team.other_parent, version.id)


def test_an_agreed_version_cannot_be_altered(db, child_team, site, plan, add_outcome):
    add_outcome()
    version = versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    version.changes = [{"key": "Nothing to see here", "values": {}}]
    with pytest.raises(ValueError):
        db.flush()


def test_a_plan_changed_since_it_was_read_is_not_agreed_unseen(db, child_team, site, plan, add_outcome):
    add_outcome()
    read_version = plan.version
    add_outcome(text="Writes a sentence with a capital letter and a full stop", unit="sentences")
    with pytest.raises(StaleVersion):
        versions.agree_plan(db, child_team.senco, plan.id, expected_version=read_version, site=site)
    assert plan.status is PlanStatus.DRAFT

