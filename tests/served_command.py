"""A ``teamaround`` command that serves (``serve``, ``demo``) run as its own process for a test."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import free_port


@contextlib.contextmanager
def served_command(*arguments: str, env: dict):
    """``teamaround <arguments> --port P`` on a free port, waited for until it answers; yields
    its address, and stops it (and its workers) when the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "webui.cli", *arguments, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/login", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"teamaround {arguments[0]} did not start")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
