"""What the HTTP benchmarks share: a database to run against, a server started the way
``teamaround serve`` starts, a logged-in parent, wrk's figures and the workers' memory.

Everything runs from the repository's own .venv and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
# The tests' throwaway PostgreSQL server, from tests/; the repository goes first so that
# tests/webui and tests/core (namespace folders) never shadow the real packages.
sys.path[:0] = [str(ROOT)]
sys.path.append(str(ROOT / "tests"))

from postgres_server import running_postgres  # noqa: E402

from core.models import Membership, Person, PersonKind  # noqa: E402

# The cheap password profile for generated accounts and no second factor for staff (signing
# in is not what is measured), and no API rate limit in the way of a load run. The same
# values go to every process.
SETTINGS = {
    "PASSWORD_PROFILE": "cheapest",
    "SECRET_KEY": "bench",
    "API_RATE_LIMIT": "1000000 per minute",
    "SECOND_FACTOR_REQUIRED_FOR": "",
}
PASSWORD = "generated-password"
ENTRIES_PER_CHILD = 250  # the local authority's 5,000,000 entries over 20,000 children


def machine() -> str:
    """What the figures depend on, printed first: another busy process skews every one."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    memory = int(re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text()).group(1)) / 1024**2
    return f"{os.cpu_count()} cores, {memory:.0f} GiB memory, load average {load}, Python {sys.version.split()[0]}"


def app_config(url: str) -> dict:
    """Settings for an in-process ``create_app``, the same as the served processes get."""
    return {"DATABASE_URL": url, **SETTINGS}


def environment(url: str) -> dict:
    return {**os.environ, "TEAMAROUND_DATABASE_URL": url, **{f"TEAMAROUND_{k}": v for k, v in SETTINGS.items()}}


@contextlib.contextmanager
def database(kind: str):
    """The URL of an empty database of ``kind`` (sqlite or postgresql), gone afterwards."""
    if kind == "postgresql":
        with running_postgres() as url:
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="teamaround-bench-") as directory:
        yield f"sqlite:///{Path(directory) / 'bench.sqlite'}"


@contextlib.contextmanager
def given_or_generated(url: str | None, children: int):
    """``url``, or a SQLite database generated with ``children`` children for the run and gone
    afterwards (its summary printed): what the in-process tools read."""
    if url is not None:
        yield url
        return
    with database("sqlite") as generated:
        print(generate(generated, children), flush=True)
        yield generated


def copy_of(url: str, name: str) -> str:
    """A copy of the database at ``url`` beside it, called ``name``: SQLite's file, or a
    PostgreSQL database made from it as a template. Nothing may be writing to it meanwhile."""
    if url.startswith("sqlite"):
        source = Path(url.removeprefix("sqlite:///"))
        target = source.with_name(f"{name}.sqlite")
        for suffix in ("", "-wal"):  # a write-ahead log left behind holds committed pages too
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
        return f"sqlite:///{target}"
    base, database = url.rsplit("/", 1)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {database}"))
    admin.dispose()
    return f"{base}/{name}"


def generate(url: str, children: int, tree: Path = ROOT) -> str:
    """Add ``children`` children with full teams and timelines, with ``tree``'s generator;
    returns the command's summary.

    On PostgreSQL the tables are then vacuumed and analysed, as autovacuum would do to a live
    server's after so many rows: measured straight after a bulk load, before autovacuum has come
    round, the planner has no statistics and a SENCO's home read 150-217 ms of SQL at 100,000
    entries where it reads 22-31 after one ANALYZE. The VACUUM settles the rows' visibility
    (hint bits, the visibility map) before the database is copied: a copy made with
    ``CREATE DATABASE ... TEMPLATE`` takes its pages as they are, and starts with no activity
    counted, so autovacuum never comes round to it, while it may come round to the generated
    one in the middle of a run. SQLite is left as it is: nothing analyses a school's database,
    and its plans are chosen without statistics."""
    summary = run_in(
        tree, url, teamaround("generate", "--children", str(children), "--entries-per-child", str(ENTRIES_PER_CHILD))
    )
    if url.startswith("postgresql"):
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE"))
        engine.dispose()
    return summary


def parents(url: str, count: int) -> list[tuple[str, int]]:
    """(email, child id) of the first ``count`` generated parents."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Person.email, Membership.child_id)
            .join(Membership, Membership.person_id == Person.id)
            .where(Person.kind == PersonKind.PARENT)
            .order_by(Person.id)
            .limit(count)
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


# Transaction control and the audit chain's lock read no data; every other statement counts.
NOT_COUNTED = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.I)


def is_read(statement: str) -> bool:
    """Whether a statement reads: on PostgreSQL a SELECT also appends the audit event (core.records.audit)."""
    return statement.upper().startswith("SELECT") and "teamaround_append_audit_event" not in statement


@contextlib.contextmanager
def statements_run():
    """A list that collects, one line each, the SQL statements this process runs meanwhile."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_):
        if not NOT_COUNTED.match(statement):
            seen.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", count)


WORKING_TREE = "working tree"


@contextlib.contextmanager
def trees(revisions: list[str]):
    """(name, folder) of each revision: a commit exported to a temporary folder, or the working tree."""
    with tempfile.TemporaryDirectory(prefix="teamaround-trees-") as folder:
        found = []
        for revision in revisions:
            if revision == WORKING_TREE:
                found.append((WORKING_TREE, ROOT))
                continue
            commit = subprocess.run(
                ["git", "rev-parse", "--short", revision], cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout.strip()
            tree = Path(folder) / commit
            tree.mkdir()
            archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True)
            subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
            found.append((commit, tree))
        yield found


def in_tree(tree: Path) -> dict:
    """The environment that makes Python import the project from ``tree`` (ahead of the editable
    install; a command run with ``-c`` must also run in ``tree``, which Python puts first)."""
    return {"PYTHONPATH": str(tree)}


def teamaround(*arguments: str) -> list:
    """The ``teamaround`` command of the tree on PYTHONPATH (see :func:`in_tree`)."""
    return [VENV / "python", "-c", "from webui.cli import main; main()", *arguments]


def run_in(tree: Path, url: str, command: list) -> str:
    """What ``command`` printed, run with ``tree``'s code against the database at ``url``."""
    done = subprocess.run(command, env={**environment(url), **in_tree(tree)}, cwd=tree, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, command[:4]))} failed in {tree}:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


# API tokens made by a tree's own code (its models may differ from the working tree's): one
# line each, for the people whose e-mail addresses follow the database's URL.
MAKE_TOKENS = """
import sys
from sqlalchemy import select
from core.db import make_engine, make_session_factory
from core.models import Person
from core.people import tokens
with make_session_factory(make_engine(sys.argv[1]))() as db, db.begin():
    for email in sys.argv[2:]:
        print(tokens.create(db, db.scalars(select(Person).where(Person.email == email)).one(), {"name": "bench"})[1])
"""


def api_tokens(tree: Path, url: str, emails: list[str]) -> list[str]:
    """An API token of each person in ``emails``, in that order."""
    return run_in(tree, url, [VENV / "python", "-c", MAKE_TOKENS, url, *emails]).splitlines()[-len(emails) :]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A gunicorn server in its own process group, so stopping it stops every worker."""

    def __init__(self, command: list, url: str, extra_environment: dict | None = None, folder: Path = ROOT):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would stall the server
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)],
            env={**environment(url), **(extra_environment or {})},
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )

    def log_tail(self, size: int = 3000) -> str:
        """The end of the server's log; its last tracebacks, if there are any (leaving out
        those of the logging module's own errors, which would hide the application's)."""
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        tracebacks = re.findall(r"(?<!--- Logging error ---\n)^Traceback .*?^\S.*?$", text, re.MULTILINE | re.DOTALL)
        return "\n".join(tracebacks)[-size:] if tracebacks else text[-size:]

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            try:
                urllib.request.urlopen(f"{self.base}/login", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # any answer at all means it is up (the bare app has no /login)
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not answer in time")

    def _workers(self) -> list[Path]:
        """The /proc folders of the gunicorn workers (the master's children)."""
        workers = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                # The command name may hold spaces: the parent pid is the 2nd field after ")".
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    workers.append(stat.parent)
        return workers

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each gunicorn worker, from /proc."""
        sizes = []
        for worker in self._workers():
            with contextlib.suppress(OSError):
                status = (worker / "status").read_text()
                sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        return sorted(sizes)

    def worker_cpu_seconds(self) -> float:
        """CPU time (user and system) the gunicorn workers have used so far, from /proc."""
        ticks = 0
        for worker in self._workers():
            with contextlib.suppress(OSError):
                fields = (worker / "stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime and stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


@contextlib.contextmanager
def serving(command: list, url: str, extra_environment: dict | None = None, folder: Path = ROOT):
    server = Server(command, url, extra_environment, folder)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def teamaround_serve(workers: int, threads: int) -> list:
    return [VENV / "teamaround", "serve", "--workers", str(workers), "--threads", str(threads)]


def login(base: str, email: str) -> str:
    """The Cookie header of a session logged in through the real login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(f"{base}/login", data=data, timeout=10)
    session = next((cookie.value for cookie in jar if cookie.name == "session"), None)
    if session is None:
        raise RuntimeError(f"could not log in as {email}")
    return f"session={session}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# Redirects not followed: a page that sends you to /login is a failure here, not a 200.
NO_REDIRECTS = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, cookie: str, header: str = "") -> tuple[int, str]:
    """One GET, redirects not followed; ``header`` (a whole header line) is sent instead of the cookie."""
    name, value = header.split(": ", 1) if header else ("Cookie", cookie)
    request = urllib.request.Request(url, headers={name: value})
    try:
        with NO_REDIRECTS.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(number: str, unit: str) -> float:
    return float(number) * _UNITS_MS[unit]


def wrk(url: str, cookie: str, *, connections: int, seconds: int, header: str = "") -> dict:
    """Requests/s and latencies from wrk, with its count of failed answers and socket errors.
    ``header`` (a whole header line, an API token's) is sent instead of the cookie.

    The 30 s timeout keeps a slow answer in the latency figures instead of hiding it as
    a socket error (wrk gives up after 2 s by default).
    """
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            "-H",
            header or f"Cookie: {cookie}",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    out = done.stdout
    latency = {p: _ms(*re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE).groups()) for p in (50, 99)}
    slowest = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", out).groups()
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency[50],
        "p99_ms": latency[99],
        "max_ms": _ms(*slowest),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "failed": int(failed.group(1)) if failed else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }
