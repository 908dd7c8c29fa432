"""One JSON line per request, for an operator's log tools, and the request's id in the
answer (``X-Request-ID``) and on the error page, so that a person can quote it.

A line holds the request id, the method, the route's pattern (``/children/<int:child_id>``,
never the path: a calendar address carries its token, a query string what someone
searched for), the status, the time taken and the signed-in person's id: never a name, an
e-mail, a token or anything of a child, so the log may go to tools not cleared for
children's records.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import time

from flask import Flask, Response, current_app, g, request
from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-ID"
LOGGER = "teamaround.requests"
# What a proxy in front (nginx's $request_id: 32 hex digits) may hand on; anything else is replaced.
_PASSED_ON = re.compile(r"[A-Za-z0-9._-]{8,64}")

log = logging.getLogger(LOGGER)


def init_app(app: Flask) -> None:
    write_json_lines(log)
    app.before_request(_start)
    app.after_request(_finish)
    app.context_processor(lambda: {"request_id": request_id()})


def _json_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter("{asctime}{levelname}{message}", style="{", rename_fields={
        "asctime": "time", "levelname": "level"}))
    return handler


def write_json_lines(logger: logging.Logger) -> None:
    """Have ``logger`` write JSON lines to standard error, unless it is set up already."""
    if not logger.handlers:
        logger.addHandler(_json_handler())
        logger.setLevel(logging.INFO)
        logger.propagate = False


def request_id() -> str:
    """This request's id: the one a trusted proxy gave it, or a new one."""
    if "request_id" not in g:
        passed_on = request.headers.get(HEADER, "")
        trusted = current_app.config.get("TRUSTED_PROXIES") and _PASSED_ON.fullmatch(passed_on)
        g.request_id = passed_on if trusted else secrets.token_hex(16)
    return g.request_id


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _finish(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    started = g.get("request_started", time.perf_counter())
    log.info("request", extra={
        "request_id": request_id(),
        "method": request.method,
        "route": request.url_rule.rule if request.url_rule else None,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "person_id": _person_id(),
    })
    return response


def _person_id() -> int | None:
    """The id of whoever the request signed in (a session or an API token), without loading
    anyone a request did not load: the log must not cost a query, or fail when the database does."""
    if (api_person := g.get("api_person")) is not None:
        return api_person.id
    signed_in = g.get("_login_user")
    return getattr(getattr(signed_in, "person", None), "id", None)
