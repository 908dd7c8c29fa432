"""Migration 0037 (the EHC case's tables) goes down and up again on both databases."""

import pytest
from alembic import command
from sqlalchemy import inspect

from core.db import make_engine
from core.migrations import alembic_config, upgrade

TABLES = {"ehc_cases", "ehc_reviews", "ehc_stages"}


def tables(url):
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_the_ehc_tables_go_down_and_up_again(fresh_url):
    upgrade(fresh_url)
    command.downgrade(alembic_config(fresh_url), "0036")
    assert not TABLES & tables(fresh_url)
    upgrade(fresh_url)
    assert TABLES <= tables(fresh_url)
