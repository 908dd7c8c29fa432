"""The document store keeps files by their SHA-256, streams them, and never serves changed bytes."""

import hashlib
import io

import pytest

from core.documents.storage import CHUNK, FileUnreadable, LocalFileStore


@pytest.fixture
def store(tmp_path):
    return LocalFileStore(tmp_path / "documents")


class CountingReader(io.BytesIO):
    """Bytes that remember how much each read asked for."""

    def __init__(self, data):
        super().__init__(data)
        self.asked = []

    def read(self, size=-1):
        self.asked.append(size)
        return super().read(size)


class FailingReader(io.BytesIO):
    def read(self, size=-1):
        if self.tell() > 0:
            raise OSError("connection reset")
        return super().read(size)


def test_a_file_is_kept_under_its_sha256(store):
    data = b"A letter from the paediatrician"
    stored = store.add(io.BytesIO(data))
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data)
    with store.open(stored.sha256) as file:
        assert file.read() == data


def test_the_same_bytes_uploaded_twice_are_kept_once(store):
    first = store.add(io.BytesIO(b"same"))
    second = store.add(io.BytesIO(b"same"))
    assert first == second
    assert [path.name for path in store.root.rglob("*") if path.is_file()] == [first.sha256]


def test_a_file_is_read_in_chunks_never_whole(store):
    source = CountingReader(bytes(3 * CHUNK + 5))
    store.add(source)
    assert set(source.asked) == {CHUNK}


def test_a_file_changed_on_disk_is_refused_when_read(store):
    stored = store.add(io.BytesIO(b"the plan as agreed"))
    store.path(stored.sha256).write_bytes(b"the plan as changed")
    with pytest.raises(FileUnreadable, match="no longer matches"):
        store.open(stored.sha256)


def test_a_missing_file_is_refused_when_read(store):
    stored = store.add(io.BytesIO(b"report"))
    store.remove(stored.sha256)
    with pytest.raises(FileUnreadable, match="missing"):
        store.open(stored.sha256)


def test_a_name_that_is_not_a_digest_never_reaches_the_disk(store):
    with pytest.raises(FileUnreadable, match="not a SHA-256"):
        store.open("../../secret_key")


def test_an_upload_that_breaks_off_leaves_nothing_behind(store):
    with pytest.raises(OSError):
        store.add(FailingReader(bytes(3 * CHUNK)))
    assert [path for path in store.root.rglob("*") if path.is_file()] == []
