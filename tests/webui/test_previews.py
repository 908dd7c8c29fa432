"""Previews on the pages: once the job queue has drawn one, the child's file and the timeline
show what a document is before anyone downloads it, through the access-checked route."""

import io

import pytest
import sample_files
from PIL import Image

from core.documents import previews
from core.documents.storage import LocalFileStore
from core.jobs import queue


@pytest.fixture
def run_jobs(app, document_folder):
    """``teamaround jobs run`` against the app's database and store."""
    kinds = [previews.job_kind(LocalFileStore(document_folder))]
    return lambda: queue.run_due(app.extensions["teamaround.sessions"], kinds)


@pytest.fixture
def photo(client, bearer, child_team):
    """A photo the parent filed through the API; its document id."""
    data = {"title": "Sleeping at last", "kind": "photo", "file": (io.BytesIO(sample_files.photo(size=(800, 600))),
                                                                  "IMG_2001.jpg")}
    added = client.post(f"/api/v1/children/{child_team.child.id}/documents", data=data, headers=bearer("parent"),
                        content_type="multipart/form-data")
    assert added.status_code == 201, added.json
    return added.json["id"]


KINDS = {
    "a PDF": (sample_files.pdf, "report.pdf", True),
    "a JPEG with GPS": (sample_files.photo, "IMG_1234.jpg", True),
    "a HEIC": (sample_files.heic, "IMG_1235.HEIC", True),
    "a DOCX": (sample_files.docx, "review.docx", False),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_that_can_be_pictured_gets_a_preview(client, bearer, child_team, run_jobs, auth, kind):
    make, filename, pictured = KINDS[kind]
    data = {"title": "Filed", "kind": "other", "file": (io.BytesIO(make()), filename)}
    added = client.post(f"/api/v1/children/{child_team.child.id}/documents", data=data, headers=bearer("parent"),
                        content_type="multipart/form-data")
    run_jobs()
    auth.login(child_team.teacher)
    shown = client.get(f"/documents/{added.json['id']}/preview")
    assert shown.status_code == (200 if pictured else 404)


def test_a_preview_not_drawn_yet_is_not_found_and_not_shown(client, auth, child_team, photo):
    auth.login(child_team.senco)
    assert client.get(f"/documents/{photo}/preview").status_code == 404
    assert f"/documents/{photo}/preview" not in client.get(f"/children/{child_team.child.id}/documents").text


def test_the_childs_file_shows_the_preview_once_drawn(client, auth, child_team, photo, run_jobs):
    run_jobs()
    auth.login(child_team.senco)
    page = client.get(f"/children/{child_team.child.id}/documents").text
    assert f'<img class="preview" src="/documents/{photo}/preview"' in page


def test_the_timeline_entry_of_a_document_shows_its_preview(client, auth, child_team, photo, run_jobs):
    run_jobs()
    auth.login(child_team.senco)
    assert f'src="/documents/{photo}/preview"' in client.get(f"/children/{child_team.child.id}").text


def test_a_preview_is_a_small_jpeg_under_the_files_sandbox(client, auth, child_team, photo, run_jobs):
    run_jobs()
    auth.login(child_team.parent)
    shown = client.get(f"/documents/{photo}/preview")
    assert shown.mimetype == "image/jpeg" and Image.open(io.BytesIO(shown.data)).size == (640, 480)
    assert "sandbox" in shown.headers["Content-Security-Policy"].split("; ")
    assert "no-store" in shown.headers["Cache-Control"]
