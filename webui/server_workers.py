"""gunicorn's workers as ``teamaround serve`` runs them, answering in the API's error shape
what gunicorn refuses before the application sees the request.

A request line over ``limit_request_line`` (414) or headers over ``limit_request_field_size``
or ``limit_request_fields`` (431) never reaches Flask: gunicorn answers them itself, in HTML,
which a client generated from the OpenAPI document cannot read. These workers answer them
as every other error is answered, ``{"message": ..., "errors": {}}`` in JSON.
"""

from __future__ import annotations

import json

from gunicorn import util
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker
from gunicorn.workers.sync import SyncWorker

# The limits gunicorn enforces, stated rather than left to its defaults (which they equal):
# an API URL with every filter of a timeline page is far below them.
LIMITS = {"limit_request_line": 8190, "limit_request_field_size": 8190, "limit_request_fields": 100}

# Whose X-Forwarded-Proto is believed is TEAMAROUND_TRUSTED_PROXIES's alone (webui.proxies):
# left to itself gunicorn believes it from any process on the same machine.
OPTIONS = {**LIMITS, "forwarded_allow_ips": ""}

REFUSALS = {
    LimitRequestLine: (414, "URI Too Long", f"The URL is too long: at most {LIMITS['limit_request_line']} bytes."),
    LimitRequestHeaders: (
        431,
        "Request Header Fields Too Large",
        f"The headers are too large: at most {LIMITS['limit_request_fields']} of them, "
        f"each at most {LIMITS['limit_request_field_size']} bytes.",
    ),
}


class _RefusalsInErrorShape:
    def handle_error(self, req, client, addr, exc):
        refusal = next((answer for kind, answer in REFUSALS.items() if isinstance(exc, kind)), None)
        if refusal is None:
            return super().handle_error(req, client, addr, exc)
        status, reason, message = refusal
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        body = json.dumps({"message": message, "errors": {}}).encode()
        head = (
            f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode("latin-1")
        try:
            util.write_nonblock(client, head + body)
        except OSError:
            self.log.debug("Failed to send error message.")
        return None


class JsonRefusalsSyncWorker(_RefusalsInErrorShape, SyncWorker):
    """gunicorn's worker for one thread a process."""


class JsonRefusalsThreadWorker(_RefusalsInErrorShape, ThreadWorker):
    """gunicorn's worker for several threads a process."""


def worker_class(threads: int) -> str:
    """The worker gunicorn would choose for ``threads``, answering its refusals in JSON."""
    chosen = JsonRefusalsThreadWorker if threads > 1 else JsonRefusalsSyncWorker
    return f"{__name__}.{chosen.__name__}"
