import pytest

from core.documents.storage import LocalFileStore


@pytest.fixture
def store(tmp_path):
    return LocalFileStore(tmp_path / "documents")
