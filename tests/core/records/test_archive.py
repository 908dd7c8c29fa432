"""A subject access export as a ZIP: the JSON as exported, and every listed version's file."""

import io
import json
import zipfile

import pytest

from core.documents.storage import FileUnreadable, LocalFileStore
from core.records import archive


@pytest.fixture
def store(tmp_path):
    return LocalFileStore(tmp_path / "documents")


def version(stored, document_id=7, number=1, filename="letter.pdf"):
    return {"document_id": document_id, "number": number, "filename": filename, "sha256": stored.sha256}


def test_the_archive_holds_the_export_as_json_under_its_name(store):
    target = io.BytesIO()
    archive.write_archive({"child": {"id": 3, "full_name": "Amara"}}, "child-3", target, store=store)
    assert json.loads(zipfile.ZipFile(target).read("child-3.json")) == {"child": {"id": 3, "full_name": "Amara"}}


def test_two_versions_of_the_same_name_are_both_in_the_archive(store):
    first, second = store.add(io.BytesIO(b"draft")), store.add(io.BytesIO(b"final"))
    export = {"document_versions": [version(first), version(second, number=2)]}
    target = io.BytesIO()
    archive.write_archive(export, "child-3", target, store=store)
    files = zipfile.ZipFile(target)
    assert files.read("files/document-7/version-1/letter.pdf") == b"draft"
    assert files.read("files/document-7/version-2/letter.pdf") == b"final"


def test_a_file_missing_from_the_store_fails_the_export_instead_of_leaving_it_out(store):
    kept = store.add(io.BytesIO(b"draft"))
    store.remove(kept.sha256)
    with pytest.raises(FileUnreadable):
        archive.write_archive({"document_versions": [version(kept)]}, "child-3", io.BytesIO(), store=store)
