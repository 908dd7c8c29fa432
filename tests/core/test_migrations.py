"""The migrations build exactly the schema the models describe, on both databases."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.db import make_engine, make_session_factory
from core.migrations import alembic_config, upgrade
from core.models import Base, ReviewOutcome


def test_the_migrated_database_matches_the_models(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    assert compare_metadata(context, Base.metadata) == []


@pytest.fixture
def reviewed_at_0043(tmp_path, site):
    """A SQLite database with a held review and its judgements, migrated down to 0043, before
    the CHECK that ties a review's status to its day (0044 rebuilds the review table)."""
    from conftest import BASELINE_ON, TARGET_ON, child_factory, person_factory

    from core.plans import content as plans
    from core.plans import reviews

    url = f"sqlite:///{tmp_path / 'reviewed.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db, db.begin():
        senco = person_factory(db)("school_staff")
        plan = plans.create_plan(db, senco, child_factory(db)(senco).id, site=site)
        outcome = plans.add_outcome(db, senco, plan.id, {
            "area": "cognition_and_learning", "text": "Reads words aloud", "unit": "words a minute",
            "baseline_value": 0, "baseline_on": BASELINE_ON.isoformat(), "target_value": 10,
            "target_on": TARGET_ON.isoformat(), "owner_id": senco.id}, site=site)
        judged = [{"outcome_id": outcome.id, "judgement": "partly", "comment": ""}]
        reviews.hold_review(db, senco, plan.id, {"judgements": judged}, site=site)
    command.downgrade(alembic_config(url), "0043")
    yield engine
    engine.dispose()


def test_a_migration_that_rebuilds_a_table_on_sqlite_keeps_the_rows_that_others_refer_to(reviewed_at_0043):
    """SQLite changes a table by copying it and dropping the old one, which fails while rows of
    other tables refer to its rows (a held review's judgements) unless the migrations turn the
    enforcement of foreign keys off meanwhile, as migrations/env.py does."""
    upgrade(str(reviewed_at_0043.url))
    with make_session_factory(reviewed_at_0043)() as db:
        assert db.scalar(select(func.count()).select_from(ReviewOutcome)) == 1


def test_a_failed_migration_leaves_sqlite_enforcing_foreign_keys_on_its_connection(reviewed_at_0043):
    """The migrations turn enforcement off on the connection they are given; a migration that
    fails must not hand that connection back to its pool with links unguarded."""
    with reviewed_at_0043.connect() as connection:
        connection.exec_driver_sql("UPDATE plan_reviews SET held_on = NULL")  # breaks 0044's CHECK
        connection.commit()
        with pytest.raises(IntegrityError):
            upgrade(connection=connection)
        connection.rollback()
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
