"""Prometheus metrics at ``/metrics``, for an operator's alerts, behind ``TEAMAROUND_METRICS_TOKEN``
(a bearer token; without it the address does not exist).

Requests are counted by route pattern and status, and timed, in each process; under
``teamaround serve`` every gunicorn worker writes its counts to ``PROMETHEUS_MULTIPROC_DIR``
(``serve`` sets one) and a scrape adds them up, whichever worker answers it. What lives in
the database (mail waiting, failed sign-ins) or beside it (the newest audit checkpoint) is
read when scraped, so every worker reports the same. No figure names a person or a child.

prometheus_client chooses between one process and many when it is first imported, so it is
imported here only once the app is built, after ``serve`` has named the folder.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path
from time import perf_counter

from flask import Blueprint, Flask, Response, abort, current_app, g, request

from core.messaging import outbox
from core.people import throttle
from core.records import checkpoints
from core.types import utcnow
from webui.database import get_db

blueprint = Blueprint("metrics", __name__)
PROMETHEUS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"


def init_app(app: Flask) -> None:
    from prometheus_client import Counter, Histogram

    app.extensions["teamaround.metrics"] = {
        "requests": Counter("teamaround_http_requests", "Requests answered, by route pattern and status.",
                            ["method", "route", "status"], registry=None),
        "latency": Histogram("teamaround_http_request_duration_seconds", "Time to answer, by route pattern.",
                             ["route"], registry=None),
    }
    app.after_request(_count)
    app.register_blueprint(blueprint)


def _count(response: Response) -> Response:
    measured = current_app.extensions["teamaround.metrics"]
    route = request.url_rule.rule if request.url_rule else "(no route)"
    measured["requests"].labels(request.method, route, str(response.status_code)).inc()
    if (started := g.get("request_started")) is not None:  # set by webui.request_log
        measured["latency"].labels(route).observe(perf_counter() - started)
    return response


@blueprint.get("/metrics")
def scrape():
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    if not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return Response("A bearer token is required.\n", 401, {"WWW-Authenticate": 'Bearer realm="metrics"'})
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
    from prometheus_client.core import GaugeMetricFamily

    registry = CollectorRegistry()
    if os.environ.get(PROMETHEUS_DIRECTORY):
        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in current_app.extensions["teamaround.metrics"].values():
            registry.register(metric)
    registry.register(_Readings(GaugeMetricFamily, _readings()))
    return Response(generate_latest(registry), 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


def _readings() -> dict[str, tuple[str, float]]:
    """What the database and the checkpoint file say now, each as (help, value)."""
    db, now = get_db(), utcnow()
    mail = outbox.undelivered(db)
    readings = {
        "teamaround_outbox_waiting": ("E-mail that failed and waits to be tried again.", mail.waiting),
        "teamaround_outbox_oldest_waiting_seconds": (
            "Age of the oldest e-mail waiting to be tried again (0 when none).",
            (now - mail.oldest_waiting_since).total_seconds() if mail.oldest_waiting_since else 0.0,
        ),
        "teamaround_outbox_given_up": ("E-mail given up after days of failures.", mail.given_up),
        "teamaround_failed_logins_recent": (
            "Failed sign-ins over the throttle's window (15 minutes).", throttle.recent_failures(db, now),
        ),
    }
    if (path := current_app.config.get("AUDIT_CHECKPOINTS")) and (at := checkpoints.newest_at(Path(path))):
        readings["teamaround_audit_checkpoint_age_seconds"] = (
            "Age of the newest signed audit checkpoint.", (now - at).total_seconds()
        )
    return readings


class _Readings:
    """A collector of figures read once, at this scrape."""

    def __init__(self, family, readings: dict[str, tuple[str, float]]):
        self._family, self._readings = family, readings

    def collect(self):
        for name, (description, value) in self._readings.items():
            yield self._family(name, description, value=value)
