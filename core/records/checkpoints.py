"""Signed checkpoints of the audit chain, kept outside the database.

The hash chain shows an event altered or removed in the middle, but whoever can write
the database can also rewrite every hash after a change, cut off the newest events or
empty the table, and the chain still holds. A checkpoint (how many events, the newest
one's id and hash, when) signed with an Ed25519 key that the database never holds, and
appended to a file outside it on a schedule, pins the chain as it was: verifying it
later shows a rewrite, a truncation or an emptying of anything it covered.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from core.models import AuditEvent, Child, Person
from core.records import audit

# Signed in front of every checkpoint, so that a signature made with the same key for
# any other purpose can never pass for a checkpoint.
_PURPOSE = b"teamaround audit checkpoint\n"


class CheckpointError(Exception):
    """A key or a checkpoint that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Checkpoint:
    """The chain as it stood at ``at``: ``count`` events, the newest ``newest_id`` with ``newest_hash``."""

    count: int
    newest_id: int | None
    newest_hash: str
    at: datetime

    def signed_bytes(self) -> bytes:
        content = {
            "count": self.count,
            "newest_id": self.newest_id,
            "newest_hash": self.newest_hash,
            "at": self.at.isoformat(timespec="microseconds"),
        }
        return _PURPOSE + json.dumps(content, sort_keys=True, separators=(",", ":")).encode()


def make_signing_key(path: Path) -> Path:
    """Write a new signing key to ``path`` (readable by its owner only) and its public half
    to ``path.pub``; never overwrite either, since checkpoints signed with a lost key can no
    longer be checked. Returns the public key's path."""
    public_path = path.with_name(path.name + ".pub")
    for target in (path, public_path):
        if target.exists():
            raise CheckpointError(f"{target} already exists: a key is never overwritten.")
    key = Ed25519PrivateKey.generate()
    _write_new(
        path,
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
        mode=0o600,
    )
    _write_new(
        public_path,
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
        mode=0o644,
    )
    return public_path


def _write_new(path: Path, content: bytes, *, mode: int) -> None:
    # O_EXCL: the refusal to overwrite holds even against a file made a moment ago.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise CheckpointError(f"{path} already exists: a key is never overwritten.") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    key = _load_pem(path, private=True)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} holds no Ed25519 private key.")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The key that checks signatures, from a public key file or from the signing key itself."""
    try:
        key = _load_pem(path, private=False)
    except CheckpointError:
        key = load_signing_key(path).public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(f"{path} holds no Ed25519 key.")
    return key


def _load_pem(path: Path, *, private: bool):
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CheckpointError(f"Cannot read the key {path}: {error.strerror}.") from None
    try:
        if private:
            return serialization.load_pem_private_key(data, password=None)
        return serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise CheckpointError(f"{path} holds no key in PEM form.") from None


def take(db: Session, at: datetime) -> Checkpoint:
    """The chain as it stands: one statement, so the count and the newest event agree."""
    count = select(func.count()).select_from(AuditEvent).scalar_subquery()
    newest = db.execute(select(AuditEvent.id, AuditEvent.hash, count).order_by(AuditEvent.id.desc()).limit(1)).first()
    if newest is None:
        return Checkpoint(count=0, newest_id=None, newest_hash=audit.GENESIS, at=at)
    return Checkpoint(count=newest[2], newest_id=newest[0], newest_hash=newest[1], at=at)


def write(db: Session, path: Path, key: Ed25519PrivateKey, at: datetime) -> Checkpoint:
    """Sign the chain as it stands and append it to ``path``, on disk before this returns."""
    checkpoint = take(db, at)
    line = {
        "count": checkpoint.count,
        "newest_id": checkpoint.newest_id,
        "newest_hash": checkpoint.newest_hash,
        "at": checkpoint.at.isoformat(timespec="microseconds"),
        "signature": base64.b64encode(key.sign(checkpoint.signed_bytes())).decode(),
    }
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(line, sort_keys=True) + "\n")
        file.flush()
        os.fsync(file.fileno())
    return checkpoint


def newest_at(path: Path) -> datetime | None:
    """When the newest checkpoint in ``path`` was taken, unverified (``audit verify`` checks
    signatures): for an operator's check that the schedule runs. None when there is none."""
    try:
        lines = path.read_text().splitlines()
        return datetime.fromisoformat(json.loads(lines[-1])["at"]) if lines else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_line(line: str, public_key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint on one line of the file, if its signature holds."""
    try:
        fields = json.loads(line)
        checkpoint = Checkpoint(
            count=_whole_number(fields["count"]),
            newest_id=None if fields["newest_id"] is None else _whole_number(fields["newest_id"]),
            newest_hash=str(fields["newest_hash"]),
            at=datetime.fromisoformat(fields["at"]),
        )
        signature = base64.b64decode(fields["signature"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise CheckpointError("not a checkpoint (unreadable or incomplete)") from None
    try:
        public_key.verify(signature, checkpoint.signed_bytes())
    except InvalidSignature:
        raise CheckpointError("its signature does not hold (forged or altered, or signed with another key)") from None
    return checkpoint


def _whole_number(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(value)
    return value


def verify(
    db: Session,
    *,
    checkpoints: Path | None = None,
    public_key: Ed25519PublicKey | None = None,
    expect_head: str | None = None,
) -> Iterator[str]:
    """Every way the audit log does not hold, one sentence each: its hash chain, an empty
    log in a database in use, each checkpoint in the file ``checkpoints`` (checked with
    ``public_key``), and the newest hash, where the caller recorded it elsewhere."""
    for chain_break in audit.verify_chain(db):
        yield f"event {chain_break.event_id}: {chain_break.reason}"
    if emptied(db):
        yield "The audit log is empty, but the database records people or children: the log was emptied."
    if checkpoints is not None:
        yield from verify_checkpoints(db, checkpoints, public_key)
    newest = audit.head(db)
    if expect_head is not None and newest != expect_head.strip().lower():
        yield f"The newest hash is {newest}, not the expected {expect_head.strip()}."


def verify_checkpoints(db: Session, path: Path, public_key: Ed25519PublicKey) -> Iterator[str]:
    """Every checkpoint in the file at ``path`` that is unreadable, forged, or no longer
    matches the chain, one sentence each."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        yield f"There are no checkpoints at {path}: none was written there yet, or the file was removed."
        return
    except OSError as error:
        yield f"Cannot read the checkpoints {path}: {error.strerror}."
        return
    readable = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            readable.append((number, read_line(line, public_key)))
        except CheckpointError as error:
            yield f"{path}, line {number}: {error}."
    if not any(line.strip() for line in lines):
        yield f"{path} holds no checkpoint."
    yield from _against_chain(db, path, readable)


def _against_chain(db: Session, path: Path, readable: list[tuple[int, Checkpoint]]) -> Iterator[str]:
    # Counting the events between one checkpoint's newest event and the next one's reads
    # each event once, however many checkpoints there are.
    counted_up_to, counted = 0, 0
    for number, checkpoint in sorted(readable, key=lambda item: item[1].newest_id or 0):
        if checkpoint.newest_id is None:
            continue
        if checkpoint.newest_id > counted_up_to:
            counted += db.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.id > counted_up_to, AuditEvent.id <= checkpoint.newest_id)
            )
            counted_up_to = checkpoint.newest_id
        where = f"{path}, line {number}"
        signed = f"signed at {checkpoint.at.isoformat(timespec='seconds')}"
        now = db.scalar(select(AuditEvent.hash).where(AuditEvent.id == checkpoint.newest_id))
        if now is None:
            yield (
                f"{where}: event {checkpoint.newest_id}, the newest when the checkpoint was {signed}, "
                "is gone (the log was truncated or emptied)."
            )
        elif now != checkpoint.newest_hash:
            yield (
                f"{where}: event {checkpoint.newest_id} no longer has the hash {signed} "
                "(the chain was rewritten)."
            )
        if counted != checkpoint.count:
            yield (
                f"{where}: {counted} events up to event {checkpoint.newest_id}, where the checkpoint "
                f"{signed} counted {checkpoint.count} (events were removed or inserted)."
            )


def emptied(db: Session) -> bool:
    """Whether the audit log is empty although the database records people or children:
    creating them and every use since are audited, so such a log was emptied."""
    if db.scalar(select(AuditEvent.id).limit(1)) is not None:
        return False
    return bool(db.scalar(select(exists(select(Person.id)) | exists(select(Child.id)))))

