"""Signed checkpoints outside the database show a rewritten, truncated or emptied audit log,
which the hash chain alone cannot: whoever writes the database can recompute its hashes."""

import contextlib
import json
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from core.models import AuditEvent
from core.records import audit, checkpoints
from core.types import utcnow

FORGED = "its signature does not hold (forged or altered, or signed with another key)."


@pytest.fixture(scope="module")
def signing_key(tmp_path_factory):
    return checkpoints.load_signing_key(made_key(tmp_path_factory.mktemp("key") / "audit-signing.pem"))


def made_key(path):
    checkpoints.make_signing_key(path)
    return path


@pytest.fixture
def anchored(db, child_team, signing_key, tmp_path):
    """The team's audit log with a signed checkpoint of it in a file outside the database."""
    path = tmp_path / "checkpoints.jsonl"
    checkpoints.write(db, path, signing_key, utcnow())
    return path


def problems(db, path, public_key):
    return list(checkpoints.verify(db, checkpoints=path, public_key=public_key))


def problems_with(db, anchored, signing_key):
    return problems(db, anchored, signing_key.public_key())


def chain(db):
    return db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def rehash(db, events, previous_hash):
    """Recompute the hashes of ``events`` onwards from ``previous_hash``, as anyone who can
    write the database can: afterwards the chain alone holds again."""
    for event in events:
        event.previous_hash = previous_hash
        event.hash = audit.event_hash(event)
        db.flush()
        previous_hash = event.hash
    assert list(audit.verify_chain(db)) == []


def rewrite_from(db, position):
    events = chain(db)
    events[position].action = "nothing.happened"
    rehash(db, events[position:], events[position - 1].hash if position else audit.GENESIS)


@contextlib.contextmanager
def undone(db):
    savepoint = db.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()


def test_an_untouched_log_matches_its_checkpoints(db, anchored, signing_key):
    assert problems_with(db, anchored, signing_key) == []


def test_a_checkpoint_holds_the_count_and_the_newest_event_of_the_chain(db, anchored):
    events = chain(db)
    line = json.loads(anchored.read_text())
    assert (line["count"], line["newest_id"], line["newest_hash"]) == (len(events), events[-1].id, events[-1].hash)


def test_events_appended_after_a_checkpoint_leave_it_holding(db, anchored, signing_key, child_team):
    audit.record(db, child_team.parent, "child.viewed", child_id=child_team.child.id)
    assert problems_with(db, anchored, signing_key) == []


def test_changing_one_event_and_its_hash_is_detected(db, anchored, signing_key):
    rewrite_from(db, len(chain(db)) - 1)
    [problem] = problems_with(db, anchored, signing_key)
    assert "no longer has the hash" in problem and "rewritten" in problem


def test_deleting_one_event_is_detected(db, anchored, signing_key):
    events = chain(db)
    db.execute(delete(AuditEvent).where(AuditEvent.id == events[2].id))
    reported = problems_with(db, anchored, signing_key)
    assert any(problem.startswith(f"event {events[3].id}: does not follow") for problem in reported)
    assert any("events were removed" in problem for problem in reported)


def test_deleting_one_event_and_rehashing_those_after_it_is_detected(db, anchored, signing_key):
    events = chain(db)
    db.execute(delete(AuditEvent).where(AuditEvent.id == events[2].id))
    rehash(db, events[3:], events[1].hash)
    reported = problems_with(db, anchored, signing_key)
    assert any("rewritten" in problem for problem in reported)
    assert any(f"{len(events) - 1} events up to event" in problem for problem in reported)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_rewriting_and_rehashing_the_chain_from_any_point_is_detected(db, anchored, signing_key, data):
    position = data.draw(st.integers(0, len(chain(db)) - 1), label="first event rewritten")
    with undone(db):
        rewrite_from(db, position)
        assert any("rewritten" in problem for problem in problems_with(db, anchored, signing_key))


def test_truncating_the_newest_events_is_detected(db, anchored, signing_key):
    newest = chain(db)[-1].id
    db.execute(delete(AuditEvent).where(AuditEvent.id == newest))
    assert list(audit.verify_chain(db)) == []
    reported = problems_with(db, anchored, signing_key)
    assert any(f"event {newest}, the newest when the checkpoint was signed" in problem for problem in reported)


def test_emptying_the_log_is_detected(db, anchored, signing_key):
    db.execute(delete(AuditEvent))
    reported = problems_with(db, anchored, signing_key)
    assert any("is gone (the log was truncated or emptied)" in problem for problem in reported)


def test_an_empty_log_in_a_database_with_people_and_children_is_an_error_without_checkpoints(db, child_team):
    db.execute(delete(AuditEvent))
    assert list(checkpoints.verify(db)) == [
        "The audit log is empty, but the database records people or children: the log was emptied."
    ]


def test_a_checkpoint_line_whose_content_was_changed_is_reported(db, anchored, signing_key):
    line = json.loads(anchored.read_text())
    anchored.write_text(json.dumps({**line, "count": line["count"] - 1}) + "\n")
    [problem] = problems_with(db, anchored, signing_key)
    assert problem == f"{anchored}, line 1: {FORGED}"


def test_a_checkpoint_signed_with_another_key_is_reported(db, anchored, signing_key, tmp_path):
    forger = checkpoints.load_signing_key(made_key(tmp_path / "forger.pem"))
    checkpoints.write(db, anchored, forger, utcnow())
    assert problems_with(db, anchored, signing_key) == [f"{anchored}, line 2: {FORGED}"]


def test_a_line_that_is_not_a_checkpoint_is_reported(db, anchored, signing_key):
    with anchored.open("a") as file:
        file.write('{"count": "many"}\n')
    assert problems_with(db, anchored, signing_key) == [
        f"{anchored}, line 2: not a checkpoint (unreadable or incomplete)."
    ]


def test_a_missing_checkpoints_file_is_reported(db, child_team, signing_key, tmp_path):
    [problem] = problems(db, tmp_path / "nowhere.jsonl", signing_key.public_key())
    assert problem.startswith(f"There are no checkpoints at {tmp_path / 'nowhere.jsonl'}")


def test_another_newest_hash_than_the_one_expected_is_reported(db, child_team):
    newest = audit.head(db)
    assert list(checkpoints.verify(db, expect_head="f" * 64)) == [
        f"The newest hash is {newest}, not the expected {'f' * 64}."
    ]


def test_the_newest_hash_expected_verifies(db, child_team):
    assert list(checkpoints.verify(db, expect_head=audit.head(db).upper())) == []


def test_a_signing_key_is_readable_by_its_owner_only(tmp_path):
    made_key(tmp_path / "key.pem")
    assert stat.S_IMODE((tmp_path / "key.pem").stat().st_mode) == 0o600


@pytest.mark.parametrize("existing", ["key.pem", "key.pem.pub"])
def test_an_existing_key_is_never_overwritten(tmp_path, existing):
    (tmp_path / existing).write_text("kept")
    with pytest.raises(checkpoints.CheckpointError, match="never overwritten"):
        made_key(tmp_path / "key.pem")
    assert (tmp_path / existing).read_text() == "kept"


def test_checkpoints_are_checked_with_the_public_key_file_alone(db, child_team, tmp_path):
    key_path = made_key(tmp_path / "key.pem")
    checkpoints.write(db, tmp_path / "checkpoints.jsonl", checkpoints.load_signing_key(key_path), utcnow())
    public_key = checkpoints.load_public_key(tmp_path / "key.pem.pub")
    assert problems(db, tmp_path / "checkpoints.jsonl", public_key) == []
