"""teamaround documents verify: every file the documents name is in the store, unchanged."""

import io

import pytest

from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.verification import verify_files


@pytest.fixture
def report(db, child_team, store, host):
    return filing.add_document(
        db, child_team.slt, child_team.child.id, {"title": "Report"},
        filing.Upload(io.BytesIO(b"Therapy report"), "report.txt"),
        store=store, host=host, limit=DEFAULT_MAX_UPLOAD_BYTES,
    )


def test_an_intact_store_has_no_problem(db, store, report):
    assert list(verify_files(db, store)) == []


def test_a_missing_file_is_reported_with_the_documents_that_use_it(db, store, report):
    store.remove(report.current.sha256)
    [problem] = verify_files(db, store)
    assert "missing" in problem.reason
    assert problem.versions == ((report.id, 1),)


def test_a_changed_file_is_reported(db, store, report):
    store.path(report.current.sha256).write_bytes(b"Therapy report, altered")
    [problem] = verify_files(db, store)
    assert "no longer matches" in str(problem)


def test_a_missing_preview_is_reported_with_the_document_it_shows(db, store, report):
    preview = store.add(io.BytesIO(b"a small picture"))
    report.current.preview_sha256 = preview.sha256
    store.remove(preview.sha256)
    [problem] = verify_files(db, store)
    assert preview.sha256 in problem.reason and problem.versions == ((report.id, 1),)
