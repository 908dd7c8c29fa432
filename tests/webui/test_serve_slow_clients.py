"""``teamaround serve`` reached directly, with no proxy to buffer requests: a client slow to
send its request's head holds none of gunicorn's threads, and is cut off once it is too slow
(issue 24 point 7). One process of two threads, the instance two slow clients used to stall."""

import http.client
import os
import socket
import time
import urllib.parse
import urllib.request

import pytest
from served_command import served_command
from slow_clients import trickling

from core import migrations
from webui.server_workers import HEAD_TIMEOUT


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The address of ``teamaround serve`` with one process of two threads."""
    folder = tmp_path_factory.mktemp("slow-clients")
    url = f"sqlite:///{folder / 'served.sqlite'}"
    migrations.upgrade(url)
    env = {
        **os.environ,
        "TEAMAROUND_DATABASE_URL": url,
        "TEAMAROUND_SECRET_KEY": "slow-clients",
        "TEAMAROUND_INSTANCE_PATH": str(folder),
    }
    with served_command("serve", "--workers", "1", "--threads", "2", env=env) as base:
        host, port = urllib.parse.urlsplit(base).netloc.split(":")
        yield host, int(port)


def answers(connection: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def test_two_slow_clients_do_not_delay_another_request(served):
    with trickling(served):
        started = time.monotonic()
        urllib.request.urlopen(f"http://{served[0]}:{served[1]}/healthz", timeout=10).close()
        assert time.monotonic() - started < 2


def test_a_head_not_whole_in_time_is_answered_408_and_closed(served):
    with socket.create_connection(served, timeout=HEAD_TIMEOUT + 5) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        answer = answers(connection)
    assert answer.startswith(b"HTTP/1.1 408 ") and b'"message"' in answer
    assert HEAD_TIMEOUT - 1 < time.monotonic() - started < HEAD_TIMEOUT + 2


def test_requests_sent_back_to_back_on_one_connection_are_each_answered(served):
    with socket.create_connection(served, timeout=10) as connection:
        connection.sendall(
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        assert answers(connection).count(b"HTTP/1.1 200 OK") == 2


def test_a_head_that_arrives_in_pieces_on_a_kept_alive_connection_is_answered(served):
    kept_alive = http.client.HTTPConnection(*served, timeout=10)
    kept_alive.request("GET", "/healthz")
    assert kept_alive.getresponse().read() and kept_alive.sock is not None  # still open
    for piece in (b"GET /healthz HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"Connection: close\r\n\r\n"):
        kept_alive.sock.sendall(piece)
        time.sleep(0.2)
    assert answers(kept_alive.sock).startswith(b"HTTP/1.1 200 OK")
    kept_alive.close()
