"""People reading and writing at once against ``teamaround serve``, on both databases: no
request fails and every acknowledged write is in the database afterwards.

The load generator is bench/load.py's, at a reduced size (8 users for 5 s instead of 32 for
60 s), so CI runs the same check the benchmark does.
"""

import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))

import harness  # noqa: E402
import load  # noqa: E402

USERS, SECONDS, CHILDREN = 8, 5, 16


@pytest.fixture(params=["sqlite", "postgresql"])
def served_url(request, tmp_path):
    """A database of its own: the server commits, so no test transaction can hold it."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'load.sqlite'}"
        return
    base = request.getfixturevalue("postgres_url")
    name = f"load_{tmp_path.name[-20:].replace('-', '_').lower()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def test_a_mixed_load_has_no_errors_and_loses_no_acknowledged_write(served_url):
    harness.generate(served_url, CHILDREN)
    outcome = load.run(served_url, users=USERS, seconds=SECONDS)
    assert outcome.tally.errors == [], outcome.log
    assert outcome.lost == set()
    assert len(outcome.tally.acknowledged) > 10, "the load should have written something"
    assert all(outcome.tally.latencies[kind] for kind, _ in load.MIX), "every kind of request should have run"
