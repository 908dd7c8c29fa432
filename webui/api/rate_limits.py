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
import threading
import time

from flask import Flask, current_app, g, request
from flask.typing import ResponseReturnValue
from limits import parse
from limits.storage import MemoryStorage, storage_from_string

from core.people.throttle import network_of
from core.rate_limits import DatabaseStorage
from webui.database import get_engine
from webui.errors import error_response

EXTENSION = "teamaround.rate_limits"


def init_app(app: Flask) -> None:
    app.config.setdefault("API_RATE_LIMIT", "300 per minute")
    uri = app.config.get("RATELIMIT_STORAGE_URI")
    storage = storage_from_string(uri) if uri else DatabaseStorage(engine=get_engine(app))
    app.extensions[EXTENSION] = storage


def reset(app: Flask) -> None:
    """Forget every count (tests, and an administrator after an incident)."""
    app.extensions[EXTENSION].reset()


def token_key(secret: str) -> str:
    """A token's counter: its secret hashed, so the secret never becomes a storage key."""
    return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:32]


def address_key() -> str:
    """An address's counter: an IPv6 client as its /64 network, as the login throttle counts it."""
    return "address:" + network_of(request.remote_addr or "unknown")


def before_the_transaction() -> None:
    """Refuse to count inside the request's transaction: on SQLite it may hold the one write
    lock, which the counter, written on a connection of its own, would wait out and fail."""
    if (db := g.get("db")) is not None and db.in_transaction():
        raise RuntimeError("a request is counted before its transaction begins")


def spend(key: str) -> ResponseReturnValue | None:
    """Count a request under ``key``; the 429 answer when the allowance is spent, else None."""
    before_the_transaction()
    storage, allowance = current_app.extensions[EXTENSION], parse(current_app.config["API_RATE_LIMIT"])
    # A fixed window, as limits' FixedWindowRateLimiter counts it (incr, then compare), with the
    # count kept for the headers: its get_window_stats would read the counter twice more on
    # every API request.
    counter = allowance.key_for(key)
    hits, reset_at = _count(storage, counter, allowance.get_expiry())
    g.rate_limit = (allowance.amount, max(0, allowance.amount - hits), math.ceil(reset_at))
    if hits <= allowance.amount:
        return None
    response = error_response(429, "Too many requests for this token: slow down.")
    response.headers["Retry-After"] = str(max(1, math.ceil(reset_at - time.time())))
    return response


def _count(storage, counter: str, expiry: int) -> tuple[int, float]:
    """The count under ``counter`` with this request, and when its window ends: from the
    database's counters in one statement (:meth:`DatabaseStorage.count`), else as ``limits``
    asks Redis or memcached, the count and then its expiry. ``limits``' own memory store
    (``memory://``, the tests') is asked one thread at a time: two threads counting at once
    could both start its timer of expiries, and the second failed the request (500)."""
    if isinstance(storage, DatabaseStorage):
        return storage.count(counter, expiry)
    if isinstance(storage, MemoryStorage):
        with _ONE_THREAD_AT_A_TIME:
            return storage.incr(counter, expiry), storage.get_expiry(counter)
    return storage.incr(counter, expiry), storage.get_expiry(counter)


_ONE_THREAD_AT_A_TIME = threading.Lock()


def add_headers(response):
    """Every API answer says the allowance, what is left of it and when it is renewed."""
    if (counted := g.pop("rate_limit", None)) is not None:
        limit, remaining, reset_at = counted
        response.headers["X-RateLimit-Limit"] = str(limit)
        response.headers["X-RateLimit-Remaining"] = str(remaining)
        response.headers["X-RateLimit-Reset"] = str(reset_at)
    return response
