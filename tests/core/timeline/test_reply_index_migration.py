"""Migration 0038 (the index of a thread's replies) goes down and up again on both databases."""

import pytest
from alembic import command
from sqlalchemy import inspect

from core.db import make_engine
from core.migrations import alembic_config, upgrade

INDEX = "ix_timeline_entries_reply_to"


def indexes(url):
    engine = make_engine(url)
    try:
        return {index["name"] for index in inspect(engine).get_indexes("timeline_entries")}
    finally:
        engine.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_the_index_of_replies_goes_down_and_up_again(fresh_url):
    upgrade(fresh_url)
    command.downgrade(alembic_config(fresh_url), "0037")
    assert INDEX not in indexes(fresh_url)
    upgrade(fresh_url)
    assert INDEX in indexes(fresh_url)
