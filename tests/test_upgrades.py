"""A database made at an earlier schema, with data, upgrades to this version's with every row
kept and still serves (issue 24 point 6): what `teamaround db upgrade` does on each deploy.

``fixtures/schema_0027_demo.sql.gz`` is frozen: a dump of the demo team made once at migration
0027 and never regenerated, so that each later migration is run against real rows of that
schema. A migration that loses rows, or leaves them unreadable, fails here.
"""

import gzip
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from webui.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "schema_0027_demo.sql.gz"
# The frozen data's own parent and password, as they were when the dump was made.
PARENT, PASSWORD = "grace.okafor@demo.teamaround.example", "teamaround-demo"


def _row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if name not in ("alembic_version", "sqlite_sequence")]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


@pytest.fixture
def upgraded(tmp_path, monkeypatch):
    """The frozen database, loaded and upgraded by the command a deploy runs; its rows before."""
    path = tmp_path / "made-at-0027.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript(gzip.decompress(FIXTURE.read_bytes()).decode())
    before = _row_counts(path)
    monkeypatch.setenv("TEAMAROUND_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("TEAMAROUND_SECRET_KEY", "upgrade-test")
    monkeypatch.setenv("TEAMAROUND_INSTANCE_PATH", str(tmp_path))
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return path, before


def test_every_row_of_a_database_made_at_0027_is_kept_by_the_upgrade(upgraded):
    path, before = upgraded
    after = _row_counts(path)
    assert {table: after.get(table) for table in before} == before


def test_upgrading_again_changes_nothing(upgraded):
    path, before = upgraded
    counts = _row_counts(path)
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    assert _row_counts(path) == counts


def test_the_upgraded_database_serves_a_parent_their_childs_timeline(upgraded, tmp_path):
    from webui import create_app

    app = create_app({"WTF_CSRF_ENABLED": False, "DOCUMENTS_PATH": str(tmp_path / "documents")})
    client = app.test_client()
    signed_in = client.post("/login", data={"email": PARENT, "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.text
    timeline = client.get("/children/1")
    assert timeline.status_code == 200 and "Great week in phonics" in timeline.text
