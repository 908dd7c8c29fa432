"""What the pages people open most cost in CPU, before and after a change, in one run.

The pages: a parent's timeline (50 entries), the child's plan with its charts and the
child's meetings, a SENCO's dashboard of 40 children, and the API's timeline read (the
parent's token). The timeline, the plan, the meetings, the dashboard and the API's read are
answered again from what was rendered for their reader while nothing they show has changed
(webui.kept_pages; the meetings and the dashboard within the minute, the dashboard until its
reader next looks at a timeline), so reading them over and over measures that; ``first look``
and ``first dashboard`` are the timeline and the dashboard read each time at an address not
read before (a query the page ignores), so that they are rendered every time, as after a
change: in process only, since wrk asks for one address.

Two trees are compared, each a commit exported with ``git archive`` (or the working tree as
it is): the database is generated once, by the older tree, and each tree reads a copy of it
made the same way, migrated to the tree's head, so both read the same rows from alike
databases (on PostgreSQL at 1,000,000 entries, the tree that read the generated database
itself read faster than the one that read its copy, whichever tree came first). With several
sizes (``--entries 10000 1000000``) the database grows in place from one to the next, so the
same people read the same pages at every size; ``--load-seconds`` then runs bench/load.py's
users against the newer tree at the last size.

Every figure is CPU time, not time on the clock, so that other work on the same cores (a
shared machine) lengthens a run more than it moves a figure:

- in process: each page through Flask's test client, one request after another, timed with
  ``time.process_time`` (`bench/page_costs.py`, run once for each tree), with the time on
  the clock beside (on PostgreSQL the server's work on the queries is not the process's CPU);
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
    .venv/bin/python bench/pages.py --after HEAD --database postgresql --entries 10000 1000000 --serve-entries 1000000
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import tempfile
from pathlib import Path

import harness
import load
from plain_app import PATH as PLAIN_PATH
from sqlalchemy import create_engine, text

from webui.cli import THREADS_PER_WORKER, default_workers

HERE = Path(__file__).resolve().parent
CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')  # signed with a time stamp: differs by the second
WORKING_TREE = harness.WORKING_TREE
PAGES = ("timeline", "first look", "plan", "meetings", "dashboard", "first dashboard", "api timeline")


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
    [token] = harness.api_tokens(tree, url, [parent])
    return {"parent": parent, "child": child_id, "senco": senco, "token": token}


def pages_of(readers: dict) -> list[dict]:
    child = readers["child"]
    return [
        {"name": "timeline", "email": readers["parent"], "path": f"/children/{child}"},
        {"name": "first look", "email": readers["parent"], "path": f"/children/{child}", "first_look": True},
        {"name": "plan", "email": readers["parent"], "path": f"/children/{child}/plan"},
        {"name": "meetings", "email": readers["parent"], "path": f"/children/{child}/meetings"},
        {"name": "dashboard", "email": readers["senco"], "path": "/"},
        {"name": "first dashboard", "email": readers["senco"], "path": "/", "first_look": True},
        {"name": "api timeline", "token": readers["token"], "path": f"/api/v1/children/{child}/timeline"},
    ]


def in_process(tree: Path, url: str, pages: list[dict], batches: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        harness.run_in(
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
    pages = [page for page in pages if not page.get("first_look")]  # wrk asks for one address
    rendered = [page for page in pages if "email" in page]
    page_arguments = [argument for page in rendered for argument in ("--page", page["email"], page["path"])]
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, tree in found:
            servers[name, "real"] = stack.enter_context(
                harness.serving(harness.teamaround("serve", *workers), urls[name], harness.in_tree(tree), tree)
            )
            servers[name, "bare"] = stack.enter_context(
                harness.serving(
                    [harness.VENV / "python", HERE / "bare_app.py", *page_arguments, *workers],
                    urls[name],
                    harness.in_tree(tree),
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
                    # Told, kept and counted against the run's exit status, but not the end of it:
                    # the other pages' and the load test's figures still come.
                    failure = f"wrk saw failures on {visit}: {seen['failed']} answers not 2xx or 3xx, " + (
                        f"socket errors {seen['socket_errors']}" if seen["socket_errors"] else "no socket errors"
                    )
                    options.failures.append(failure)
                    print(f"{failure}\n{server.log_tail(1500)}", flush=True)
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
        try:
            status, body = harness.fetch(server.base + path, "", header)
        except OSError as error:
            exited = server.process.poll()
            raise RuntimeError(
                f"{path} on {visit}: {error} (server {'exited ' + str(exited) if exited is not None else 'running'})"
                f"\n{server.log_tail()}"
            ) from error
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


def milliseconds(figure: float | None) -> str:
    return f"{figure:.2f}" if figure else "-"


def rows_of(found: list, costs: dict, served: dict | None, database: str, entries: int) -> list[dict]:
    """One row for each page, tree and way of measuring (in process, served): what is printed and recorded."""
    rows = []
    for page in PAGES:
        for name, _tree in found:
            seen = costs[name].get(page, {})
            rows.append(
                {
                    "way": "in process",
                    "page": page,
                    "database": database,
                    "entries": entries,
                    "tree": name,
                    "cpu_ms": seen.get("real"),
                    "clock_ms": seen.get("real clock"),
                    "memory_ms": seen.get("bare"),
                    "plain_ms": costs[name]["plain"]["plain"],
                }
            )
            if served is None or (name, "real", page) not in served:
                continue
            real, bare = served[name, "real", page], served.get((name, "bare", page))
            plain = served["plain", "plain", "plain"]
            rows.append(
                {
                    "way": "served",
                    "page": page,
                    "database": database,
                    "entries": entries,
                    "tree": name,
                    "cpu_ms": real["cpu_ms"],
                    "memory_ms": bare and bare["cpu_ms"],
                    "plain_ms": plain["cpu_ms"],
                    "rps": real["rps"],
                    "plain_rps": plain["rps"],
                }
            )
    return rows


def print_rows(rows: list[dict], *, against_first: bool = False) -> None:
    """The table: a page's CPU ms a request and its ratios, one line for each database, size and tree.

    ``against_first``: a column more, the page's cost over its cost in the first database and
    size of the same tree, each counted in plain pages of its own run (so that a busier
    machine during one run does not show as a dearer page)."""
    first: dict = {}
    for row in rows:
        first.setdefault((row["way"], row["page"], row["tree"]), row)
    for way in ("in process", "served"):
        chosen = [row for row in rows if row["way"] == way]
        if not chosen:
            continue
        served = way == "served"
        if served:
            print(
                "\nunder gunicorn: the workers' CPU ms a request; /memory and /plain: the baseline's CPU ms over "
                "the page's; requests/s, and over the plain page's (rps/pl)"
            )
        else:
            print(
                "\nin process: CPU ms a request, and ms on the clock (what the process waited for too: on "
                "PostgreSQL the server's share); /memory and /plain: the baseline's CPU ms over the page's"
            )
        if against_first:
            print("x first: the page's cost, in plain pages, over its cost at the first database and size")
        print(
            f"{'page':16}{'database':>11}{'entries':>11}{'tree':>14}{'CPU ms':>9}{'req/s' if served else 'clock':>8}"
            f"{'memory':>8}{'/memory':>8}{'plain':>7}{'/plain':>8}"
            + (f"{'rps/pl':>8}" if served else "")
            + (f"{'x first':>8}" if against_first else "")
        )
        for page in PAGES:
            for row in (row for row in chosen if row["page"] == page):
                beside = f"{row['rps']:8.1f}" if served else f"{milliseconds(row.get('clock_ms')):>8}"
                line = (
                    f"{page:16}{row['database']:>11}{row['entries']:>11,}{row['tree']:>14}{row['cpu_ms']:9.2f}{beside}"
                    f"{milliseconds(row['memory_ms']):>8}{ratio(row['memory_ms'], row['cpu_ms']):>8}"
                    f"{row['plain_ms']:7.3f}{ratio(row['plain_ms'], row['cpu_ms']):>8}"
                )
                if served:
                    line += f"{row['rps'] / row['plain_rps']:8.3f}"
                if against_first:
                    base = first[way, page, row["tree"]]
                    line += f"{ratio(row['cpu_ms'] / row['plain_ms'], base['cpu_ms'] / base['plain_ms']):>8}"
                print(line)


def load_test(tree_name: str, tree: Path, url: str, options) -> bool:
    """bench/load.py's users against the tree served on its database as measured; whether nothing was lost."""
    outcome = load.run(url, users=options.load_users, seconds=options.load_seconds, tree=tree)
    print(f"\nthe load test on {tree_name}'s copy at {options.entries[-1]:,} entries:", end="")
    load.report(argparse.Namespace(database=options.database, users=options.load_users), outcome)
    return not outcome.tally.errors and not outcome.lost


def summary(files: list[Path]) -> None:
    """Every row the runs recorded (``--record``), in one table."""
    rows = [json.loads(line) for file in files for line in file.read_text().splitlines() if line]
    print("\nAll the pages measured in this run:")
    print_rows(rows, against_first=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a commit to compare with (default: none, only --after)")
    parser.add_argument("--after", default=WORKING_TREE, help="a commit (default: the working tree as it is)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--entries", type=int, nargs="+", default=[10_000], help="timeline sizes, 250 entries a child, grown in turn"
    )
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--no-serve", action="store_true", help="in process only, no gunicorn")
    parser.add_argument(
        "--serve-entries", type=int, nargs="+", help="the sizes measured under gunicorn too (default: every size)"
    )
    # Turns of 3 seconds, four times over: with 2 seconds, twice, a page's figure moved by a
    # quarter from run to run (how the kernel hands wrk's connections to the workers).
    parser.add_argument("--seconds", type=int, default=12, help="wrk's time on each page and server, over all rounds")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=default_workers(), help="teamaround serve's default")
    parser.add_argument("--threads", type=int, default=THREADS_PER_WORKER)
    parser.add_argument(
        "--load-seconds", type=int, default=0, help="then bench/load.py's users on the last tree, at the last size"
    )
    parser.add_argument("--load-users", type=int, default=32)
    parser.add_argument("--record", type=Path, help="add the figures to this file, a JSON object a line")
    parser.add_argument("--summary", type=Path, nargs="+", help="only print the figures recorded in these files")
    options = parser.parse_args()
    if options.summary:
        summary(options.summary)
        return
    options.entries.sort()
    serve_at = set() if options.no_serve else set(options.serve_entries or options.entries)
    print(harness.machine(), flush=True)
    revisions = [revision for revision in (options.before, options.after) if revision]
    held = True
    options.failures = []
    with harness.trees(revisions) as found, harness.database(options.database) as url:
        first_name, first_tree = found[0]
        generated, readers = 0, None
        for entries in options.entries:
            # The database grows in place from one size to the next: the same people read the same
            # pages at every size, and only the rest of the data differs.
            children = (entries - generated) // harness.ENTRIES_PER_CHILD
            print(f"{first_name}: {harness.generate(url, children, first_tree)}", flush=True)
            generated = entries
            readers = readers or who_reads(first_tree, url)
            pages = pages_of(readers)
            urls = {}
            for name, tree in found:
                urls[name] = harness.copy_of(url, re.sub(r"\W", "_", f"tree_{name}_{entries}"))
                harness.run_in(tree, urls[name], harness.teamaround("db", "upgrade"))
            costs = {}
            for name, tree in found:
                costs[name] = in_process(tree, urls[name], pages, options.batches)
                print(f"in process, {name}, {entries:,} entries: done {harness.machine()}", flush=True)
            served = under_gunicorn(found, urls, pages, options) if entries in serve_at else None
            rows = rows_of(found, costs, served, options.database, entries)
            print_rows(rows)
            print(harness.machine(), flush=True)
            if options.record:
                with options.record.open("a") as record:
                    record.writelines(json.dumps(row) + "\n" for row in rows)
        if options.load_seconds:
            last_name, last_tree = found[-1]
            held = load_test(last_name, last_tree, urls[last_name], options)
    if options.failures:
        print("\n".join(["", *options.failures]))
    if not held or options.failures:
        raise SystemExit("the load test lost requests or writes" if not held else "requests failed under gunicorn")


if __name__ == "__main__":
    main()
