"""Webhook secrets, encrypted at rest with Fernet under a key derived from the instance's secret key.

A webhook's secret must be read back to sign each delivery, so unlike a token it cannot be
kept as a hash; encrypted, a copy of the database (a backup, an export) cannot forge one.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "whsec_"


def secret_box(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"teamaround webhook secrets").derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)
