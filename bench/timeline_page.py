"""A parent's timeline page (50 entries) under gunicorn: the real app against a bare Flask
app rendering the same template from memory, at a small and at a large database, in one run.

The large database is a copy of the small one grown in place, so the same parent reads the
same page at both sizes and only the rest of the data differs. The three servers (real on
the small database, real on the large one, bare) run side by side and wrk visits them in
turn, a few seconds each, round after round: a test run starting on the same cores meanwhile
slows all three alike instead of skewing one ratio. Prints requests/s and latencies from wrk
(p50: the median of the rounds' p50s; p99 and max: the worst round's), the ratios the goals
are stated in, SQL statements per page (counted in-process through the Flask test client),
the CPU the gunicorn workers used (cores kept busy, and CPU ms per request: a server that
keeps fewer than two cores busy waits on something other than the processor) and their
memory after the run.

    .venv/bin/python bench/timeline_page.py                                # SQLite, 10,000 and 1,000,000
    .venv/bin/python bench/timeline_page.py --large-entries 5000000 --database postgresql
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
from pathlib import Path

import harness

from webui import create_app
from webui.cli import THREADS_PER_WORKER, default_workers

SMALL_ENTRIES = 10_000
PAGE = 50
CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')  # signed with a time stamp: differs by the second


def page_of(server, path: str, cookie: str) -> str:
    """The page, checked to be the full one, with its CSRF tokens blanked for comparing."""
    status, body = harness.fetch(server.base + path, cookie)
    entries = body.count('class="entry"')
    if status != 200 or entries != PAGE:
        raise RuntimeError(f"{path} answered {status} with {entries} entries\n{server.log_tail()}")
    return CSRF_TOKEN.sub("csrf", body)


def first_difference(real: str, bare: str) -> str:
    for number, (one, other) in enumerate(zip(real.splitlines(), bare.splitlines(), strict=False), 1):
        if one != other:
            return f"line {number}:\n  real: {one.strip()}\n  bare: {other.strip()}"
    return "one page is longer than the other"


def statements_per_page(url: str, email: str, child_id: int) -> list[str]:
    """The SQL one page view runs, through the real app in this process."""
    app = create_app(harness.app_config(url))
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login", data={"email": email, "password": harness.PASSWORD})
    client.get(f"/children/{child_id}")  # the first view of a process loads caches; count the second
    with harness.statements_run() as seen:
        if client.get(f"/children/{child_id}").status_code != 200:
            raise RuntimeError("the page did not answer 200 in-process")
    return seen


def in_turn(servers: dict, path: str, cookies: dict, options) -> dict:
    """wrk on each server for ``options.seconds`` in all, in rounds, after a warm-up of each."""
    rounds = {name: [] for name in servers}
    cpu_seconds = dict.fromkeys(servers, 0.0)
    for name, server in servers.items():
        harness.wrk(server.base + path, cookies[name], connections=options.connections, seconds=3)
    for _ in range(options.rounds):
        for name, server in servers.items():
            cpu_before = server.worker_cpu_seconds()
            figures = harness.wrk(server.base + path, cookies[name], connections=options.connections,
                                  seconds=options.seconds // options.rounds)
            cpu_seconds[name] += server.worker_cpu_seconds() - cpu_before
            if figures["failed"] or figures["socket_errors"]:
                raise RuntimeError(f"wrk saw failures on {name}: {figures}\n{server.log_tail()}")
            rounds[name].append(figures)
    return {
        name: {
            "rps": sum(f["requests"] for f in seen) / sum(f["requests"] / f["rps"] for f in seen),
            "p50_ms": statistics.median(f["p50_ms"] for f in seen),
            "p99_ms": max(f["p99_ms"] for f in seen),
            "max_ms": max(f["max_ms"] for f in seen),
            "requests": sum(f["requests"] for f in seen),
            "rss_mb": servers[name].worker_rss_mb(),
            # How much of the machine the workers used: 2.0 is both cores of two busy workers.
            "cores": cpu_seconds[name] / sum(f["requests"] / f["rps"] for f in seen),
            "cpu_ms": cpu_seconds[name] * 1000 / sum(f["requests"] for f in seen),
        }
        for name, seen in rounds.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--large-entries", type=int, default=1_000_000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=15, help="wrk's time on each server, over all rounds")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=default_workers(), help="teamaround serve's default")
    parser.add_argument("--threads", type=int, default=THREADS_PER_WORKER)
    options = parser.parse_args()
    small_children = SMALL_ENTRIES // harness.ENTRIES_PER_CHILD
    large_children = options.large_entries // harness.ENTRIES_PER_CHILD
    print(harness.machine(), flush=True)
    with harness.database(options.database) as small_url:
        print(f"small: {harness.generate(small_url, small_children)}", flush=True)
        [(email, child_id)] = harness.parents(small_url, 1)
        large_url = harness.copy_of(small_url, "large")
        print(f"large: {harness.generate(large_url, large_children - small_children)}", flush=True)
        print(harness.machine(), flush=True)
        statements = {size: statements_per_page(url, email, child_id)
                      for size, url in (("small", small_url), ("large", large_url))}
        real = harness.teamaround_serve(options.workers, options.threads)
        path = f"/children/{child_id}"
        bare = [harness.VENV / "python", Path(__file__).with_name("bare_app.py"), "--page", email, path,
                "--workers", str(options.workers), "--threads", str(options.threads)]
        with contextlib.ExitStack() as stack:
            servers = {
                "small": stack.enter_context(harness.serving(real, small_url)),
                "large": stack.enter_context(harness.serving(real, large_url)),
                "bare": stack.enter_context(harness.serving(bare, small_url)),
            }
            # A session of each database (a sign-in is kept on the server); the bare app, which
            # only reads the cookie for its CSRF token, gets the small one's.
            cookies = {size: harness.login(servers[size].base, email) for size in ("small", "large")}
            cookies["bare"] = cookies["small"]
            pages = {name: page_of(server, path, cookies[name]) for name, server in servers.items()}
            for size in ("small", "large"):
                if pages[size] != pages["bare"]:
                    difference = first_difference(pages[size], pages["bare"])
                    raise RuntimeError(f"the bare app's page differs from the real one at the {size} size: "
                                       f"bench/bare_app.py is out of step\n{difference}")
            figures = in_turn(servers, path, cookies, options)
        print(harness.machine(), flush=True)
    report(options, figures, statements)


def report(options, figures, statements) -> None:
    small, large, bare = figures["small"], figures["large"], figures["bare"]
    print(f"\n{options.database}: parent timeline page ({PAGE} entries), gunicorn {options.workers} workers x "
          f"{options.threads} threads, wrk {options.connections} connections, {options.seconds} s each "
          f"in {options.rounds} rounds")
    print(f"{'':28}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'requests':>10}"
          f"{'cores':>7}{'CPU ms':>8}  worker RSS MB")
    rows = [("real, 10,000 entries", small), (f"real, {options.large_entries:,} entries", large),
            ("bare Flask, from memory", bare)]
    for name, seen in rows:
        rss = " ".join(f"{size:.0f}" for size in seen["rss_mb"])
        print(f"{name:28}{seen['rps']:12.1f}{seen['p50_ms']:9.1f}{seen['p99_ms']:9.1f}{seen['max_ms']:9.0f}"
              f"{seen['requests']:10}{seen['cores']:7.2f}{seen['cpu_ms']:8.1f}  {rss}")
    checks = [
        ("throughput real/bare, small", small["rps"] / bare["rps"], ">=", 0.5),
        ("throughput real/bare, large", large["rps"] / bare["rps"], ">=", 0.5),
        ("p50 large/small", large["p50_ms"] / small["p50_ms"], "<=", 1.2),
    ]
    for name, ratio, sense, goal in checks:
        held = ratio >= goal if sense == ">=" else ratio <= goal
        print(f"{name:32}{ratio:6.2f}  (goal {sense} {goal}: {'holds' if held else 'NOT MET'})")
    # The goal counts queries, the reads, as tests/webui/test_query_counts.py does; the
    # audit event's INSERT (on PostgreSQL a function called by a SELECT) is shown beside them.
    queries = {size: sum(1 for s in seen if harness.is_read(s)) for size, seen in statements.items()}
    same = statements["small"] == statements["large"]
    print(f"{'SQL queries per page':32}{queries['small']} at 10,000, {queries['large']} at {options.large_entries:,} "
          f"({'the same statements' if same else 'DIFFERENT statements'}, {len(statements['small'])} and "
          f"{len(statements['large'])} with the writes; goal the same, <= 6: "
          f"{'holds' if same and queries['small'] <= 6 else 'NOT MET'})")
    for statement in statements["large"]:
        print(f"  {statement[:110]}")


if __name__ == "__main__":
    main()
