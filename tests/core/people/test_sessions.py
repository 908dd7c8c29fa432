"""Signed-in sessions kept on the server: a session ends when the server says so."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from conftest import PASSWORD
from sqlalchemy import select, update

from core.models import AuditEvent, LoginSession, Person
from core.people import accounts, sessions
from core.people.passwords import CHEAPEST
from core.types import utcnow


@pytest.fixture
def started(db, child_team):
    """A session of the parent's, and a way to date it back: ``started.date_back(last_seen_at=...)``."""
    secret = sessions.start(db, child_team.parent)

    def date_back(**ago):
        db.execute(update(LoginSession).values({name: utcnow() - by for name, by in ago.items()})
                   .where(LoginSession.person_id == child_team.parent.id))
        db.expire_all()

    return SimpleNamespace(secret=secret, date_back=date_back)


def test_a_started_session_signs_its_person_in(db, child_team, started):
    assert sessions.resume(db, started.secret).person == child_team.parent


def test_the_person_signed_in_is_the_sessions_record_as_a_query_loads_it(db, child_team, started):
    db.flush()
    db.expunge_all()  # the session holds no one: the person is made from the row read
    person = sessions.resume(db, started.secret).person
    assert db.get(Person, child_team.parent.id) is person and person not in db.dirty
    assert (person.email, person.kind, person.version) == (child_team.parent.email, child_team.parent.kind, 1)
    assert {m.child_id for m in person.memberships} == {child_team.child.id}


def test_a_secret_the_server_never_gave_signs_nobody_in(db, child_team, started):
    assert sessions.resume(db, started.secret + "x") is None


def test_the_server_keeps_no_session_secret_only_its_hash(db, child_team, started):
    assert started.secret not in db.scalars(select(LoginSession.token_hash)).all()


def test_a_session_ended_by_logging_out_signs_nobody_in(db, child_team, started):
    sessions.end(db, child_team.parent, started.secret)
    assert sessions.resume(db, started.secret) is None


def test_logging_out_is_audited_as_the_persons(db, child_team, started):
    sessions.end(db, child_team.parent, started.secret)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "login.logged_out"))
    assert (event.actor_id, event.subject) == (child_team.parent.id, f"person:{child_team.parent.id}")


def test_a_session_idle_for_thirty_minutes_has_ended(db, child_team, started):
    started.date_back(last_seen_at=sessions.IDLE_TIMEOUT + timedelta(seconds=1))
    assert sessions.resume(db, started.secret) is None


def test_a_session_in_constant_use_ends_ten_hours_after_logging_in(db, child_team, started):
    started.date_back(started_at=sessions.ABSOLUTE_TIMEOUT + timedelta(seconds=1))
    assert sessions.resume(db, started.secret) is None


def test_a_session_in_use_is_seen_again(db, child_team, started):
    started.date_back(last_seen_at=timedelta(minutes=20))
    assert sessions.resume(db, started.secret).seen_again
    assert utcnow() - db.scalar(select(LoginSession.last_seen_at)) < timedelta(minutes=1)


def test_last_seen_is_not_written_again_within_a_minute(db, child_team, started, count_queries):
    with count_queries() as statements:
        assert not sessions.resume(db, started.secret).seen_again
    assert [statement for statement in statements if "UPDATE" in statement.upper()] == []


def test_the_summary_a_page_shows_comes_with_the_session(db, child_team, started):
    assert sessions.resume(db, started.secret).unread_notifications == 0


def test_changing_the_password_ends_every_session_of_the_person(db, child_team, started):
    accounts.change_password(db, CHEAPEST, child_team.parent, PASSWORD, "a brand new passphrase")
    assert sessions.resume(db, started.secret) is None


def test_changing_the_password_ends_nobody_elses_session(db, child_team, started):
    teachers = sessions.start(db, child_team.teacher)
    accounts.change_password(db, CHEAPEST, child_team.parent, PASSWORD, "a brand new passphrase")
    assert sessions.resume(db, teachers).person == child_team.teacher


def test_closing_an_account_ends_its_sessions_and_reopening_it_revives_none(db, child_team, started):
    accounts.set_active(db, child_team.admin, child_team.parent.id, active=False)
    accounts.set_active(db, child_team.admin, child_team.parent.id, active=True)
    assert sessions.resume(db, started.secret) is None


def test_logging_in_again_clears_away_the_persons_finished_sessions(db, child_team, started):
    sessions.end(db, child_team.parent, started.secret)
    sessions.start(db, child_team.parent)
    assert db.scalar(select(LoginSession.ended_at).where(LoginSession.person_id == child_team.parent.id)) is None


@pytest.fixture
def ahead_of(db, child_team):
    """A read of the child's timeline by ``reader`` to audit with the session (audit.Ahead),
    at the data version now unless ``kept_at`` says another, and kept under ``newest``."""
    from core.models import data_version
    from core.records import audit
    from core.timeline import entries as timeline

    def make(reader, kept_at=None, newest=None):
        events = audit.events_of(db, lambda: timeline.read_timeline_again(db, reader, child_team.child.id, [3, 1]))
        return audit.Ahead(data_version(db) if kept_at is None else kept_at, reader.id, events, newest)

    return make


def _views_of_the_timeline(db, child_team):
    return db.scalars(select(AuditEvent.detail).where(AuditEvent.action == "timeline.viewed",
                                                      AuditEvent.child_id == child_team.child.id)).all()


def test_a_read_audited_ahead_is_appended_with_the_session_on_postgresql(
    db, child_team, started, ahead_of, count_queries
):
    postgresql, ahead = db.get_bind().dialect.name == "postgresql", ahead_of(child_team.parent)
    with count_queries() as queries:
        signed_in = sessions.resume(db, started.secret, ahead=ahead)
    # On SQLite, where a statement costs no round trip, the read is audited as any other.
    assert signed_in.audited_ahead is postgresql
    assert len(queries) == 1
    assert _views_of_the_timeline(db, child_team) == ([{"entries": [3, 1]}] if postgresql else [])


def test_a_read_kept_at_a_data_version_gone_is_not_audited_ahead(db, child_team, started, ahead_of):
    signed_in = sessions.resume(db, started.secret, ahead=ahead_of(child_team.parent, kept_at=7))
    assert not signed_in.audited_ahead
    assert _views_of_the_timeline(db, child_team) == []


def _look_at_the_timeline(db, child_team):
    """The parent looks at the child's timeline: a home page is kept under their newest look
    (core.messaging.dashboard.last_look)."""
    from core.records import audit

    audit.record(db, child_team.parent, "timeline.viewed", child_id=child_team.child.id, detail={"entries": [2]})


def test_a_read_kept_under_its_readers_newest_event_is_audited_ahead_while_it_is_the_newest(
    db, child_team, started, ahead_of
):
    from core.messaging.dashboard import last_look

    _look_at_the_timeline(db, child_team)
    ahead = ahead_of(child_team.parent, newest=last_look(db, child_team.parent))
    signed_in = sessions.resume(db, started.secret, ahead=ahead)
    assert signed_in.audited_ahead is (db.get_bind().dialect.name == "postgresql")
    assert len(_views_of_the_timeline(db, child_team)) == 1 + signed_in.audited_ahead
    assert signed_in.newest_still  # read with the session on SQLite: the page need not read it again


def test_a_read_kept_under_an_event_no_longer_its_readers_newest_is_not_audited_ahead(
    db, child_team, started, ahead_of
):
    from core.messaging.dashboard import last_look

    kept_under = last_look(db, child_team.parent)  # none yet
    _look_at_the_timeline(db, child_team)
    signed_in = sessions.resume(db, started.secret, ahead=ahead_of(child_team.parent, newest=kept_under))
    assert not signed_in.audited_ahead and not signed_in.newest_still
    assert _views_of_the_timeline(db, child_team) == [{"entries": [2]}]


def test_a_read_of_another_persons_page_is_not_audited_ahead(db, child_team, started, ahead_of):
    signed_in = sessions.resume(db, started.secret, ahead=ahead_of(child_team.teacher))
    assert signed_in.person == child_team.parent and not signed_in.audited_ahead
    assert _views_of_the_timeline(db, child_team) == []


def test_another_persons_newest_event_is_never_read_as_this_readers(db, child_team, started, ahead_of):
    from core.messaging.dashboard import last_look

    ahead = ahead_of(child_team.teacher, newest=last_look(db, child_team.teacher))
    signed_in = sessions.resume(db, started.secret, ahead=ahead)
    assert not signed_in.audited_ahead and not signed_in.newest_still


def test_a_session_awaiting_a_second_factor_has_no_read_audited_ahead(db, child_team, started, ahead_of):
    db.execute(update(LoginSession).values(enrolment_required=True))
    signed_in = sessions.resume(db, started.secret, ahead=ahead_of(child_team.parent))
    assert signed_in.enrolment_required and not signed_in.audited_ahead
    assert _views_of_the_timeline(db, child_team) == []


def test_a_session_ended_has_no_read_audited_ahead(db, child_team, started, ahead_of):
    sessions.end(db, child_team.parent, started.secret)
    assert sessions.resume(db, started.secret, ahead=ahead_of(child_team.parent)) is None
    assert _views_of_the_timeline(db, child_team) == []


def test_a_read_audited_ahead_is_appended_with_a_bearer_token_on_postgresql(db, child_team, ahead_of):
    from core.people import tokens

    _, secret = tokens.create(db, child_team.parent, {"name": "Case system"})
    bearer = tokens.authenticate(db, secret, ahead=ahead_of(child_team.parent))
    assert bearer.audited_ahead is (db.get_bind().dialect.name == "postgresql")
    assert len(_views_of_the_timeline(db, child_team)) == int(bearer.audited_ahead)


def test_an_expired_bearer_token_has_no_read_audited_ahead(db, child_team, ahead_of):
    from core.models import ApiToken
    from core.people import tokens

    _, secret = tokens.create(db, child_team.parent, {"name": "Case system"})
    db.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(tokens.TokenExpired):
        tokens.authenticate(db, secret, ahead=ahead_of(child_team.parent))
    assert _views_of_the_timeline(db, child_team) == []


def test_a_revoked_bearer_token_has_no_read_audited_ahead(db, child_team, ahead_of):
    from core.people import tokens

    token, secret = tokens.create(db, child_team.parent, {"name": "Case system"})
    tokens.revoke(db, child_team.parent, token.id)
    assert tokens.authenticate(db, secret, ahead=ahead_of(child_team.parent)) is None
    assert _views_of_the_timeline(db, child_team) == []
