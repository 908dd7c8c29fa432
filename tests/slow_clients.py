"""Clients that send a request's head a byte at a time, as a slow-loris attack does (issue 24)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

HEAD = b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100


def _trickle(address: tuple[str, int], stop: threading.Event, context) -> None:
    with socket.create_connection(address, timeout=30) as raw:
        sock = context.wrap_socket(raw, server_hostname=address[0]) if context else raw
        for byte in HEAD:
            if stop.wait(0.5):
                return
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                return  # cut off by the server


@contextlib.contextmanager
def trickling(address: tuple[str, int], *, clients: int = 2, context=None):
    """``clients`` connections to ``address`` (over TLS with an ssl ``context``), each sending
    its head a byte every half second while the block runs; they are connected and sending
    when the block starts."""
    stop = threading.Event()
    threads = [threading.Thread(target=_trickle, args=(address, stop, context), daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
