"""A throwaway PostgreSQL server for the test run, started from the machine's binaries."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

DATABASE = "teamaround_test"


class PostgresUnavailable(RuntimeError):
    """The server binaries are missing or the server would not start."""


def _binaries() -> Path:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return Path(versions[-1]).parent
    raise PostgresUnavailable("no initdb on PATH or in /usr/lib/postgresql/*/bin (apt-get install postgresql)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_postgres():
    """Yield the SQLAlchemy URL of a fresh cluster; stop and delete it afterwards.

    ``TEAMAROUND_TEST_POSTGRES_URL`` points the tests at a server of your own instead.
    """
    if url := os.environ.get("TEAMAROUND_TEST_POSTGRES_URL"):
        yield url
        return
    with postgres_cluster() as cluster:
        yield cluster.url


class Cluster:
    """A cluster of the test's own, which it may stop and start again (a database that goes
    down and comes back) on the same address."""

    def __init__(self, binaries: Path, directory: Path):
        self._binaries = binaries
        # initdb refuses to run as root; CI runs as root, so the cluster belongs to postgres.
        self._as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self._data, self._log, self.port = directory / "data", directory / "server.log", _free_port()
        self._options = (
            f"-k {directory} -p {self.port} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *command, check=True):
        subprocess.run([*self._as_owner, *command], check=check, capture_output=True, text=True)

    def create(self) -> None:
        self._run(str(self._binaries / "initdb"), "-D", str(self._data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-sync")
        self.start()
        server = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {DATABASE}")

    def start(self) -> None:
        self._run(str(self._binaries / "pg_ctl"), "-D", str(self._data), "-l", str(self._log), "-w", "-o",
                  self._options, "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop, cutting open connections; ``fast`` first writes what was committed (the
        cluster runs with ``synchronous_commit=off``), ``immediate`` does not: only for the end."""
        self._run(str(self._binaries / "pg_ctl"), "-D", str(self._data), "-m", mode, "-w", "stop", check=False)

    def log(self) -> str:
        return self._log.read_text() if self._log.exists() else ""


@contextlib.contextmanager
def postgres_cluster():
    """Yield a fresh :class:`Cluster` with an empty database; stop and delete it afterwards."""
    binaries = _binaries()
    directory = Path(tempfile.mkdtemp(prefix="teamaround-pg-"))
    cluster = None
    try:
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres")
        cluster = Cluster(binaries, directory)
        cluster.create()
    except (subprocess.CalledProcessError, OSError, psycopg.Error) as error:
        detail = getattr(error, "stderr", "") or ""
        if cluster is not None:
            detail += "\n" + cluster.log()
            cluster.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)
        raise PostgresUnavailable(f"PostgreSQL did not start: {error}\n{detail}") from error
    try:
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)
