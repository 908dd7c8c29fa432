"""teamaround roster import: a school's export previewed, then applied, from the command line."""

import json

import pytest
from click.testing import CliRunner
from roster_exports import PLAIN_MAPPING, hillside, plain_csv, plain_school
from sqlalchemy import create_engine, func, select

from core.db import make_session_factory
from core.migrations import upgrade
from core.models import Child, Person
from webui.cli import main


@pytest.fixture
def school_database(tmp_path, monkeypatch):
    """A database of its own, as an operator's."""
    url = f"sqlite:///{tmp_path / 'roster.sqlite'}"
    upgrade(url)
    for name, value in {"DATABASE_URL": url, "SECRET_KEY": "cli-test", "SMTP_URL": ""}.items():
        monkeypatch.setenv(f"TEAMAROUND_{name}", value)
    return make_session_factory(create_engine(url))


def children(sessions):
    with sessions() as db:
        return db.scalar(select(func.count()).select_from(Child))


def test_a_dry_run_shows_what_would_change_and_changes_nothing(school_database, tmp_path):
    (tmp_path / "export.zip").write_bytes(hillside().zip())
    result = CliRunner().invoke(main, ["roster", "import", str(tmp_path / "export.zip"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "export.zip (oneroster, utf-8): 8 new, 0 changed, 0 left alone, 0 leaving, 0 refused." in result.output
    assert "  new contact g1 Dana Brown joins the team of Ava Brown, Ben Brown" in result.output
    assert children(school_database) == 0


def test_an_import_applies_and_says_the_people_added_are_not_invited_without_mail(school_database, tmp_path):
    (tmp_path / "export.zip").write_bytes(hillside().zip())
    result = CliRunner().invoke(main, ["roster", "import", str(tmp_path / "export.zip")])
    assert result.exit_code == 0, result.output
    assert "Applied 13 of 13 operations." in result.output
    assert "their invitations were not sent" in result.output
    assert children(school_database) == 3
    with school_database() as db:
        assert db.scalar(select(Person.password_hash).where(Person.email == "dana.brown@example.org")) is None


def test_a_refused_row_stops_the_import_naming_its_line_and_reason(school_database, tmp_path):
    (tmp_path / "export.zip").write_bytes(hillside(born="04/13/2016").zip())
    result = CliRunner().invoke(main, ["roster", "import", str(tmp_path / "export.zip")])
    assert result.exit_code == 1
    assert (
        "refused users.csv:4: The date 04/13/2016 is not a date: write it as 2015-09-01 or 01/09/2015." in result.output
    )
    assert children(school_database) == 0


def test_a_plain_export_is_read_through_a_mapping_saved_for_the_next_import(school_database, tmp_path):
    (tmp_path / "pupils.csv").write_bytes(plain_csv(plain_school(), encoding="cp1252"))
    (tmp_path / "sims.json").write_text(json.dumps(PLAIN_MAPPING))
    first = CliRunner().invoke(
        main, ["roster", "import", str(tmp_path / "pupils.csv"), "--mapping", str(tmp_path / "sims.json")]
    )
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(main, ["roster", "import", str(tmp_path / "pupils.csv"), "--mapping", "sims"])
    assert "pupils.csv (csv, cp1252): 0 new, 0 changed, 6 left alone, 0 leaving, 0 refused." in again.output
    assert children(school_database) == 3


def test_a_plain_export_without_a_mapping_is_refused(school_database, tmp_path):
    (tmp_path / "pupils.csv").write_bytes(plain_csv(plain_school()))
    result = CliRunner().invoke(main, ["roster", "import", str(tmp_path / "pupils.csv")])
    assert result.exit_code == 2 and "--mapping" in result.output
