"""``Idempotency-Key`` on every API POST, in one place: a repeat gets the first answer again.

Registered on every API blueprint after authentication (the key is the caller's own);
the answer is kept just before the request's transaction commits, and only a success is
kept: a refused request changed nothing, so sending it again asks afresh.
"""

from __future__ import annotations

import re

from flask import Response, current_app, g, request

from core.errors import InvalidInput
from core.sync import idempotency
from webui.database import get_db

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# Printable ASCII without spaces at either end, as sent; what the OpenAPI document states.
KEY_PATTERN = r"^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$"
HEADER_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": "Send the same key again with the same request to get the first answer again, "
    "with nothing done twice; kept 24 hours, per person.",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": KEY_PATTERN},
}
# What a repeat needs of the first answer's headers besides its body.
KEPT_HEADERS = ("Content-Type", "Location", "ETag")


def replay_or_reserve() -> Response | None:
    """Before a POST with a key: the first answer again, or the key reserved for this one."""
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None:
        return None
    if re.fullmatch(KEY_PATTERN, key) is None or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput({HEADER: [f"Send a key of 1 to {MAX_KEY_LENGTH} printable ASCII characters."]})
    asked = idempotency.fingerprint(request.method, request.full_path, request.get_data(cache=True))
    kept = idempotency.kept_or_reserved(get_db(), g.api_person, key, asked)
    if kept.status is None:
        g.kept_answer = kept
        return None
    response = current_app.response_class(kept.body, status=kept.status, headers=kept.headers)
    response.headers["Idempotent-Replayed"] = "true"
    return response


def keep_answer(response: Response) -> Response:
    reserved = g.pop("kept_answer", None)
    if reserved is not None and response.status_code < 400:
        headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
        idempotency.keep(reserved, status=response.status_code, body=response.get_data(as_text=True), headers=headers)
    return response
