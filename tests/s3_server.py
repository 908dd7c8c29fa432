"""A throwaway S3-compatible server for the test run: moto's standalone server, on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


class S3Unavailable(RuntimeError):
    """moto_server is not installed or would not start."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _binary() -> str:
    beside_python = Path(sys.executable).parent / "moto_server"
    found = str(beside_python) if beside_python.exists() else shutil.which("moto_server")
    if found is None:
        raise S3Unavailable("no moto_server (pip install 'moto[server]', in the test extras)")
    return found


@contextlib.contextmanager
def running_s3(timeout: float = 30):
    """Yield the endpoint URL of a fresh server; stop it afterwards.

    ``TEAMAROUND_TEST_S3_URL`` points the tests at a server of your own instead.
    """
    if url := os.environ.get("TEAMAROUND_TEST_S3_URL"):
        yield url
        return
    port = _free_port()
    server = subprocess.Popen([_binary(), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise S3Unavailable(f"moto_server did not start: {server.stderr.read().decode(errors='replace')}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)
