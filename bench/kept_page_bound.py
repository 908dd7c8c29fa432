"""How far keeping rendered HTML could take a parent's timeline page: upper bounds for a design
choice, not the cost of anything the app does.

Issue 25 asks the page to reach 0.2 of the plain 50-row page. Cuts inside the page stopped
paying (bench/RESULTS.md), and what is left to weigh is keeping what a page renders. This
measures, alternately in one process against the plain page (``bench/plain_app.py``), the
page as it is and the page with one part kept for its reader and never renewed, so the figure
is what keeping could at best give:

- ``items kept``: the 50 timeline items (``webui.timeline_html.timeline_items``) kept; the
  entries are still read and everything else on the page rendered;
- ``body kept``: the whole answer kept; signing in, the access check
  (``core.access.child_access``) and the read's audit event still made each request.

A real cache would add the cost of asking whether what it kept is still right. The figures
are not the app's: they only say which keeping could reach the goal.

    .venv/bin/python bench/kept_page_bound.py 2>/dev/null
    .venv/bin/python bench/kept_page_bound.py --url sqlite:////tmp/bench.sqlite 2>/dev/null
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time

import harness
from bare_app import signed_in_client  # beside this script, which Python puts first
from pages import who_reads
from plain_app import PATH, create_plain_app


def bounds(url: str, rounds: int, requests: int) -> dict[str, float]:
    """CPU ms a request of the plain page and of the timeline page in each way, medians of ``rounds``."""
    settings = harness.environment(url)
    os.environ.update({name: value for name, value in settings.items() if name.startswith("TEAMAROUND")})
    from core.access import child_access  # the app reads its settings from the environment
    from core.records import audit
    from webui import children, create_app, timeline_html
    from webui.auth import current_person
    from webui.database import get_db

    readers = who_reads(harness.ROOT, url)
    path = f"/children/{readers['child']}"
    page = signed_in_client(create_app(), readers["parent"])
    plain = create_plain_app().test_client()
    render, items = children._render_timeline, timeline_html.timeline_items
    kept_items, kept_bodies = {}, {}

    def items_kept(timeline_page, **parts):
        reader = timeline_page.access.person.id
        if reader not in kept_items:
            kept_items[reader] = items(timeline_page, **parts)
        return kept_items[reader]

    def body_kept(child_id, errors=None, form=None):
        db, person = get_db(), current_person()
        child_access(db, person, child_id)
        if (person.id, child_id) not in kept_bodies:
            kept_bodies[person.id, child_id] = render(child_id)
        audit.record(db, person, "timeline.viewed", child_id=child_id, detail={"entries": list(range(50))})
        return kept_bodies[person.id, child_id]

    ways = {"page": (items, render), "items kept": (items_kept, render), "body kept": (items, body_kept)}

    def cpu_ms(client, address: str) -> float:
        started = time.process_time()
        for _ in range(requests):
            if client.get(address).status_code != 200:
                raise RuntimeError(f"{address} did not answer 200")
        return (time.process_time() - started) * 1000 / requests

    for items_way, render_way in ways.values():  # each way's caches filled before measuring
        timeline_html.timeline_items, children._render_timeline = items_way, render_way
        cpu_ms(page, path)
    cpu_ms(plain, PATH)
    gc.collect()
    gc.freeze()  # as `teamaround serve` does once a worker has started
    measured = {"plain": [], **{name: [] for name in ways}}
    for _ in range(rounds):
        measured["plain"].append(cpu_ms(plain, PATH))
        for name, (items_way, render_way) in ways.items():
            timeline_html.timeline_items, children._render_timeline = items_way, render_way
            measured[name].append(cpu_ms(page, path))
    timeline_html.timeline_items, children._render_timeline = items, render
    return {name: statistics.median(times) for name, times in measured.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a database to read (default: one generated for the run, then removed)")
    parser.add_argument("--children", type=int, default=40, help="children generated, 250 entries each")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--requests", type=int, default=100, help="a round's requests of each page")
    options = parser.parse_args()
    with harness.given_or_generated(options.url, options.children) as url:
        found = bounds(url, options.rounds, options.requests)
    print(harness.machine())
    print("a parent's timeline page, CPU ms a request in one process; /plain: the plain page's CPU ms over it")
    for name, ms in found.items():
        print(f"{name:12s} {ms:6.2f} ms  /plain {found['plain'] / ms:5.3f}")


if __name__ == "__main__":
    main()
