"""teamaround documents verify: what an operator runs to find lost or damaged files."""

import io

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine

from core.db import make_session_factory
from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.migrations import upgrade
from core.people import team
from core.plugins import load_plugins
from webui.cli import main


@pytest.fixture
def filed(tmp_path, monkeypatch):
    """A database of its own with one document, whose file is in a store of its own."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    upgrade(url)
    store = LocalFileStore(tmp_path / "documents")
    for name, value in {"DATABASE_URL": url, "SECRET_KEY": "cli-test", "DOCUMENTS_PATH": str(store.root)}.items():
        monkeypatch.setenv(f"TEAMAROUND_{name}", value)
    with make_session_factory(create_engine(url))() as db, db.begin():
        senco = team.create_person(db, {"full_name": "Priya Shah", "email": "senco@example.org",
                                        "kind": "school_staff", "agency": "school"}, password_hash="x")
        child = team.create_child(db, senco, {"full_name": "Amara Okafor", "date_of_birth": "2018-03-14"})
        document = filing.add_document(
            db, senco, child.id, {"title": "Support plan"}, filing.Upload(io.BytesIO(b"The plan"), "plan.txt"),
            store=store, host=load_plugins(), limit=DEFAULT_MAX_UPLOAD_BYTES,
        )
        return store, document.id, document.current.sha256


def verify():
    return CliRunner().invoke(main, ["documents", "verify"])


def test_documents_verify_passes_when_every_file_is_there_unchanged(filed):
    result = verify()
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output


def test_documents_verify_fails_naming_a_damaged_file_and_its_document(filed):
    store, document_id, sha256 = filed
    store.path(sha256).write_bytes(b"The plan, damaged")
    result = verify()
    assert result.exit_code == 1
    assert f"document {document_id} version 1" in result.output
