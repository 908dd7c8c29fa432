"""Authenticator apps' shared secrets, encrypted at rest with Fernet.

A copy of the database (a backup, an export) holds no secret that makes codes: the key
lives in the settings, never beside the data. Without a key of its own
(TEAMAROUND_SECOND_FACTOR_KEY, a Fernet key) one is derived from the instance's secret
key with HKDF, so a single server needs no extra setting.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def secret_box(factor_key: str | None, secret_key: str) -> Fernet:
    """The cipher for second factors' secrets: ``factor_key`` if set, else one derived from ``secret_key``."""
    if factor_key:
        return Fernet(factor_key)
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"teamaround second factors").derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))
