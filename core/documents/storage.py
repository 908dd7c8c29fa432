"""Where documents' bytes are kept: a store of files named by their SHA-256.

The database names a file by its digest and the store holds the bytes, so the same
photo uploaded twice is kept once, and a file changed on disk (a failing disk, a hand
that edited it) is caught on the next read instead of being served. Files pass through
in chunks, never whole in memory: a 25 MB scan costs a worker 64 KiB.

:class:`FileStore` is what the services need; :class:`LocalFileStore` keeps the files
under the instance folder; :class:`core.documents.s3.S3FileStore` keeps them in a bucket,
for several application servers.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from core.errors import TeamaroundError

CHUNK = 64 * 1024
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


class FileUnreadable(TeamaroundError):
    """A document's file is missing from the store, or no longer matches its SHA-256."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int


class FileStore(Protocol):
    def add(self, source: BinaryIO) -> StoredFile:
        """Keep the bytes read from ``source`` to its end; answers their digest and size."""

    def open(self, sha256: str) -> BinaryIO:
        """The file named by ``sha256``, checked against it, read from its start.

        Raises :class:`FileUnreadable` when it is missing or its bytes changed.
        """

    def has(self, sha256: str) -> bool:
        """Whether the store holds the file (without checking its bytes)."""

    def remove(self, sha256: str) -> None:
        """Forget the file; removing one the store does not hold is not an error."""


def copy_hashing(source: BinaryIO, target: BinaryIO) -> StoredFile:
    """Copy ``source`` to ``target`` chunk by chunk, hashing on the way."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return StoredFile(sha256=digest.hexdigest(), size=size)


def digest_path(sha256: str) -> str:
    """Where a file is kept within a store: ``ab/cd/abcd…``, so no folder holds millions.

    Raises :class:`FileUnreadable` for anything but a SHA-256 digest: a name from outside
    never reaches the disk or the bucket.
    """
    if not _DIGEST.match(sha256):
        raise FileUnreadable(f"not a SHA-256 digest: {sha256!r}")
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def sha256_of(source: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


class LocalFileStore:
    """Files in a folder of the local disk (by default ``documents/`` in the instance folder).

    A file is written under ``incoming/`` first and renamed into place once complete and
    flushed to disk, so a crash or a full disk never leaves half a file under a digest.
    """

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._incoming = self.root / "incoming"

    def __str__(self) -> str:
        return str(self.root)

    def path(self, sha256: str) -> Path:
        return self.root / digest_path(sha256)

    def add(self, source: BinaryIO) -> StoredFile:
        self._incoming.mkdir(parents=True, exist_ok=True)
        descriptor, incoming = tempfile.mkstemp(dir=self._incoming)
        try:
            with os.fdopen(descriptor, "wb") as target:
                stored = copy_hashing(source, target)
                target.flush()
                os.fsync(target.fileno())
            final = self.path(stored.sha256)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(incoming, final)
        except BaseException:
            Path(incoming).unlink(missing_ok=True)
            raise
        return stored

    def open(self, sha256: str) -> BinaryIO:
        try:
            file = self.path(sha256).open("rb")
        except FileNotFoundError:
            raise FileUnreadable(f"file {sha256} is missing from the store") from None
        try:
            if sha256_of(file) != sha256:
                raise FileUnreadable(f"file {sha256} no longer matches its SHA-256")
            file.seek(0)
        except BaseException:
            file.close()
            raise
        return file

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def remove(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)
