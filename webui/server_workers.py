"""gunicorn's worker as ``teamaround serve`` runs it: a thread only for a request that has
arrived, and what gunicorn refuses answered in the API's error shape.

gunicorn's threaded worker hands a connection to one of its few threads as soon as a byte
arrives, and the thread then waits for the rest of the request's head: two clients trickling
their headers a byte at a time held both threads of a worker, and every other request waited
(issue 24). This worker reads the head in its event loop, where waiting costs nothing, gives
the connection a thread only once the head is whole, and drops a client whose head has not
arrived within ``HEAD_TIMEOUT`` (408). A body is still read by the thread: nginx in front
(docs/deploy.md) reads whole requests before passing them on.

A request line over ``limit_request_line`` (414) or headers over ``limit_request_field_size``
or ``limit_request_fields`` (431) never reaches Flask: gunicorn answers them itself, in HTML,
which a client generated from the OpenAPI document cannot read. This worker answers them, and
a head too slow to arrive, as every other error is answered, ``{"message": ..., "errors": {}}``.
"""

from __future__ import annotations

import json
import selectors
import time
from collections import deque
from functools import partial

from gunicorn import util
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker

# The limits gunicorn enforces, stated rather than left to its defaults (which they equal):
# an API URL with every filter of a timeline page is far below them.
LIMITS = {"limit_request_line": 8190, "limit_request_field_size": 8190, "limit_request_fields": 100}

# Seconds a client has to send a request's line and headers, from connecting or from the first
# byte of a request on a kept-alive connection: a phone on a poor line sends a kilobyte in one.
HEAD_TIMEOUT = 10
# Past this a head breaks gunicorn's limits whatever follows: its parser refuses it (414, 431).
LONGEST_HEAD = LIMITS["limit_request_line"] + LIMITS["limit_request_fields"] * (LIMITS["limit_request_field_size"] + 2)
HEAD_ENDS = (b"\r\n\r\n", b"\n\n")

OPTIONS = {
    **LIMITS,
    # Whose X-Forwarded-Proto is believed is TEAMAROUND_TRUSTED_PROXIES's alone (webui.proxies):
    # left to itself gunicorn believes it from any process on the same machine.
    "forwarded_allow_ips": "",
    # A kept-alive connection waits in the event loop, not in a thread, so it may wait longer
    # than nginx keeps its own to us (deploy/nginx: 60 s): nginx, not gunicorn, closes them,
    # and never sends a request on a connection gunicorn has just closed.
    "keepalive": 75,
}

REFUSALS = {
    LimitRequestLine: (414, "URI Too Long", f"The URL is too long: at most {LIMITS['limit_request_line']} bytes."),
    LimitRequestHeaders: (
        431,
        "Request Header Fields Too Large",
        f"The headers are too large: at most {LIMITS['limit_request_fields']} of them, "
        f"each at most {LIMITS['limit_request_field_size']} bytes.",
    ),
}
TOO_SLOW = (408, "Request Timeout", f"The request did not arrive within {HEAD_TIMEOUT} seconds: send it again.")


def refusal(status: int, reason: str, message: str) -> bytes:
    """A whole HTTP answer in the API's error shape, closing the connection."""
    body = json.dumps({"message": message, "errors": {}}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    return head + body


class HeadsFirstThreadWorker(ThreadWorker):
    """gunicorn's threaded worker, giving a connection a thread once its request's head is whole."""

    def init_process(self):
        self.heads_awaited = deque()  # in order of their deadlines, which all run HEAD_TIMEOUT
        super().init_process()

    def enqueue_req(self, conn):
        if self.cfg.is_ssl:
            return super().enqueue_req(conn)
        # A kept-alive connection may hold the start of its next request already.
        early = conn.parser.unreader.take_buffered() if conn.parser else b""
        if _whole(early, 0):
            conn.parser.unreader.unread(early)
            return super().enqueue_req(conn)
        conn.head, conn.head_deadline = bytearray(early), time.monotonic() + HEAD_TIMEOUT
        conn.sock.setblocking(False)
        self.heads_awaited.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._read_head, conn))
        return None

    def _read_head(self, conn, _sock):
        try:
            arrived = conn.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            arrived = b""
        if not arrived:  # the client went away
            self._stop_awaiting(conn)
            self._close(conn)
            return
        conn.head += arrived
        if _whole(conn.head, len(conn.head) - len(arrived)):
            self._stop_awaiting(conn)
            conn.sock.setblocking(True)
            conn.init()
            conn.parser.unreader.unread(bytes(conn.head))
            conn.data_ready, conn.head = True, None
            super().enqueue_req(conn)

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        while self.heads_awaited and self.heads_awaited[0].head_deadline <= now:
            conn = self.heads_awaited[0]
            self._stop_awaiting(conn)
            try:
                conn.sock.send(refusal(*TOO_SLOW))
            except OSError:
                pass  # a full buffer or a client gone: it is cut off all the same
            self._close(conn)

    def _stop_awaiting(self, conn):
        self.heads_awaited.remove(conn)
        self.poller.unregister(conn.sock)

    def _close(self, conn):
        self.nr_conns -= 1
        conn.close()

    def handle_error(self, req, client, addr, exc):
        answer = next((answer for kind, answer in REFUSALS.items() if isinstance(exc, kind)), None)
        if answer is None:
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            util.write_nonblock(client, refusal(*answer))
        except OSError:
            self.log.debug("Failed to send error message.")
        return None


def _whole(head: bytes | bytearray, new_from: int) -> bool:
    """The head has arrived, or so much of it that the parser will refuse it; only what is
    new since ``new_from`` (and the three bytes before) is searched for its end."""
    tail = head[max(0, new_from - 3) :]
    return any(end in tail for end in HEAD_ENDS) or len(head) > LONGEST_HEAD


WORKER_CLASS = f"{__name__}.{HeadsFirstThreadWorker.__name__}"
