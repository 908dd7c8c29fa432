"""Password hashing with Argon2id, at a cost chosen for this service.

The library default (64 MiB, about 100 ms here) lets a burst of logins exhaust a
small server's memory; OWASP's Argon2id minimum (19 MiB, 2 passes, 1 lane; about
18 ms here) is what ASVS level 2 asks for, so that is the production profile.
Tests use argon2-cffi's cheapest profile, never production.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, Type, profiles
from argon2.exceptions import InvalidHashError, VerificationError

PRODUCTION = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
CHEAPEST = PasswordHasher.from_parameters(profiles.CHEAPEST)

MIN_LENGTH = 12


def hasher_for(profile: str) -> PasswordHasher:
    return {"production": PRODUCTION, "cheapest": CHEAPEST}[profile]


def verify(hasher: PasswordHasher, password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash still costs one verification,
    so the time taken does not reveal whether an account exists."""
    try:
        return hasher.verify(password_hash or _dummy_hash(hasher), password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("no account has this password")
