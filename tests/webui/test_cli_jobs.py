"""teamaround jobs run: the background work an operator runs from cron or a process manager."""

import io
import re
import time

import pytest
import sample_files
from click.testing import CliRunner
from demo_server import csrf, running_demo
from sqlalchemy import create_engine, select, update

from core.db import make_session_factory
from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.migrations import upgrade
from core.models import DocumentVersion, Job
from core.people import team
from core.plugins import load_plugins
from core.types import utcnow
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
    assert result.stdout == "Jobs done: 1, failed: 0 (tried again later), given up: 0.\n"
    with sessions() as db:
        preview = db.scalar(select(DocumentVersion.preview_sha256))
    assert store.has(preview)


def test_jobs_run_with_nothing_due_does_nothing(photo_filed):
    CliRunner().invoke(main, ["jobs", "run"])
    assert CliRunner().invoke(main, ["jobs", "run"]).stdout.startswith("Jobs done: 0,")


def test_the_demo_draws_previews_itself(tmp_path):
    """`teamaround demo` is one command: a photo a parent files shows its preview without `jobs run`."""
    with running_demo(tmp_path) as demo:
        child = re.search(r'href="/children/(\d+)"', demo.login("grace.okafor@demo.teamaround.example")).group(1)
        file_page = f"/children/{child}/documents"
        boundary = "teamaround-demo-photo"
        fields = {"csrf_token": csrf(demo.get(file_page)), "title": "Asleep in the tent", "kind": "photo"}
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="tent.jpg"\r\n'
                     "Content-Type: image/jpeg\r\n\r\n".encode() + sample_files.photo() + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        assert "Asleep in the tent" in demo.post(file_page, body, f"multipart/form-data; boundary={boundary}")
        for _ in range(100):
            if 'class="preview"' in demo.get(file_page):
                break
            time.sleep(0.2)
        else:
            pytest.fail("no preview appeared within 20 seconds")


def test_jobs_given_up_are_listed_and_queued_again_on_request(photo_filed):
    sessions, _ = photo_filed
    with sessions() as db, db.begin():
        db.execute(update(Job).values(given_up_at=utcnow(), attempts=6, last_error="OSError: disk full"))
    listed = CliRunner().invoke(main, ["jobs", "given-up"]).output
    assert "document.preview" in listed and "after 6 attempts: OSError: disk full" in listed
    assert "Queued again: 1." in CliRunner().invoke(main, ["jobs", "given-up", "--retry"]).output
    assert CliRunner().invoke(main, ["jobs", "run"]).stdout.startswith("Jobs done: 1,")
