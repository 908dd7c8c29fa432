"""A parent's timeline page (50 entries) under gunicorn: the real app against a bare Flask
app rendering the same template from memory, at a small and at a large database, in one run.

The database grows in place from the small size to the large one, so the same parent reads
the same page at both sizes and only the rest of the data differs. Prints requests/s and p50
from wrk, the ratios the goals are stated in, SQL statements per page (counted in-process
through the Flask test client) and the gunicorn workers' memory after each run.

    .venv/bin/python bench/timeline_page.py                                # SQLite, 10,000 and 1,000,000
    .venv/bin/python bench/timeline_page.py --large-entries 5000000 --database postgresql
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import harness

from webui import create_app

SMALL_ENTRIES = 10_000
PAGE = 50
CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')  # signed with a time stamp: differs by the second


def measure(server, path: str, cookie: str, options) -> dict:
    """wrk against one page, after checking it is the full page and warming the server up."""
    status, body = harness.fetch(server.base + path, cookie)
    entries = body.count('class="entry"')
    if status != 200 or entries != PAGE:
        raise RuntimeError(f"{path} answered {status} with {entries} entries")
    harness.wrk(server.base + path, cookie, connections=options.connections, seconds=3)
    figures = harness.wrk(server.base + path, cookie, connections=options.connections, seconds=options.seconds)
    figures["rss_mb"] = server.worker_rss_mb()
    figures["page"] = CSRF_TOKEN.sub("csrf", body)
    if figures["failed"] or figures["socket_errors"]:
        raise RuntimeError(f"wrk saw failures: {figures}\n{server.log_tail()}")
    return figures


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


def run_real(url, email, child_id, path, options) -> dict:
    with harness.serving(harness.teamaround_serve(options.workers, options.threads), url) as server:
        cookie = harness.login(server.base, email)
        figures = measure(server, path, cookie, options)
    return {**figures, "cookie": cookie, "statements": statements_per_page(url, email, child_id)}


def run_bare(url, email, child_id, path, cookie, options) -> dict:
    """The bare app gets the real app's session cookie, so both decode the same session."""
    command = [harness.VENV / "python", Path(__file__).with_name("bare_app.py"), "--email", email,
               "--child", str(child_id), "--workers", str(options.workers), "--threads", str(options.threads)]
    with harness.serving(command, url) as server:
        return measure(server, path, cookie, options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--large-entries", type=int, default=1_000_000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()
    small_children = SMALL_ENTRIES // harness.ENTRIES_PER_CHILD
    large_children = options.large_entries // harness.ENTRIES_PER_CHILD
    print(harness.machine(), flush=True)
    with harness.database(options.database) as url:
        print(f"small: {harness.generate(url, small_children)}", flush=True)
        [(email, child_id)] = harness.parents(url, 1)
        path = f"/children/{child_id}"
        small = run_real(url, email, child_id, path, options)
        bare_small = run_bare(url, email, child_id, path, small["cookie"], options)
        print(f"large: {harness.generate(url, large_children - small_children)}", flush=True)
        large = run_real(url, email, child_id, path, options)
        # The bare app again, right after: each throughput ratio compares runs minutes apart
        # at most, so a test run starting on the same cores meanwhile skews both sides alike.
        bare_large = run_bare(url, email, child_id, path, small["cookie"], options)
    for real, bare in ((small, bare_small), (large, bare_large)):
        if real["page"] != bare["page"]:
            raise RuntimeError("the bare app's page differs from the real one: bench/bare_app.py is out of step\n"
                               + first_difference(real["page"], bare["page"]))
    report(options, small, large, bare_small, bare_large)


def first_difference(real: str, bare: str) -> str:
    for number, (one, other) in enumerate(zip(real.splitlines(), bare.splitlines(), strict=False), 1):
        if one != other:
            return f"line {number}:\n  real: {one.strip()}\n  bare: {other.strip()}"
    return "one page is longer than the other"


def report(options, small, large, bare_small, bare_large) -> None:
    print(f"\n{options.database}: parent timeline page ({PAGE} entries), gunicorn {options.workers} workers x "
          f"{options.threads} threads, wrk {options.connections} connections x {options.seconds} s")
    print(f"{'':28}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'requests':>10}  worker RSS MB")
    rows = [("real, 10,000 entries", small), ("bare Flask, from memory", bare_small),
            (f"real, {options.large_entries:,} entries", large), ("bare Flask, again", bare_large)]
    for name, figures in rows:
        rss = " ".join(f"{size:.0f}" for size in figures["rss_mb"])
        print(f"{name:28}{figures['rps']:12.1f}{figures['p50_ms']:9.1f}{figures['p99_ms']:9.1f}{figures['max_ms']:9.0f}"
              f"{figures['requests']:10}  {rss}")
    checks = [
        ("throughput real/bare, small", small["rps"] / bare_small["rps"], ">=", 0.5),
        ("throughput real/bare, large", large["rps"] / bare_large["rps"], ">=", 0.5),
        ("p50 large/small", large["p50_ms"] / small["p50_ms"], "<=", 1.2),
    ]
    for name, ratio, sense, goal in checks:
        held = ratio >= goal if sense == ">=" else ratio <= goal
        print(f"{name:32}{ratio:6.2f}  (goal {sense} {goal}: {'holds' if held else 'NOT MET'})")
    # The goal counts queries, the reads, as tests/webui/test_query_counts.py does; the
    # audit event's INSERT is shown beside them.
    queries = [sum(1 for s in figures["statements"] if s.upper().startswith("SELECT")) for figures in (small, large)]
    counts = (len(small["statements"]), len(large["statements"]))
    same = small["statements"] == large["statements"]
    print(f"{'SQL queries per page':32}{queries[0]} at 10,000, {queries[1]} at {options.large_entries:,} "
          f"({'the same statements' if same else 'DIFFERENT statements'}, {counts[0]} and {counts[1]} with the writes; "
          f"goal the same, <= 6: {'holds' if same and queries[0] <= 6 else 'NOT MET'})")
    for statement in small["statements"]:
        print(f"  {statement[:110]}")


if __name__ == "__main__":
    main()
