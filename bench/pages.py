"""What the pages people open most cost in CPU, before and after a change, in one run.

The pages: a parent's timeline (50 entries), the child's plan with its charts and the
child's meetings, a SENCO's dashboard of 40 children, and the API's timeline read (the
parent's token). Two trees are compared, each a commit exported with ``git archive`` (or the
working tree as it is): the database is generated once, by the older tree, and the newer
one's copy is migrated to its head, so both read the same rows.

Every figure is CPU time, not time on the clock, so that other work on the same cores (a
shared machine) lengthens a run more than it moves a figure:

- in process: each page through Flask's test client, one request after another, timed with
  ``time.process_time`` (`bench/page_costs.py`, run once for each tree);
- under gunicorn with ``teamaround serve``'s settings: wrk on each server and page in turn,
  round after round, and the CPU the server's workers used (utime + stime from /proc)
  divided by the requests answered. Requests/s are printed beside, for what they are worth
  on a busy machine.

Each page is set against two baselines measured in the same run: the same template rendered
from memory (`bench/bare_app.py`, the tree's own template, so it moves with the page) and the
plain 50-row Flask page (`bench/plain_app.py`, nothing from the project). A ratio is the
baseline's CPU per request over the page's: the throughput the page would have against the
baseline's, were both bound by the processor (1.0: as cheap as the baseline).

    .venv/bin/python bench/pages.py --before 7b2eee3                 # that commit against the working tree
    .venv/bin/python bench/pages.py --before 7b2eee3 --after HEAD --no-serve
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import subprocess
import tempfile
from pathlib import Path

import harness
from plain_app import PATH as PLAIN_PATH
from sqlalchemy import create_engine, text

from webui.cli import THREADS_PER_WORKER, default_workers

HERE = Path(__file__).resolve().parent
CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')  # signed with a time stamp: differs by the second
WORKING_TREE = "working tree"
PAGES = ("timeline", "plan", "meetings", "dashboard", "api timeline")


@contextlib.contextmanager
def trees(revisions: list[str]):
    """(name, folder) of each revision: a commit exported to a temporary folder, or the working tree."""
    with tempfile.TemporaryDirectory(prefix="teamaround-trees-") as folder:
        found = []
        for revision in revisions:
            if revision == WORKING_TREE:
                found.append((WORKING_TREE, harness.ROOT))
                continue
            commit = subprocess.run(
                ["git", "rev-parse", "--short", revision], cwd=harness.ROOT, check=True, capture_output=True, text=True
            ).stdout.strip()
            tree = Path(folder) / commit
            tree.mkdir()
            archive = subprocess.run(["git", "archive", commit], cwd=harness.ROOT, check=True, capture_output=True)
            subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
            found.append((commit, tree))
        yield found


def in_tree(tree: Path) -> dict:
    """The environment that makes Python import the project from ``tree`` (ahead of the editable
    install; a command run with ``-c`` must also run in ``tree``, which Python puts first)."""
    return {"PYTHONPATH": str(tree)}


def teamaround(*arguments: str) -> list:
    """The ``teamaround`` command of the tree on PYTHONPATH (see :func:`in_tree`)."""
    return [harness.VENV / "python", "-c", "from webui.cli import main; main()", *arguments]


def run_in(tree: Path, url: str, command: list) -> str:
    done = subprocess.run(
        command, env={**harness.environment(url), **in_tree(tree)}, cwd=tree, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, command[:4]))} failed in {tree}:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


# An API token of the parent's, made by the tree's own code (its models may differ from this one's).
MAKE_TOKEN = """
import sys
from sqlalchemy import select
from core.db import make_engine, make_session_factory
from core.models import Person
from core.people import tokens
with make_session_factory(make_engine(sys.argv[1]))() as db, db.begin():
    print(tokens.create(db, db.scalars(select(Person).where(Person.email == sys.argv[2])).one(), {"name": "bench"})[1])
"""


def who_reads(tree: Path, url: str) -> dict:
    """The first generated parent with their child, that child's SENCO, and an API token of the parent's."""
    engine = create_engine(url)
    with engine.connect() as connection:
        parent, child_id = connection.execute(
            text(
                "SELECT people.email, memberships.child_id FROM people JOIN memberships ON memberships.person_id = "
                "people.id WHERE memberships.role = 'parent' ORDER BY people.id LIMIT 1"
            )
        ).one()
        senco = connection.execute(
            text(
                "SELECT people.email FROM people JOIN memberships ON memberships.person_id = people.id "
                "WHERE memberships.child_id = :child AND memberships.role = 'senco'"
            ),
            {"child": child_id},
        ).scalar_one()
    engine.dispose()
    token = run_in(tree, url, [harness.VENV / "python", "-c", MAKE_TOKEN, url, parent]).splitlines()[-1]
    return {"parent": parent, "child": child_id, "senco": senco, "token": token}


def pages_of(readers: dict) -> list[dict]:
    child = readers["child"]
    return [
        {"name": "timeline", "email": readers["parent"], "path": f"/children/{child}"},
        {"name": "plan", "email": readers["parent"], "path": f"/children/{child}/plan"},
        {"name": "meetings", "email": readers["parent"], "path": f"/children/{child}/meetings"},
        {"name": "dashboard", "email": readers["senco"], "path": "/"},
        {"name": "api timeline", "token": readers["token"], "path": f"/api/v1/children/{child}/timeline"},
    ]


def in_process(tree: Path, url: str, pages: list[dict], batches: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        run_in(
            tree,
            url,
            [
                harness.VENV / "python",
                HERE / "page_costs.py",
                "--pages",
                json.dumps(pages),
                "--batches",
                str(batches),
                "--output",
                output.name,
            ],
        )
        return json.loads(Path(output.name).read_text())


def under_gunicorn(found: list, urls: dict, pages: list[dict], options) -> dict:
    """By (tree, server, page): CPU ms a request and requests/s, the servers visited in turn."""
    workers = ["--workers", str(options.workers), "--threads", str(options.threads)]
    rendered = [page for page in pages if "email" in page]
    page_arguments = [argument for page in rendered for argument in ("--page", page["email"], page["path"])]
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, tree in found:
            servers[name, "real"] = stack.enter_context(
                harness.serving(teamaround("serve", *workers), urls[name], in_tree(tree), tree)
            )
            servers[name, "bare"] = stack.enter_context(
                harness.serving(
                    [harness.VENV / "python", HERE / "bare_app.py", *page_arguments, *workers],
                    urls[name],
                    in_tree(tree),
                )
            )
        servers["plain", "plain"] = stack.enter_context(
            harness.serving([harness.VENV / "python", HERE / "plain_app.py", *workers], urls[found[0][0]])
        )
        visits = {}
        for (name, kind), server in servers.items():
            if kind == "plain":
                visits[name, kind, "plain"] = (server, PLAIN_PATH, "")
                continue
            cookies = {
                email: harness.login(servers[name, "real"].base, email) for email in {p["email"] for p in rendered}
            }
            for page in pages:
                if "token" in page:
                    if kind == "real":
                        visits[name, kind, page["name"]] = (
                            server,
                            page["path"],
                            f"Authorization: Bearer {page['token']}",
                        )
                else:
                    visits[name, kind, page["name"]] = (server, page["path"], f"Cookie: {cookies[page['email']]}")
        check_pages(found, visits)
        seconds = max(1, options.seconds // options.rounds)
        figures = {visit: {"cpu": 0.0, "requests": 0, "time": 0.0} for visit in visits}
        for server, path, header in visits.values():  # warm-up: caches, and the first requests of each worker
            harness.wrk(server.base + path, "", connections=options.connections, seconds=1, header=header)
        for _ in range(options.rounds):
            for visit, (server, path, header) in visits.items():
                before = server.worker_cpu_seconds()
                seen = harness.wrk(
                    server.base + path, "", connections=options.connections, seconds=seconds, header=header
                )
                if seen["failed"] or seen["socket_errors"]:
                    raise RuntimeError(f"wrk saw failures on {visit}: {seen}\n{server.log_tail()}")
                figures[visit]["cpu"] += server.worker_cpu_seconds() - before
                figures[visit]["requests"] += seen["requests"]
                figures[visit]["time"] += seconds
    return {
        visit: {"cpu_ms": seen["cpu"] * 1000 / max(seen["requests"], 1), "rps": seen["requests"] / seen["time"]}
        for visit, seen in figures.items()
    }


def check_pages(found: list, visits: dict) -> None:
    """Each page answers 200, and the page from memory is the real one (else the baseline is not of it)."""
    bodies = {}
    for visit, (server, path, header) in visits.items():
        status, body = harness.fetch(server.base + path, "", header)
        if status != 200:
            raise RuntimeError(f"{path} on {visit} answered {status}\n{server.log_tail()}")
        bodies[visit] = CSRF_TOKEN.sub("csrf", body)
    for name, _tree in found:
        for page in PAGES:
            real, bare = bodies.get((name, "real", page)), bodies.get((name, "bare", page))
            if bare is not None and real != bare:
                print(
                    f"note: {page} from memory differs from the real page in {name} "
                    f"(a page that changes from one view to the next?)",
                    flush=True,
                )


def ratio(baseline: float | None, page: float | None) -> str:
    return f"{baseline / page:.3f}" if baseline and page else "-"


def report(found: list, costs: dict, served: dict | None, options) -> None:
    names = [name for name, _tree in found]
    print(
        f"\nIn process, {options.database}, {options.entries:,} entries: CPU ms a request (time.process_time, "
        f"median of {options.batches} batches, one request after another through Flask's test client)"
    )
    print(
        "ratio = the baseline's CPU ms / the page's: memory = the same template from memory, plain = the plain "
        "50-row page"
    )
    header = f"{'page':14}{'tree':>14}{'CPU ms':>9}{'memory':>9}{'/memory':>9}{'plain':>8}{'/plain':>8}"
    print(header)
    for page in PAGES:
        for name in names:
            seen = costs[name].get(page, {})
            plain = costs[name]["plain"]["plain"]
            memory = seen.get("bare")
            print(
                f"{page:14}{name:>14}{seen.get('real', 0):9.2f}{memory or 0:9.2f}{ratio(memory, seen.get('real')):>9}"
                f"{plain:8.3f}{ratio(plain, seen.get('real')):>8}"
            )
    if served is None:
        return
    plain = served["plain", "plain", "plain"]
    print(
        f"\nUnder gunicorn ({options.workers} workers x {options.threads} threads, as `teamaround serve`), wrk "
        f"{options.connections} connections, {options.seconds} s a page and server in {options.rounds} rounds: "
        f"the workers' CPU ms a request (/proc utime + stime), requests/s beside"
    )
    print(f"the plain page: {plain['cpu_ms']:.3f} CPU ms, {plain['rps']:.0f} requests/s")
    print(f"{'page':14}{'tree':>14}{'CPU ms':>9}{'memory':>9}{'/memory':>9}{'/plain':>8}{'req/s':>9}{'/plain':>8}")
    for page in PAGES:
        for name in names:
            real, bare = served.get((name, "real", page)), served.get((name, "bare", page))
            print(
                f"{page:14}{name:>14}{real['cpu_ms']:9.2f}{bare['cpu_ms'] if bare else 0:9.2f}"
                f"{ratio(bare and bare['cpu_ms'], real['cpu_ms']):>9}{ratio(plain['cpu_ms'], real['cpu_ms']):>8}"
                f"{real['rps']:9.1f}{real['rps'] / plain['rps']:8.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a commit to compare with (default: none, only --after)")
    parser.add_argument("--after", default=WORKING_TREE, help="a commit (default: the working tree as it is)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--entries", type=int, default=10_000, help="timeline entries, 250 a child")
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--no-serve", action="store_true", help="in process only, no gunicorn")
    parser.add_argument("--seconds", type=int, default=4, help="wrk's time on each page and server, over all rounds")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=default_workers(), help="teamaround serve's default")
    parser.add_argument("--threads", type=int, default=THREADS_PER_WORKER)
    options = parser.parse_args()
    print(harness.machine(), flush=True)
    revisions = [revision for revision in (options.before, options.after) if revision]
    with trees(revisions) as found, harness.database(options.database) as url:
        first_name, first_tree = found[0]
        children = str(options.entries // harness.ENTRIES_PER_CHILD)
        print(f"{first_name}: {run_in(first_tree, url, teamaround('generate', '--children', children))}", flush=True)
        readers = who_reads(first_tree, url)
        urls = {first_name: url}
        for name, tree in found[1:]:
            urls[name] = harness.copy_of(url, re.sub(r"\W", "_", f"tree_{name}"))
            run_in(tree, urls[name], teamaround("db", "upgrade"))
        pages = pages_of(readers)
        costs = {}
        for name, tree in found:
            costs[name] = in_process(tree, urls[name], pages, options.batches)
            print(f"in process, {name}: done {harness.machine()}", flush=True)
        served = None if options.no_serve else under_gunicorn(found, urls, pages, options)
        print(harness.machine(), flush=True)
    report(found, costs, served, options)


if __name__ == "__main__":
    main()
