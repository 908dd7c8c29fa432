"""Migration 0040 (a person's looks at a timeline found by an index) goes down and up again on both databases."""

import pytest
from alembic import command
from sqlalchemy import inspect

from core.db import make_engine
from core.migrations import alembic_config, upgrade

LOOKS = "ix_audit_events_child_action_actor"
EVERYONE_S_LOOKS = "ix_audit_events_child_action"


def indexes(url):
    engine = make_engine(url)
    try:
        return {index["name"]: index["column_names"] for index in inspect(engine).get_indexes("audit_events")}
    finally:
        engine.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_the_index_of_a_person_s_looks_replaces_the_index_of_everyone_s_and_back(fresh_url):
    upgrade(fresh_url)
    assert indexes(fresh_url)[LOOKS] == ["child_id", "action", "actor_id", "at"]
    assert EVERYONE_S_LOOKS not in indexes(fresh_url)
    command.downgrade(alembic_config(fresh_url), "0039")
    assert indexes(fresh_url)[EVERYONE_S_LOOKS] == ["child_id", "action", "at"]
    assert LOOKS not in indexes(fresh_url)
    upgrade(fresh_url)
    assert LOOKS in indexes(fresh_url) and EVERYONE_S_LOOKS not in indexes(fresh_url)
