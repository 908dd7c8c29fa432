"""What each page costs in CPU, in one process: the real app, the same page rendered from
memory (`bench/bare_app.py`) and the plain 50-row page (`bench/plain_app.py`).

Run by `bench/pages.py` once for each tree it compares, with that tree first on PYTHONPATH,
so the app measured is the tree's and this script and the baselines are the same for both.
Each request goes through Flask's test client, one after another; what is timed is the CPU
the process used (``time.process_time``), not the time on the clock, so that other work on
the machine's cores lengthens the run but not the figures. Writes one JSON object: for each
page, the CPU ms per request of the median batch, for the real page and (for a rendered one)
from memory, and the plain page's, each with that batch's ms on the clock a request, to the
file ``--output`` names.

    TEAMAROUND_DATABASE_URL=sqlite:///... PYTHONPATH=. .venv/bin/python bench/page_costs.py --pages '[{"name": ...}]'
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import time
from pathlib import Path

from bare_app import create_bare_app, signed_in_client  # beside this script, which Python puts first
from plain_app import PATH as PLAIN_PATH
from plain_app import create_plain_app

from webui import create_app


def cpu_ms(get, path: str, requests: int, **headers) -> tuple[float, float]:
    """CPU ms and ms on the clock a request, over ``requests`` requests one after another; each
    must answer 200. The clock's figure holds what the process waited for: on PostgreSQL the
    server's work on the queries, which the process's CPU leaves out (and, on a busy machine,
    the time other processes had the cores)."""
    started, clock = time.process_time(), time.perf_counter()
    for _ in range(requests):
        answer = get(path, headers=headers)
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")
    return (time.process_time() - started) * 1000 / requests, (time.perf_counter() - clock) * 1000 / requests


def first_looks(get):
    """``get``, each request at an address not asked for before (a query the page ignores), so
    that nothing kept answers it (webui.kept_pages): the page rendered, as after a change."""
    looks = itertools.count()
    return lambda path, **kwargs: get(f"{path}?look={next(looks)}", **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", required=True, help="JSON: [{name, path, email or token; first_look: true, to read it afresh}]"
    )
    parser.add_argument("--batch-ms", type=float, default=500, help="about how much CPU each page's batch takes")
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--output", type=Path, required=True, help="where the figures go (the app logs to stdout)")
    options = parser.parse_args()
    pages = json.loads(options.pages)
    real = create_app()  # its database and settings from the environment, as the servers' are
    rendered = [page for page in pages if "email" in page]
    bare = create_bare_app(list({(page["email"], page["path"]): None for page in rendered})).test_client()
    plain = create_plain_app().test_client()
    clients = {page["email"]: signed_in_client(real, page["email"]) for page in rendered}
    runs = {}
    for page in pages:
        if "token" in page:  # an API read: the token alone, as a client sends it
            runs[page["name"], "real"] = (
                real.test_client().get,
                page["path"],
                {"Authorization": f"Bearer {page['token']}"},
            )
        else:
            get = clients[page["email"]].get
            runs[page["name"], "real"] = (first_looks(get) if page.get("first_look") else get, page["path"], {})
            runs[page["name"], "bare"] = (bare.get, page["path"], {})
    runs["plain", "plain"] = (plain.get, PLAIN_PATH, {})
    sizes = {}
    for run, (get, path, headers) in runs.items():  # the first requests fill caches (statements, templates)
        cpu_ms(get, path, 2, **headers)
        sizes[run] = max(3, round(options.batch_ms / cpu_ms(get, path, 3, **headers)[0]))
    gc.collect()
    gc.freeze()  # as `teamaround serve` does once a worker has started (webui.cli.freeze_start_up)
    batches = {run: [] for run in runs}
    for _ in range(options.batches):  # in turn, so that a slower moment of the machine falls on all
        for run, (get, path, headers) in runs.items():
            batches[run].append(cpu_ms(get, path, sizes[run], **headers))
    figures: dict = {}
    for (name, kind), seen in batches.items():
        cpu, clock = sorted(seen)[len(seen) // 2]  # the batch of the median CPU, with its time on the clock
        figures.setdefault(name, {})[kind] = cpu
        figures[name][f"{kind} clock"] = clock
    options.output.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
