"""``/healthz`` and ``/readyz`` for load balancers and process managers.

Both answer without signing in, as probes cannot, so they say nothing a stranger should
not learn: which checks failed and what an operator should do, never a record or a count.
``/healthz`` only says the process answers (restart it if not); ``/readyz`` says whether it
should be sent requests (:mod:`core.readiness`).
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from core import readiness
from core.types import utcnow
from webui.database import get_db
from webui.errors import RETRY_AFTER_SECONDS

blueprint = Blueprint("health", __name__)
_NOT_KEPT = {"Cache-Control": "no-store"}


@blueprint.get("/healthz")
def alive():
    return jsonify(status="up"), 200, _NOT_KEPT


@blueprint.get("/readyz")
def ready():
    found = readiness.check(get_db(), utcnow())
    if found.ready:
        return jsonify(status="ready"), 200, _NOT_KEPT
    return (
        jsonify(status="not ready", failures=found.failures),
        503,
        {**_NOT_KEPT, "Retry-After": str(RETRY_AFTER_SECONDS)},
    )
