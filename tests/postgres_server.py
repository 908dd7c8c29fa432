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
    binaries = _binaries()
    # initdb refuses to run as root; CI runs as root, so the cluster belongs to postgres.
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    directory = Path(tempfile.mkdtemp(prefix="teamaround-pg-"))
    if as_owner:
        shutil.chown(directory, "postgres")
    data, log, port = directory / "data", directory / "server.log", _free_port()

    def run(*command):
        subprocess.run([*as_owner, *command], check=True, capture_output=True, text=True)

    try:
        run(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        options = (
            f"-k {directory} -p {port} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start")
    except (subprocess.CalledProcessError, OSError) as error:
        detail = getattr(error, "stderr", "") or ""
        server_log = log.read_text() if log.exists() else ""
        shutil.rmtree(directory, ignore_errors=True)
        raise PostgresUnavailable(f"PostgreSQL did not start: {error}\n{detail}\n{server_log}") from error
    try:
        with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {DATABASE}")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DATABASE}"
    finally:
        subprocess.run(
            [*as_owner, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(directory, ignore_errors=True)
