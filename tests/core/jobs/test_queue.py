"""The job queue: every kind of background work waits in the database until done, is
retried by its kind's policy, and is never run by two workers at once."""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.db import make_engine, make_session_factory
from core.jobs import queue
from core.jobs.queue import GiveUp, JobKind, RetryPolicy
from core.migrations import upgrade
from core.models import Job
from core.types import utcnow


class Worker:
    """A kind of job that records each payload it runs, and fails while told to."""

    def __init__(self, name="test.record", retry=RetryPolicy(attempts=3)):
        self.ran, self.failing = [], None
        self.kind = JobKind(name, self.run, retry)

    def run(self, sessions, payload):
        self.ran.append(payload)
        if self.failing:
            raise self.failing


@pytest.fixture
def sessions(connection):
    """Sessions as ``teamaround jobs run`` opens them, inside the test's transaction."""
    return make_session_factory(connection)


@pytest.fixture
def worker():
    return Worker()


def waiting(db):
    db.expire_all()
    return db.scalars(select(Job).order_by(Job.id)).all()


def test_a_queued_job_is_run_with_its_payload_and_then_gone(db, sessions, worker):
    queue.enqueue(db, worker.kind.name, {"document_version": 7})
    assert queue.run_due(sessions, [worker.kind]) == queue.Outcome(done=1)
    assert worker.ran == [{"document_version": 7}]
    assert waiting(db) == []


def test_work_asked_for_again_while_it_waits_is_queued_once(db, sessions, worker):
    assert queue.enqueue(db, worker.kind.name, {"document_version": 7}) is not None
    assert queue.enqueue(db, worker.kind.name, {"document_version": 7}) is None
    queue.run_due(sessions, [worker.kind])
    assert worker.ran == [{"document_version": 7}]


def test_a_failed_job_waits_out_its_back_off_before_it_is_tried_again(db, sessions, worker):
    queue.enqueue(db, worker.kind.name, {"n": 1})
    worker.failing = OSError("disk full")
    assert queue.run_due(sessions, [worker.kind]) == queue.Outcome(failed=1)
    assert queue.run_due(sessions, [worker.kind]) == queue.Outcome()
    [job] = waiting(db)
    assert (job.attempts, job.last_error, job.given_up_at) == (1, "OSError: disk full", None)
    assert job.next_attempt_at > utcnow() + timedelta(seconds=50)


def test_a_job_is_tried_again_once_its_back_off_has_passed(db, sessions, worker):
    queue.enqueue(db, worker.kind.name, {"n": 1})
    worker.failing = OSError("disk full")
    queue.run_due(sessions, [worker.kind])
    db.execute(update(Job).values(next_attempt_at=utcnow()))
    worker.failing = None
    assert queue.run_due(sessions, [worker.kind]) == queue.Outcome(done=1)
    assert waiting(db) == []


def test_each_kind_gives_up_after_its_own_number_of_attempts(db, sessions):
    patient, hasty = Worker("test.patient", RetryPolicy(attempts=3)), Worker("test.hasty", RetryPolicy(attempts=1))
    for each in (patient, hasty):
        queue.enqueue(db, each.kind.name, {})
        each.failing = OSError("unreachable")
    for _ in range(3):
        queue.run_due(sessions, [patient.kind, hasty.kind])
        db.execute(update(Job).values(next_attempt_at=utcnow()))
    assert (len(patient.ran), len(hasty.ran)) == (3, 1)
    assert all(job.given_up_at is not None for job in waiting(db))


def test_a_job_given_up_stays_with_its_last_error_for_a_person_to_see(db, sessions):
    once = Worker(retry=RetryPolicy(attempts=1))
    queue.enqueue(db, once.kind.name, {})
    once.failing = OSError("no such file")
    assert queue.run_due(sessions, [once.kind]) == queue.Outcome(given_up=1)
    [job] = waiting(db)
    assert job.last_error == "OSError: no such file" and job.given_up_at is not None
    assert queue.run_due(sessions, [once.kind]) == queue.Outcome()


def test_a_job_that_cannot_succeed_is_given_up_at_once(db, sessions, worker):
    queue.enqueue(db, worker.kind.name, {})
    worker.failing = GiveUp("not a PDF after all")
    assert queue.run_due(sessions, [worker.kind]) == queue.Outcome(given_up=1)
    assert len(worker.ran) == 1


def test_a_job_whose_worker_died_is_run_again_once_its_lease_runs_out(db, sessions, worker):
    queue.enqueue(db, worker.kind.name, {"n": 1})
    worker.failing = KeyboardInterrupt()  # the process stops in the middle of the job
    with pytest.raises(KeyboardInterrupt):
        queue.run_due(sessions, [worker.kind])
    worker.failing = None
    assert queue.run_due(sessions, [worker.kind]) == queue.Outcome()
    db.execute(update(Job).values(claimed_until=utcnow()))
    assert queue.run_due(sessions, [worker.kind]) == queue.Outcome(done=1)
    assert len(worker.ran) == 2


def test_a_job_that_kills_its_worker_every_time_is_given_up(db, sessions):
    deadly = Worker(retry=RetryPolicy(attempts=2))
    queue.enqueue(db, deadly.kind.name, {})
    deadly.failing = KeyboardInterrupt()
    for _ in range(2):
        with pytest.raises(KeyboardInterrupt):
            queue.run_due(sessions, [deadly.kind])
        db.execute(update(Job).values(claimed_until=utcnow()))
    assert queue.run_due(sessions, [deadly.kind]) == queue.Outcome()
    [job] = waiting(db)
    assert job.given_up_at is not None and "stopped" in job.last_error


def test_a_job_of_a_kind_this_worker_does_not_know_waits_for_one_that_does(db, sessions, worker):
    other = Worker("test.other")
    queue.enqueue(db, other.kind.name, {})
    assert queue.run_due(sessions, [worker.kind]) == queue.Outcome()
    assert queue.run_due(sessions, [other.kind]) == queue.Outcome(done=1)


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_queued_work_outlives_a_restart(fresh_url, worker):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    with make_session_factory(engine)() as db, db.begin():
        queue.enqueue(db, worker.kind.name, {"n": 1})
    engine.dispose()
    restarted = make_engine(fresh_url)
    assert queue.run_due(make_session_factory(restarted), [worker.kind]) == queue.Outcome(done=1)
    restarted.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_two_workers_at_once_never_run_the_same_job(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    sessions = make_session_factory(engine)
    with sessions() as db, db.begin():
        for n in range(20):
            queue.enqueue(db, "test.slow", {"n": n})
    ran, lock = [], threading.Lock()

    def slowly(_sessions, payload):
        time.sleep(0.01)
        with lock:
            ran.append(payload["n"])

    kind = JobKind("test.slow", slowly)
    workers = [threading.Thread(target=queue.run_due, args=(sessions, [kind])) for _ in range(2)]
    for each in workers:
        each.start()
    for each in workers:
        each.join()
    engine.dispose()
    assert sorted(ran) == list(range(20))


def test_the_jobs_given_up_are_listed_with_their_last_error(db, sessions):
    once = Worker(retry=RetryPolicy(attempts=1))
    queue.enqueue(db, once.kind.name, {"n": 1})
    once.failing = OSError("bucket unreachable")
    queue.run_due(sessions, [once.kind])
    db.expire_all()
    assert [(job.payload, job.last_error) for job in queue.given_up(db)] == [({"n": 1}, "OSError: bucket unreachable")]


def test_a_job_given_up_and_queued_again_runs_with_its_attempts_afresh(db, sessions):
    once = Worker(retry=RetryPolicy(attempts=1))
    queue.enqueue(db, once.kind.name, {"n": 1})
    once.failing = OSError("bucket unreachable")
    queue.run_due(sessions, [once.kind])
    assert queue.retry_given_up(db) == 1
    once.failing = None
    assert queue.run_due(sessions, [once.kind]) == queue.Outcome(done=1)
    assert waiting(db) == []


@pytest.fixture
def job_lines(caplog):
    caplog.set_level("INFO", logger=queue.__name__)
    return lambda: [record for record in caplog.records if record.name == queue.__name__ and record.msg == "job"]


def test_each_job_done_is_one_log_line_with_its_kind_outcome_and_time(db, sessions, worker, job_lines):
    job = queue.enqueue(db, worker.kind.name, {"n": 1})
    queue.run_due(sessions, [worker.kind])
    [line] = job_lines()
    assert (line.job_id, line.kind, line.outcome, line.error) == (job.id, worker.kind.name, "done", None)
    assert line.duration_ms >= 0


def test_a_failed_jobs_line_names_the_type_of_its_error_not_its_words(db, sessions, worker, job_lines):
    queue.enqueue(db, worker.kind.name, {"n": 1})
    worker.failing = OSError("cannot read 'Sam Okafor report.pdf'")
    queue.run_due(sessions, [worker.kind])
    [line] = job_lines()
    assert (line.outcome, line.error, line.levelname) == ("failed", "OSError", "WARNING")
    assert "Okafor" not in str(vars(line))
