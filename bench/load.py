"""32 people reading and writing at once for 60 s against ``teamaround serve``: no request may
fail, and every write the server acknowledged must be in the database afterwards.

Each simulated user is a parent reading their child's timeline page (session cookie), or the
child's class teacher reading the timeline through the API and posting updates (bearer
token): 40% pages, 40% API reads, 20% API writes. Every posted title is unique, so the check
afterwards is a set comparison. Users are Python threads, one connection per request.

    .venv/bin/python bench/load.py [--seconds 60] [--users 32] [--database postgresql]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import harness
from sqlalchemy import create_engine, select

from core.models import Membership, Person, TimelineEntry
from webui.cli import THREADS_PER_WORKER, default_workers

MIX = (("page", 0.4), ("api read", 0.4), ("api write", 0.2))
MAX_REQUESTS_PER_USER = 100_000  # a bound besides the clock
WORKERS, THREADS = default_workers(), THREADS_PER_WORKER  # teamaround serve's defaults


@dataclass
class Tally:
    """What the users saw, filled in by their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    errors: list = field(default_factory=list)
    acknowledged: set = field(default_factory=set)


@dataclass
class Outcome:
    """One load run: the users' tally, and what the database holds afterwards."""

    tally: Tally
    elapsed: float
    rss_mb: list[float]
    stored: set[str]
    log: str

    @property
    def lost(self) -> set[str]:
        return self.tally.acknowledged - self.stored


def teacher_tokens(url: str, children: list[int], tree: Path) -> dict[int, str]:
    """An API token of each child's class teacher, made by ``tree``'s own code."""
    engine = create_engine(url)
    with engine.connect() as connection:
        teachers = {
            child_id: connection.scalars(
                select(Person.email)
                .join(Membership, Membership.person_id == Person.id)
                .where(Membership.child_id == child_id, Membership.role == "class_teacher")
                .order_by(Person.id)
            ).first()
            for child_id in set(children)
        }
    engine.dispose()
    return dict(zip(teachers, harness.api_tokens(tree, url, list(teachers.values())), strict=True))


def request(base, path, *, cookie=None, token=None, body=None) -> int:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if cookie:
        headers["Cookie"] = cookie
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    sent = urllib.request.Request(base + path, data=data, headers=headers)
    with harness.NO_REDIRECTS.open(sent, timeout=30) as answer:
        answer.read()
        return answer.status


def user(number, base, child_id, cookie, token, deadline, tally) -> None:
    rng = random.Random(number)
    kinds, weights = zip(*MIX, strict=True)
    for count in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            return
        kind = rng.choices(kinds, weights)[0]
        title = f"load {number}-{count}"
        expected = 201 if kind == "api write" else 200
        started = time.perf_counter()
        try:
            if kind == "page":
                status = request(base, f"/children/{child_id}", cookie=cookie)
            elif kind == "api read":
                status = request(base, f"/api/v1/children/{child_id}/timeline", token=token)
            else:
                status = request(
                    base,
                    f"/api/v1/children/{child_id}/timeline",
                    token=token,
                    body={"kind": "update", "title": title, "body": "Posted under load."},
                )
        except (OSError, urllib.error.HTTPError) as error:
            status = f"{type(error).__name__}: {error}"
        elapsed = (time.perf_counter() - started) * 1000
        with tally.lock:
            tally.latencies[kind].append(elapsed)
            if status != expected:
                tally.errors.append((kind, status))
            elif kind == "api write":
                tally.acknowledged.add(title)


def stored_titles(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        titles = set(connection.scalars(select(TimelineEntry.title).where(TimelineEntry.title.startswith("load "))))
    engine.dispose()
    return titles


def run(url: str, *, users: int, seconds: float, tree: Path = harness.ROOT) -> Outcome:
    """``users`` threads for ``seconds`` against ``teamaround serve`` of ``tree`` (a folder holding
    the project, by default this one) on a generated database."""
    tally = Tally()
    parents = harness.parents(url, users)
    tokens = teacher_tokens(url, [child_id for _, child_id in parents], tree)
    serve = harness.teamaround("serve", "--workers", str(WORKERS), "--threads", str(THREADS))
    with harness.serving(serve, url, harness.in_tree(tree), tree) as server:
        cookies = [harness.login(server.base, email) for email, _ in parents]
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        threads = []
        for number in range(users):
            index = number % len(parents)
            child_id = parents[index][1]
            threads.append(
                threading.Thread(
                    target=user, args=(number, server.base, child_id, cookies[index], tokens[child_id], deadline, tally)
                )
            )
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 60)
        elapsed = time.monotonic() - started
        rss = server.worker_rss_mb()
        log = server.log_tail() if tally.errors else ""
    return Outcome(tally=tally, elapsed=elapsed, rss_mb=rss, stored=stored_titles(url), log=log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--children", type=int, default=200, help="children generated, 250 entries each")
    options = parser.parse_args()
    print(harness.machine(), flush=True)
    with harness.database(options.database) as url:
        print(harness.generate(url, options.children), flush=True)
        outcome = run(url, users=options.users, seconds=options.seconds)
    report(options, outcome)


def report(options, outcome: Outcome) -> None:
    tally, elapsed = outcome.tally, outcome.elapsed
    total = sum(len(times) for times in tally.latencies.values())
    lost = outcome.lost
    print(
        f"\n{options.database}: {options.users} users for {elapsed:.0f} s against teamaround serve "
        f"({WORKERS} workers x {THREADS} threads)"
    )
    print(f"{'':12}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind, _ in MIX:
        times = sorted(tally.latencies[kind])
        if times:
            print(
                f"{kind:12}{len(times):10}{statistics.median(times):9.1f}{times[int(len(times) * 0.95)]:9.1f}"
                f"{times[-1]:9.0f}"
            )
    rss = " ".join(f"{size:.0f}" for size in outcome.rss_mb)
    print(f"total {total} requests, {total / elapsed:.1f}/s; worker RSS MB {rss}")
    print(f"errors: {len(tally.errors)} (goal 0: {'holds' if not tally.errors else 'NOT MET'})")
    for kind, status in tally.errors[:10]:
        print(f"  {kind}: {status}")
    print(
        f"writes acknowledged {len(tally.acknowledged)}, in the database afterwards "
        f"{len(tally.acknowledged & outcome.stored)}, lost {len(lost)} "
        f"(goal 0: {'holds' if not lost else 'NOT MET'})"
    )
    if outcome.log:
        print(f"server log (end):\n{outcome.log}")


if __name__ == "__main__":
    main()
