"""The document store in S3-compatible object storage, for a local authority that runs several
application servers: every server reads and writes the same bucket.

The same contract as :class:`core.documents.storage.LocalFileStore`: a file is named by its
SHA-256 and checked against it on every read, and passes through in chunks, never whole in
memory. Credentials and the region come from boto3's usual places (the environment, the
shared configuration, an instance role), never from Teamaround's settings.
"""

from __future__ import annotations

import hashlib
import tempfile
from typing import BinaryIO

from botocore.exceptions import ClientError

from core.documents.storage import CHUNK, FileUnreadable, StoredFile, copy_hashing, digest_path

# A file read from the bucket is held in memory up to this size, then on the local disk.
_IN_MEMORY = 1024 * 1024
_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3FileStore:
    """Files as objects of one bucket, under ``prefix``, named as on the disk (``ab/cd/abcd…``).

    An upload is first copied to a temporary file, hashing on the way, since the object's
    name is its digest and the digest is known only at the end; an object already there is
    not sent again. The multipart upload boto3 makes of a large file completes whole or not
    at all, so no half-file ever bears a digest.
    """

    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def key(self, sha256: str) -> str:
        return self.prefix + digest_path(sha256)

    def add(self, source: BinaryIO) -> StoredFile:
        with tempfile.TemporaryFile() as copy:
            stored = copy_hashing(source, copy)
            if not self.has(stored.sha256):
                copy.seek(0)
                self.client.upload_fileobj(copy, self.bucket, self.key(stored.sha256))
        return stored

    def open(self, sha256: str) -> BinaryIO:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))["Body"]
        except ClientError as error:
            if _code(error) in _MISSING:
                raise FileUnreadable(f"file {sha256} is missing from the store") from None
            raise
        copy = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)
        try:
            digest = hashlib.sha256()
            with body:
                for chunk in body.iter_chunks(CHUNK):
                    digest.update(chunk)
                    copy.write(chunk)
            if digest.hexdigest() != sha256:
                raise FileUnreadable(f"file {sha256} no longer matches its SHA-256")
            copy.seek(0)
        except BaseException:
            copy.close()
            raise
        return copy

    def has(self, sha256: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as error:
            if _code(error) in _MISSING:
                return False
            raise
        return True

    def remove(self, sha256: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256))


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))
