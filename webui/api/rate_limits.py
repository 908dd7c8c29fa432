"""One allowance of requests per token across every API operation, shared by every process.

A bearer token is counted by its secret's hash, before anything is read, so that counting
never waits on the request's own transaction; a token that turns out not to be valid is
counted against the address it came from, so that guessing tokens is slowed like
guessing passwords. A browser session (or a request with no credentials) is counted by
its address. Counters live in Redis or memcached where ``RATELIMIT_STORAGE_URI`` names
one, else in the application's database (:class:`core.rate_limits.DatabaseStorage`).
"""

from __future__ import annotations

import hashlib
import math
import time

from flask import Flask, current_app, g
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from core.rate_limits import DatabaseStorage
from webui.database import get_engine
from webui.errors import error_response

EXTENSION = "teamaround.rate_limits"


def init_app(app: Flask) -> None:
    app.config.setdefault("API_RATE_LIMIT", "300 per minute")
    uri = app.config.get("RATELIMIT_STORAGE_URI")
    storage = storage_from_string(uri) if uri else DatabaseStorage(engine=get_engine(app))
    app.extensions[EXTENSION] = FixedWindowRateLimiter(storage)


def reset(app: Flask) -> None:
    """Forget every count (tests, and an administrator after an incident)."""
    app.extensions[EXTENSION].storage.reset()


def token_key(secret: str) -> str:
    """A token's counter: its secret hashed, so the secret never becomes a storage key."""
    return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:32]


def address_key() -> str:
    return "address:" + get_remote_address()


def spend(key: str) -> ResponseReturnValue | None:
    """Count a request under ``key``; the 429 answer when the allowance is spent, else None."""
    limiter, allowance = current_app.extensions[EXTENSION], parse(current_app.config["API_RATE_LIMIT"])
    allowed = limiter.hit(allowance, key)
    window = limiter.get_window_stats(allowance, key)
    g.rate_limit = (allowance.amount, window.remaining, math.ceil(window.reset_time))
    if allowed:
        return None
    response = error_response(429, "Too many requests for this token: slow down.")
    response.headers["Retry-After"] = str(max(1, math.ceil(window.reset_time - time.time())))
    return response


def add_headers(response):
    """Every API answer says the allowance, what is left of it and when it is renewed."""
    if (counted := g.pop("rate_limit", None)) is not None:
        limit, remaining, reset_at = counted
        response.headers["X-RateLimit-Limit"] = str(limit)
        response.headers["X-RateLimit-Remaining"] = str(remaining)
        response.headers["X-RateLimit-Reset"] = str(reset_at)
    return response
