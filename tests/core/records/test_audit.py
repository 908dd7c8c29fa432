"""The audit log records views, changes and logins in a chain that shows tampering."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from dates import TUESDAY, at_school
from sqlalchemy import create_engine, delete, event, func, select, text, update
from sqlalchemy.exc import DBAPIError

from core.db import begin_reading, finish_reading, make_engine, make_session_factory
from core.errors import Forbidden
from core.meetings import booking as meetings
from core.messaging import dashboard
from core.migrations import upgrade
from core.models import AuditEvent
from core.people import team
from core.plans import content as plans
from core.plans import versions
from core.records import audit, subject_access
from core.records import children as records
from core.timeline import chronology
from core.timeline import entries as timeline
from core.types import utcnow


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


def test_an_event_in_any_language_and_shape_verifies(db, child_team):
    """On PostgreSQL the database hashes the event: it must hash exactly as Python checks."""
    audit.record(
        db,
        child_team.parent,
        "account.preferences_changed",
        subject="Zoë Ōkafor — «père» 👪",
        detail={"z": [1, 2.5, None, True], "a": {"nested": "ünïcode", "quote": '"\\'}, "empty": {}},
    )
    assert list(audit.verify_chain(db)) == []


def test_the_event_returned_is_the_one_appended(db, child_team):
    event = audit.record(db, child_team.parent, "child.viewed", child_id=child_team.child.id)
    newest = db.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    assert (event.id, event.at, event.previous_hash, event.hash) == (
        newest.id,
        newest.at,
        newest.previous_hash,
        newest.hash,
    )


def test_an_engine_not_made_by_make_engine_appends_events_too(tmp_path):
    """SQLite's functions for the append are added to whatever connection it runs on."""
    url = f"sqlite:///{tmp_path / 'plain.sqlite'}"
    upgrade(url)
    engine = create_engine(url)
    try:
        with make_session_factory(engine)() as session:
            audit.record(session, None, "login.failed")
            session.commit()
            assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1
            assert list(audit.verify_chain(session)) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize(("in_a_read", "each_time"), [(False, 1), (True, 1), (True, 3)],
                         ids=["in transactions", "after reads", "three after each read"])
def test_writers_at_the_same_moment_keep_one_unbroken_chain(fresh_url, in_a_read, each_time):
    """In a transaction of its own, or as what a read writes (core.db.begin_reading): one
    statement, for one event or, on PostgreSQL, several."""
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    sessions = make_session_factory(engine)

    def append_events(writer):
        for number in range(25):
            with sessions() as session:
                if in_a_read:
                    begin_reading(session)
                    session.scalar(select(func.count()).select_from(AuditEvent))  # what a page reads first
                for event in range(each_time):
                    audit.record(session, None, "login.failed", detail={"writer": writer, "attempt": number,
                                                                       "event": event})
                if in_a_read:
                    finish_reading(session)
                else:
                    session.commit()

    try:
        with ThreadPoolExecutor(4) as writers:
            list(writers.map(append_events, range(4)))
        with sessions() as session:
            events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
            assert len(events) == 100 * each_time
            assert list(audit.verify_chain(session)) == []
            assert [event.at for event in events] == sorted(event.at for event in events)
    finally:
        engine.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_a_reads_events_are_appended_in_the_order_recorded_in_one_statement(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    try:
        with make_session_factory(engine)() as session:
            begin_reading(session)
            session.scalar(select(func.count()).select_from(AuditEvent))
            detail = {"name": "Zoë Ó Briain", "children": [3, 1], "words": {"ur": "والدین"}}
            recorded = [audit.record(session, None, action, detail=detail)
                        for action in ("dashboard.viewed", "actions.viewed", "caseload.viewed")]
            appends = []

            def count(_connection, _cursor, statement, *_):
                if "audit_event" in statement:
                    appends.append(statement)

            event.listen(engine, "before_cursor_execute", count)
            finish_reading(session)
            event.remove(engine, "before_cursor_execute", count)
            appended = session.execute(select(AuditEvent.id, AuditEvent.action, AuditEvent.detail)
                                       .order_by(AuditEvent.id)).all()
            assert appended == [(one.id, one.action, detail) for one in recorded]
            assert list(audit.verify_chain(session)) == []
        assert len(appends) == 1
    finally:
        engine.dispose()


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
    meeting = make_meeting(at_school(TUESDAY, 10))
    meetings.invite_for(db, child_team.parent, meeting.id, site=site)
    event = db.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    assert (event.action, event.actor, event.child_id) == (
        "meeting.invite_exported",
        child_team.parent,
        child_team.child.id,
    )


@pytest.fixture
def case(db, child_team, host, site, make_meeting, plan, add_outcome):
    """The team's child with something to read of every kind: an entry, a meeting, an agreed plan."""
    child_team.entry = timeline.post_entry(
        db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Session notes"}, host=host
    )
    child_team.meeting = make_meeting(at_school(TUESDAY, 10))
    child_team.outcome = add_outcome()
    child_team.plan_version = versions.agree_plan(
        db, child_team.senco, plan.id, expected_version=plan.version, site=site
    )
    return child_team


# Every service that reads a child's record, as the speech and language therapist.
READS = {
    "timeline": lambda db, t, site: timeline.read_timeline(db, t.slt, t.child.id),
    "entry": lambda db, t, site: timeline.get_entry(db, t.slt, t.entry.id),
    "read receipts": lambda db, t, site: timeline.read_receipts(db, t.slt, t.entry.id),
    "child": lambda db, t, site: records.view_child(db, t.slt, t.child.id),
    "team": lambda db, t, site: team.team_overview(db, t.slt, t.child.id),
    "chronology": lambda db, t, site: chronology.chronology(db, t.slt, t.child.id),
    "meetings": lambda db, t, site: meetings.child_overview(db, t.slt, t.child.id),
    "meeting": lambda db, t, site: meetings.view(db, t.slt, t.meeting.id),
    "invite": lambda db, t, site: meetings.invite_for(db, t.slt, t.meeting.id, site=site),
    "plan": lambda db, t, site: plans.view_plan(db, t.slt, t.child.id, today=date.today()),
    "outcome": lambda db, t, site: plans.view_outcome(db, t.slt, t.outcome.id),
    "plan versions": lambda db, t, site: versions.list_versions(db, t.slt, t.child.id),
    "plan version": lambda db, t, site: versions.view_version(db, t.slt, t.plan_version.id),
}

# Reads about several children or about the record's keeping, by whoever may make them.
OTHER_READS = {
    "who viewed": lambda db, t, site: records.who_viewed(db, t.senco, t.child.id),
    "child's export": lambda db, t, site: subject_access.export_child(db, t.admin, t.child.id),
    "person's export": lambda db, t, site: subject_access.export_person(db, t.admin, t.parent.id),
    "children register": lambda db, t, site: records.children_register(db, t.admin),
    "children list": lambda db, t, site: records.children_page(db, t.slt, after=None, limit=50),
    "dashboard": lambda db, t, site: dashboard.dashboard(db, t.slt, utcnow(), "Europe/London"),
}


def viewers_for(db, person, child_id):
    return [viewing.person for viewing in records.who_viewed(db, person, child_id)]


@pytest.mark.parametrize("read", sorted(READS))
def test_every_kind_of_view_shows_in_who_viewed_for_the_parent_and_the_lead(db, case, site, read):
    assert case.slt not in viewers_for(db, case.parent, case.child.id)
    READS[read](db, case, site)
    assert case.slt in viewers_for(db, case.parent, case.child.id)
    assert case.slt in viewers_for(db, case.senco, case.child.id)


def test_a_change_alone_is_not_a_view(db, child_team, host):
    timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Notes"}, host=host)
    assert child_team.slt not in viewers_for(db, child_team.senco, child_team.child.id)


@pytest.mark.parametrize(
    "action, is_view",
    [
        ("plan.viewed", True),
        ("plan.outcome_viewed", True),
        ("chronology.exported", True),
        ("plan.reviewed", False),
        ("plan.changed", False),
        ("child.viewers_listed", False),
    ],
)
def test_a_view_is_an_action_whose_last_word_is_viewed_or_exported(action, is_view):
    assert audit.is_view(action) is is_view


def test_an_old_safeguarding_override_in_the_log_hides_no_view_from_the_family(db, child_team):
    # There is no safeguarding override until there is a real break-glass (a named reason,
    # a time limit, the lead and the designated safeguarding lead told): one still in an
    # older log hides nothing from the family.
    audit.record(db, child_team.slt, "safeguarding.override_used", child_id=child_team.child.id,
                 detail={"reason": "Section 47 enquiry", "restricted_until": "2999-01-01"})
    timeline.read_timeline(db, child_team.slt, child_team.child.id)
    assert child_team.slt in viewers_for(db, child_team.parent, child_team.child.id)


def refuse_audit_writes(db):
    """Make every insert into the audit log fail, as a full disk or a broken replica would."""
    connection = db.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'the audit log cannot be written'; END $$ LANGUAGE plpgsql"
            )
        )
        connection.execute(
            text(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events "
                "FOR EACH ROW EXECUTE FUNCTION refuse_audit()"
            )
        )
    else:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be written'); END"
            )
        )


@pytest.mark.parametrize("read", sorted(READS | OTHER_READS))
def test_a_read_fails_when_its_audit_event_cannot_be_written(db, case, site, read):
    refuse_audit_writes(db)
    with pytest.raises(DBAPIError, match="the audit log cannot be written"):
        (READS | OTHER_READS)[read](db, case, site)
