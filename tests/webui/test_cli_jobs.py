"""teamaround jobs run: the background work an operator runs from cron or a process manager."""

import io

import pytest
import sample_files
from click.testing import CliRunner
from sqlalchemy import create_engine, select

from core.db import make_session_factory
from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.migrations import upgrade
from core.models import DocumentVersion
from core.people import team
from core.plugins import load_plugins
from webui.cli import main


@pytest.fixture
def photo_filed(tmp_path, monkeypatch):
    """A database of its own with a photo filed, its preview waiting in the queue."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    upgrade(url)
    store = LocalFileStore(tmp_path / "documents")
    for name, value in {"DATABASE_URL": url, "SECRET_KEY": "cli-test", "DOCUMENTS_PATH": str(store.root)}.items():
        monkeypatch.setenv(f"TEAMAROUND_{name}", value)
    sessions = make_session_factory(create_engine(url))
    with sessions() as db, db.begin():
        senco = team.create_person(db, {"full_name": "Priya Shah", "email": "senco@example.org",
                                        "kind": "school_staff", "agency": "school"}, password_hash="x")
        child = team.create_child(db, senco, {"full_name": "Amara Okafor", "date_of_birth": "2018-03-14"})
        filing.add_document(
            db, senco, child.id, {"title": "Sensory corner", "kind": "photo"},
            filing.Upload(io.BytesIO(sample_files.photo()), "corner.jpg"),
            store=store, host=load_plugins(), limit=DEFAULT_MAX_UPLOAD_BYTES,
        )
    return sessions, store


def test_jobs_run_draws_the_waiting_preview_and_says_so(photo_filed):
    sessions, store = photo_filed
    result = CliRunner().invoke(main, ["jobs", "run"])
    assert result.output == "Jobs done: 1, failed: 0 (tried again later), given up: 0.\n"
    with sessions() as db:
        preview = db.scalar(select(DocumentVersion.preview_sha256))
    assert store.has(preview)


def test_jobs_run_with_nothing_due_does_nothing(photo_filed):
    CliRunner().invoke(main, ["jobs", "run"])
    assert CliRunner().invoke(main, ["jobs", "run"]).output.startswith("Jobs done: 0,")
