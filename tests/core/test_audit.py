"""The audit log records views, changes and logins in a chain that shows tampering."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select, update

from core import audit, meetings, records, timeline
from core.errors import Forbidden
from core.models import AuditEvent


def actions(db, child_id):
    return list(db.scalars(select(AuditEvent.action).where(AuditEvent.child_id == child_id).order_by(AuditEvent.id)))


def test_reading_a_timeline_is_audited_with_who_and_which_child(db, child_team):
    timeline.read_timeline(db, child_team.parent, child_team.child.id)
    event = db.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    assert (event.action, event.actor, event.child_id) == ("timeline.viewed", child_team.parent, child_team.child.id)


def test_changes_to_the_team_and_timeline_are_audited(db, child_team, host):
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host)
    assert actions(db, child_team.child.id)[-1] == "entry.posted"
    assert {"child.created", "team.member_added", "consent.recorded"} <= set(actions(db, child_team.child.id))


def test_an_untouched_chain_verifies(db, child_team):
    assert list(audit.verify_chain(db)) == []


def test_an_altered_event_is_detected(db, child_team):
    target = db.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[3]
    db.execute(update(AuditEvent).where(AuditEvent.id == target).values(action="nothing.happened"))
    assert [(b.event_id, "altered" in b.reason) for b in audit.verify_chain(db)] == [(target, True)]


def test_a_deleted_event_is_detected(db, child_team):
    ids = db.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    db.execute(delete(AuditEvent).where(AuditEvent.id == ids[3]))
    [chain_break] = list(audit.verify_chain(db))
    assert chain_break.event_id == ids[4] and "removed" in chain_break.reason


def test_a_parent_sees_which_professionals_viewed_but_not_family(db, child_team):
    timeline.read_timeline(db, child_team.slt, child_team.child.id)
    timeline.read_timeline(db, child_team.parent, child_team.child.id)
    viewers = [viewing.person for viewing in records.who_viewed(db, child_team.parent, child_team.child.id)]
    assert viewers == [child_team.slt]


def test_the_lead_sees_everyone_who_viewed(db, child_team):
    timeline.read_timeline(db, child_team.slt, child_team.child.id)
    timeline.read_timeline(db, child_team.parent, child_team.child.id)
    viewers = {viewing.person for viewing in records.who_viewed(db, child_team.senco, child_team.child.id)}
    assert {child_team.slt, child_team.parent} <= viewers


def test_a_class_teacher_cannot_list_who_viewed(db, child_team):
    with pytest.raises(Forbidden):
        records.who_viewed(db, child_team.teacher, child_team.child.id)


def test_downloading_an_invite_is_audited_as_an_export_of_the_childs_meeting(db, child_team, make_meeting, site):
    meeting = make_meeting(datetime(2027, 3, 2, 10, tzinfo=UTC))
    meetings.invite_for(db, child_team.parent, meeting.id, site=site)
    event = db.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    assert (event.action, event.actor, event.child_id) == (
        "meeting.invite_exported",
        child_team.parent,
        child_team.child.id,
    )
