"""Idempotency-Key on every API POST: a repeat gets the first answer again and changes nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from core.models import KeptAnswer, TimelineEntry
from core.types import utcnow


@pytest.fixture
def post_entry(client, bearer, child_team):
    """POST an update to the child's timeline as the therapist (or ``who``), with ``key``."""

    def post(key, title="Sound sessions started", who="slt"):
        headers = bearer(who) | {"Idempotency-Key": key}
        return client.post(f"/api/v1/children/{child_team.child.id}/timeline", json={"kind": "update", "title": title},
                           headers=headers)

    return post


@pytest.fixture
def entries(db, child_team):
    """How many entries the child's timeline holds now."""
    return lambda: db.scalar(select(func.count()).select_from(TimelineEntry)
                             .where(TimelineEntry.child_id == child_team.child.id))


def test_a_repeat_with_the_same_key_gets_the_first_answer_and_posts_nothing(post_entry, entries):
    first = post_entry("2f1c-visit-1")
    before = entries()
    again = post_entry("2f1c-visit-1")
    assert (again.status_code, again.json) == (first.status_code, first.json) == (201, first.json)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert entries() == before


def test_the_same_key_with_another_request_is_refused(post_entry, entries):
    post_entry("2f1c-visit-1")
    before = entries()
    refused = post_entry("2f1c-visit-1", title="Another visit")
    assert refused.status_code == 422 and set(refused.json) == {"message", "errors"}
    assert entries() == before


def test_keys_are_each_persons_own(post_entry, entries):
    post_entry("visit-1", who="slt")
    before = entries()
    assert post_entry("visit-1", who="senco").status_code == 201
    assert entries() == before + 1


def test_a_key_is_kept_for_a_day(db, post_entry, entries):
    post_entry("visit-1")
    db.execute(update(KeptAnswer).values(created_at=utcnow() - timedelta(hours=24, minutes=1)))
    before = entries()
    assert post_entry("visit-1").status_code == 201
    assert entries() == before + 1


def test_a_refused_request_keeps_no_answer_so_its_correction_goes_ahead(post_entry, entries):
    assert post_entry("visit-1", title="").status_code == 400
    assert post_entry("visit-1").status_code == 201


def test_a_key_too_long_is_refused_naming_the_header(post_entry):
    refused = post_entry("k" * 256)
    assert refused.status_code == 400 and "Idempotency-Key" in refused.json["errors"]


def test_every_api_post_takes_an_idempotency_key(app):
    from webui.api import idempotency

    posting = {rule.endpoint.split(".")[0] for rule in app.url_map.iter_rules()
               if rule.rule.startswith("/api/v1/") and "POST" in rule.methods}
    assert posting and all(idempotency.replay_or_reserve in app.before_request_funcs[name] for name in posting)
