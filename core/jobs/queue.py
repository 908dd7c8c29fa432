"""One queue for every kind of background work, in the database, on the mail outbox's model.

Work is queued in the transaction of the change that needs it, so it exists exactly when
the change does, and it stays in the ``jobs`` table until done: a restart, a crash or a
deploy loses nothing. ``teamaround jobs run`` does what is due, one job at a time, in
three steps, none of them holding a transaction while the work runs (so SQLite's one
write lock is never held while a PDF page is drawn):

1. **Claim.** One worker takes one due job on a lease (``claimed_by``, ``claimed_until``)
   in a short transaction: on SQLite that transaction holds the write lock from its start
   (``BEGIN IMMEDIATE``, see :mod:`core.db`), on PostgreSQL the row is locked with ``FOR
   UPDATE SKIP LOCKED``, so two workers never take the same job. The claim counts an attempt.
2. **Run.** The kind's function runs with the job's payload, opening what transactions it needs.
3. **Finish.** Done: the job is deleted. Failed: it waits out its kind's back-off and is
   tried again, until its kind's attempts are used up; then ``given_up_at`` keeps it,
   with its last error, for a person to look at. A kind raises :class:`GiveUp` when trying
   again cannot help (a file that is not what it claims to be).

A worker that dies leaves a lease that runs out; the job is then claimed again, and its
attempt was counted, so a job that kills its worker every time is given up too. A job may
therefore run more than once: every kind's work must be safe to repeat.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from core.models import Job
from core.types import utcnow

log = logging.getLogger(__name__)

Sessions = Callable[[], Session]


@dataclass(frozen=True)
class RetryPolicy:
    """How often a kind of job is tried and how long it waits between tries: doubling from
    ``first_wait`` up to ``longest_wait``."""

    attempts: int = 5
    first_wait: timedelta = timedelta(minutes=1)
    longest_wait: timedelta = timedelta(hours=6)
    # Longer than one run of the job can take: a lease that runs out hands the job to another worker.
    lease: timedelta = timedelta(minutes=10)

    def wait(self, attempts: int) -> timedelta:
        return min(self.first_wait * 2 ** max(attempts - 1, 0), self.longest_wait)


@dataclass(frozen=True)
class JobKind:
    """A kind of background work: its name in the queue, what does it, and its retry policy."""

    name: str
    run: Callable[[Sessions, dict[str, Any]], None]
    retry: RetryPolicy = RetryPolicy()


class GiveUp(Exception):
    """The job cannot succeed however often it is tried: give it up now, with this reason."""


@dataclass(frozen=True)
class Outcome:
    done: int = 0
    failed: int = 0
    given_up: int = 0


def enqueue(db: Session, kind: str, payload: dict[str, Any], *, key: str | None = None) -> Job | None:
    """Queue a job in the caller's transaction; one with the same ``key`` (by default the kind
    and payload) still waiting is not queued again."""
    key = key or f"{kind}:{json.dumps(payload, sort_keys=True)}"[:200]
    waiting = select(Job.id).where(Job.key == key, Job.given_up_at.is_(None))
    if db.scalar(waiting.limit(1)) is not None:
        return None
    job = Job(kind=kind, key=key, payload=payload, created_at=utcnow(), next_attempt_at=utcnow(), attempts=0,
              last_error="")
    db.add(job)
    db.flush()
    return job


def run_due(sessions: Sessions, kinds: Iterable[JobKind], *, limit: int = 100) -> Outcome:
    """Do the jobs of ``kinds`` that are due, one at a time, at most ``limit`` of them; jobs
    of other kinds are left for a worker that knows them."""
    by_name = {kind.name: kind for kind in kinds}
    worker = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"[-100:]
    done = failed = given_up = 0
    for _ in range(limit):
        with sessions() as db, db.begin():
            claimed = _claim_next(db, by_name, worker, utcnow())
        if claimed is None:
            break
        job_id, kind, payload = claimed
        started = time.perf_counter()
        try:
            kind.run(sessions, payload)
        except Exception as error:
            with sessions() as db, db.begin():
                gave_up = _fail(db, job_id, kind, worker, error)
            given_up += gave_up
            failed += not gave_up
            _log(job_id, kind, started, "given up" if gave_up else "failed", error)
        else:
            with sessions() as db, db.begin():
                db.execute(delete(Job).where(Job.id == job_id, Job.claimed_by == worker))
            done += 1
            _log(job_id, kind, started, "done")
    return Outcome(done=done, failed=failed, given_up=given_up)


def _log(job_id: int, kind: JobKind, started: float, outcome: str, error: Exception | None = None) -> None:
    """One line per job for the operator's log: its id, kind, outcome and time, and of an
    error only its type: its words may quote a document's name (``jobs given-up`` shows them)."""
    log.log(logging.WARNING if error else logging.INFO, "job", extra={
        "job_id": job_id, "kind": kind.name, "outcome": outcome,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "error": type(error).__name__ if error else None,
    })


def _claim_next(
    db: Session, kinds: dict[str, JobKind], worker: str, now: datetime
) -> tuple[int, JobKind, dict[str, Any]] | None:
    """Lease the oldest due job of ``kinds`` to ``worker``, giving up on any whose attempts
    were all used by workers that died."""
    statement = (
        select(Job)
        .where(
            Job.kind.in_(kinds),
            Job.given_up_at.is_(None),
            Job.next_attempt_at <= now,
            or_(Job.claimed_until.is_(None), Job.claimed_until <= now),
        )
        .order_by(Job.next_attempt_at, Job.id)
        .limit(1)
    )
    if db.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    while (job := db.scalar(statement)) is not None and job.attempts >= kinds[job.kind].retry.attempts:
        job.given_up_at, job.claimed_by, job.claimed_until = now, None, None
        job.last_error = job.last_error or "The worker running it stopped before it finished, every time."
        db.flush()
    if job is None:
        return None
    job.claimed_by, job.claimed_until = worker, now + kinds[job.kind].retry.lease
    job.attempts += 1
    db.flush()
    return job.id, kinds[job.kind], dict(job.payload)


def _fail(db: Session, job_id: int, kind: JobKind, worker: str, error: Exception) -> bool:
    """Give the job back to wait out its back-off, or give it up; True when given up."""
    job = db.get(Job, job_id)
    if job is None or job.claimed_by != worker:
        return False  # another worker took it over when this one's lease ran out
    now = utcnow()
    job.last_error = f"{type(error).__name__}: {error}"[:2000]
    job.claimed_by = job.claimed_until = None
    if isinstance(error, GiveUp) or job.attempts >= kind.retry.attempts:
        job.given_up_at = now
        return True
    job.next_attempt_at = now + kind.retry.wait(job.attempts)
    return False


def given_up(db: Session) -> list[Job]:
    """The jobs given up, oldest first, with their last errors: for an operator to look at."""
    return list(db.scalars(select(Job).where(Job.given_up_at.is_not(None)).order_by(Job.given_up_at, Job.id)))


def retry_given_up(db: Session) -> int:
    """Queue every job given up again, with its attempts afresh (once what stopped it is mended);
    returns how many."""
    return db.execute(
        update(Job)
        .where(Job.given_up_at.is_not(None))
        .values(given_up_at=None, attempts=0, next_attempt_at=utcnow(), claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    ).rowcount
