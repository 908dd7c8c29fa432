"""The document store keeps files by their SHA-256, streams them, and never serves changed bytes,
on the local disk and in S3-compatible object storage alike."""

import hashlib
import io

import pytest

from core.documents.s3 import S3FileStore
from core.documents.storage import CHUNK, FileUnreadable, LocalFileStore


class OnDisk:
    """A store on the local disk, with what a test needs to look behind it."""

    def __init__(self, tmp_path):
        self.store = LocalFileStore(tmp_path / "documents")

    def kept(self):
        return sorted(path.name for path in self.store.root.rglob("*") if path.is_file())

    def overwrite(self, sha256, data):
        self.store.path(sha256).write_bytes(data)


class InBucket:
    """A store in a bucket of the test S3 server."""

    def __init__(self, client, bucket):
        self.client, self.bucket = client, bucket
        self.store = S3FileStore(client, bucket, prefix="documents/")

    def kept(self):
        listed = self.client.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return sorted(item["Key"].rsplit("/", 1)[-1] for item in listed)

    def overwrite(self, sha256, data):
        self.client.put_object(Bucket=self.bucket, Key=self.store.key(sha256), Body=data)


@pytest.fixture(params=["local disk", "S3"])
def kept(request, tmp_path):
    if request.param == "S3":
        return InBucket(*request.getfixturevalue("s3_bucket"))
    return OnDisk(tmp_path)


@pytest.fixture
def store(kept):
    return kept.store


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


def test_the_same_bytes_uploaded_twice_are_kept_once(store, kept):
    first = store.add(io.BytesIO(b"same"))
    second = store.add(io.BytesIO(b"same"))
    assert first == second
    assert kept.kept() == [first.sha256]


def test_a_file_larger_than_a_chunk_comes_back_whole(store):
    data = bytes(range(256)) * (5 * CHUNK // 256) + b"end"
    stored = store.add(io.BytesIO(data))
    with store.open(stored.sha256) as file:
        assert file.read() == data


def test_a_file_is_read_in_chunks_never_whole(store):
    source = CountingReader(bytes(3 * CHUNK + 5))
    store.add(source)
    assert set(source.asked) == {CHUNK}


def test_a_file_changed_in_the_store_is_refused_when_read(store, kept):
    stored = store.add(io.BytesIO(b"the plan as agreed"))
    kept.overwrite(stored.sha256, b"the plan as changed")
    with pytest.raises(FileUnreadable, match="no longer matches"):
        store.open(stored.sha256)


def test_a_missing_file_is_refused_when_read(store):
    stored = store.add(io.BytesIO(b"report"))
    store.remove(stored.sha256)
    with pytest.raises(FileUnreadable, match="missing"):
        store.open(stored.sha256)


def test_the_store_says_whether_it_holds_a_file(store):
    stored = store.add(io.BytesIO(b"report"))
    assert store.has(stored.sha256)
    store.remove(stored.sha256)
    assert not store.has(stored.sha256)


def test_removing_a_file_the_store_does_not_hold_is_not_an_error(store):
    store.remove(hashlib.sha256(b"never kept").hexdigest())


def test_a_name_that_is_not_a_digest_never_reaches_the_store(store):
    with pytest.raises(FileUnreadable, match="not a SHA-256"):
        store.open("../../secret_key")


def test_an_upload_that_breaks_off_leaves_nothing_behind(store, kept):
    with pytest.raises(OSError):
        store.add(FailingReader(bytes(3 * CHUNK)))
    assert kept.kept() == []
