"""A real HTTP receiver of webhooks on 127.0.0.1, as an agency's system would run one.

It checks each delivery's signature with the secret it was given, keeps the delivery ids it
has handled and ignores a repeat, and can be stopped (its port closed: connections are
refused) and started again on the same port, or told to fail after handling a delivery.
"""

from __future__ import annotations

import json
import threading
import time
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from core.webhooks import signing


class Receiver:
    def __init__(self):
        self.secret = ""
        self.requests: list[tuple[Message, bytes]] = []  # every request, repeats included
        self.handled: list[dict] = []  # each delivery's body, once, in the order handled
        self.seen_ids: set[str] = set()
        self.answer_after_handling = 200
        self.refusing: set[int] = set()  # records whose changes it answers 503 to, without handling them
        self.port = 0
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def receive(self, headers: Message, body: bytes) -> int:
        self.requests.append((headers, body))
        if not signing.verify(self.secret, headers, body, int(time.time())):
            return 401
        if json.loads(body)["change"]["id"] in self.refusing:
            return 503
        delivery_id = headers[signing.DELIVERY]
        if delivery_id not in self.seen_ids:
            self.seen_ids.add(delivery_id)
            self.handled.append(json.loads(body))
        return self.answer_after_handling

    def handled_for(self, child_id: int) -> list[int]:
        """The entries' ids handled for one child, in the order they came."""
        return [body["change"]["id"] for body in self.handled if body["change"]["child_id"] == child_id]


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = receiver.receive(self.headers, body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler
