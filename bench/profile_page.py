"""Where one page's CPU goes: a profile of its requests, to find what to cut next.

Not a benchmark (it prints no ratio, and the profiler slows Python's own code more than the
C it calls): ``bench/pages.py`` says what a page costs, this says where. The page is read
through Flask's test client by the same generated reader ``bench/pages.py`` uses (the first
parent, or their child's SENCO), on a database generated for the run at 10,000 entries
(``--children``), or on one given by ``--url`` (which gets the parent an API token, as
``bench/pages.py`` does, and an audit event a request). The first requests fill the caches,
then the CPU per request is printed without the profiler, then the profile of as many
requests again, sorted by ``--sort``. The app logs each request to standard error, as a
served one does: send it elsewhere.

    .venv/bin/python bench/profile_page.py 2>/dev/null                    # a parent's timeline
    .venv/bin/python bench/profile_page.py --reader senco --path / --sort tottime
    .venv/bin/python bench/profile_page.py --path /children/{child}/plan --callers glossary.py
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import time

import harness
from bare_app import signed_in_client  # beside this script, which Python puts first
from pages import who_reads


def profiled(url: str, reader: str, path: str, requests: int) -> tuple[float, pstats.Stats]:
    """The CPU ms a request without the profiler, and the profile of as many requests."""
    settings = harness.environment(url)
    os.environ.update({name: value for name, value in settings.items() if name.startswith("TEAMAROUND")})
    from webui import create_app  # reads its settings from the environment, as a served process does

    readers = who_reads(harness.ROOT, url)
    client = signed_in_client(create_app(), readers[reader])
    path = path.format(child=readers["child"])

    def read(times: int) -> None:
        for _ in range(times):
            answer = client.get(path)
            if answer.status_code != 200:
                raise RuntimeError(f"{path} answered {answer.status_code}")

    read(20)
    gc.collect()
    gc.freeze()  # as `teamaround serve` does once a worker has started
    started = time.process_time()
    read(requests)
    cpu_ms = (time.process_time() - started) * 1000 / requests
    profile = cProfile.Profile()
    profile.runcall(read, requests)
    return cpu_ms, pstats.Stats(profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a database to read (default: one generated for the run, then removed)")
    parser.add_argument("--children", type=int, default=40, help="children generated, 250 entries each")
    parser.add_argument("--reader", choices=("parent", "senco"), default="parent")
    parser.add_argument("--path", default="/children/{child}", help="{child}: the reader's child's id")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--sort", default="cumulative", help="a pstats sort key: cumulative, tottime, calls")
    parser.add_argument("--top", type=int, default=60, help="how many functions to print")
    parser.add_argument("--callers", help="then who called the functions this names (pstats' pattern)")
    options = parser.parse_args()
    with harness.given_or_generated(options.url, options.children) as url:
        cpu_ms, stats = profiled(url, options.reader, options.path, options.requests)
    print(harness.machine())
    print(f"{options.path} as the {options.reader}: {cpu_ms:.2f} ms CPU a request without the profiler")
    stats.sort_stats(options.sort).print_stats(options.top)
    if options.callers:
        stats.print_callers(options.callers)


if __name__ == "__main__":
    main()
