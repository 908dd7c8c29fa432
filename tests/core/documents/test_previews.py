"""Previews: a photo or a PDF's first page drawn small in the background, by the job queue."""

import io

import pytest
import sample_files
from fpdf import FPDF
from PIL import Image, ImageStat
from sqlalchemy import select

from core.db import make_session_factory
from core.documents import filing, previews
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.jobs import queue
from core.jobs.queue import GiveUp
from core.models import Job


@pytest.fixture
def sessions(connection):
    return make_session_factory(connection)


@pytest.fixture
def add(db, child_team, store, host):
    def file(content, filename):
        return filing.add_document(
            db, child_team.parent, child_team.child.id, {"title": "From home", "kind": "other"},
            filing.Upload(io.BytesIO(content), filename), store=store, host=host, limit=DEFAULT_MAX_UPLOAD_BYTES,
        )

    return file


@pytest.fixture
def run_jobs(db, sessions, store):
    """``teamaround jobs run``, once, with the test's store."""

    def run():
        outcome = queue.run_due(sessions, [previews.job_kind(store)])
        db.expire_all()
        return outcome

    return run


def preview_of(version, store):
    assert version.preview_sha256 is not None
    with store.open(version.preview_sha256) as file:
        picture = Image.open(io.BytesIO(file.read()))
        picture.load()
    return picture


def two_pages_the_first_black() -> bytes:
    document = FPDF()
    document.add_page()
    document.rect(0, 0, 210, 297, style="F")
    document.add_page()
    return bytes(document.output())


def test_filing_a_pdf_queues_its_preview(db, add):
    document = add(sample_files.pdf(), "report.pdf")
    [job] = db.scalars(select(Job)).all()
    assert (job.kind, job.payload) == ("document.preview", {"version_id": document.current.id})


def test_a_word_document_has_no_preview_queued(db, add):
    add(sample_files.docx(), "review.docx")
    assert db.scalars(select(Job)).all() == []


def test_a_pdfs_preview_is_its_first_page_drawn_small(db, add, run_jobs, store):
    document = add(two_pages_the_first_black(), "letter.pdf")
    assert run_jobs() == queue.Outcome(done=1)
    picture = preview_of(document.current, store)
    assert picture.format == "JPEG" and picture.height == previews.LONGEST_SIDE and picture.width < picture.height
    assert ImageStat.Stat(picture.convert("L")).mean[0] < 20


def test_a_photos_preview_keeps_its_shape_within_the_longest_side(db, add, run_jobs, store):
    document = add(sample_files.photo(size=(2000, 1000)), "garden.jpg")
    run_jobs()
    assert preview_of(document.current, store).size == (640, 320)


def test_a_small_photos_preview_is_not_made_larger(db, add, run_jobs, store):
    document = add(sample_files.photo("PNG", size=(64, 48)), "drawing.png")
    run_jobs()
    assert preview_of(document.current, store).size == (64, 48)


def test_a_new_version_gets_a_preview_of_its_own(db, child_team, add, run_jobs, store):
    document = add(sample_files.photo(size=(300, 300)), "before.jpg")
    run_jobs()
    version = filing.add_version(db, child_team.parent, document.id,
                                 filing.Upload(io.BytesIO(sample_files.photo(size=(600, 200))), "after.jpg"),
                                 store=store, limit=DEFAULT_MAX_UPLOAD_BYTES)
    run_jobs()
    assert preview_of(version, store).size == (600, 200)
    assert document.versions[0].preview_sha256 != version.preview_sha256


def test_drawing_a_preview_again_changes_nothing(db, add, sessions, store, run_jobs):
    document = add(sample_files.pdf(), "report.pdf")
    run_jobs()
    first = document.current.preview_sha256
    store.remove(document.current.sha256)  # drawing it again would have to read it
    previews.make_preview(sessions, store, document.current.id)
    db.expire_all()
    assert document.current.preview_sha256 == first


def test_a_preview_of_a_version_that_is_gone_is_not_drawn(sessions, store):
    previews.make_preview(sessions, store, 10**6)


def test_a_pdf_that_cannot_be_drawn_is_given_up_at_once():
    with pytest.raises(GiveUp, match="no preview"):
        previews.draw(io.BytesIO(b"%PDF-1.7\n not really a PDF"), "application/pdf")
