"""A storage for the ``limits`` library in the application's own database.

With several processes serving, each must count against the same allowance, or N
processes serve N times the limit. Redis or memcached do that where one is configured;
otherwise the counters live here, in a table every process shares. ``incr`` is one
INSERT ... ON CONFLICT DO UPDATE statement, atomic on PostgreSQL and SQLite alike, in a
transaction of its own: a count stands whether the request it counted succeeds or not.
Only fixed windows are supported (the ``limits`` default strategy).
"""

from __future__ import annotations

import time

from limits.storage import Storage
from sqlalchemy import Engine, Insert, bindparam, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from core.db import READ_ONLY
from core.models.rate_limits import RateLimitCounter

_COUNTERS = RateLimitCounter.__table__


def _count_statement(insert) -> Insert:
    """The upsert that counts: built once for each dialect, since putting it together on
    every API request cost about as much as running it."""
    ended = _COUNTERS.c.expires_at <= bindparam("now")
    amount, renewed_to = bindparam("amount"), bindparam("renewed_to")
    return (
        insert(_COUNTERS)
        .values(key=bindparam("key"), hits=amount, expires_at=renewed_to)
        .on_conflict_do_update(
            index_elements=[_COUNTERS.c.key],
            set_={
                "hits": case((ended, amount), else_=_COUNTERS.c.hits + amount),
                "expires_at": case((ended, renewed_to), else_=_COUNTERS.c.expires_at),
            },
        )
        .returning(_COUNTERS.c.hits, _COUNTERS.c.expires_at)
    )


_COUNT = {"postgresql": _count_statement(postgresql.insert), "sqlite": _count_statement(sqlite.insert)}


class DatabaseStorage(Storage):
    """Counters in the ``rate_limit_counters`` table: a ``limits`` storage for fixed windows."""

    STORAGE_SCHEME = ["teamaround+database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, *, engine: Engine, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.engine = engine

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Count ``amount`` more under ``key``, starting a new window of ``expiry`` seconds if the last one ended."""
        return self.count(key, expiry, amount)[0]

    def count(self, key: str, expiry: float, amount: int = 1) -> tuple[int, float]:
        """:meth:`incr`, with when the key's window ends (what :meth:`get_expiry` would read next),
        from the same statement: one round trip where the API's every request made two."""
        now = time.time()
        values = {"key": key, "amount": amount, "now": now, "renewed_to": now + expiry}
        with self.engine.begin() as connection:
            hits, expires_at = connection.execute(_COUNT[self.engine.dialect.name], values).one()
        if hits == amount:
            self._forget_ended_windows(now)
        return hits, expires_at

    def get(self, key: str) -> int:
        row = self._counter(key)
        return row.hits if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._counter(key)
        return row.expires_at if row is not None and row.expires_at > time.time() else time.time()

    def check(self) -> bool:
        with self._reading() as connection:
            connection.execute(select(1))
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(delete(_COUNTERS)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(_COUNTERS).where(_COUNTERS.c.key == key))

    def _forget_ended_windows(self, now: float) -> None:
        """Delete the counters whose window has ended, whenever a key starts a window, so that
        keys seen once (a guessed token, a passing address) do not pile up. In a transaction
        of its own, after the count: a delete waiting on another's rows holds none of its own."""
        with self.engine.begin() as connection:
            connection.execute(delete(_COUNTERS).where(_COUNTERS.c.expires_at < now))

    def _counter(self, key: str):
        with self._reading() as connection:
            return connection.execute(
                select(_COUNTERS.c.hits, _COUNTERS.c.expires_at).where(_COUNTERS.c.key == key)
            ).first()

    def _reading(self):
        # On SQLite a read begins no transaction: it never waits for, nor holds, the write lock.
        return self.engine.connect().execution_options(**{READ_ONLY: True})
