"""What a request may send: how much, and form text that is text.

One setting, ``TEAMAROUND_MAX_BODY_BYTES``, bounds every JSON and form body; a body over
it is answered 413 before it is read (from its Content-Length, or as soon as a streamed
one passes the limit). A route that takes a file is marked with :func:`accepts_upload`
and the setting of its own larger limit (calendar files: ``TEAMAROUND_MAX_CALENDAR_BYTES``);
the form fields beside the file stay bounded by the first. The limit is set before
anything reads the body, CSRF protection included, so this is initialised first.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl

from flask import Flask, current_app, request

from core.errors import InvalidInput

BODY_LIMIT = "MAX_BODY_BYTES"
_UPLOAD_LIMIT = "teamaround_upload_limit"


def init_app(app: Flask) -> None:
    app.config.setdefault(BODY_LIMIT, 1024 * 1024)
    # A year of a busy calendar exported as .ics runs to a few megabytes.
    app.config.setdefault("MAX_CALENDAR_BYTES", 5 * 1024 * 1024)
    app.before_request(_limit_body)


def accepts_upload(setting: str) -> Callable:
    """Mark a view (a function, or an API's MethodView class) that takes a file: its request
    may be as large as the setting ``setting``."""

    def mark(view):
        setattr(view, _UPLOAD_LIMIT, setting)
        return view

    return mark


def _limit_body() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    setting = getattr(view, _UPLOAD_LIMIT, None) or getattr(getattr(view, "view_class", None), _UPLOAD_LIMIT, None)
    request.max_content_length = current_app.config[setting or BODY_LIMIT]
    request.max_form_memory_size = current_app.config[BODY_LIMIT]
    if request.mimetype == "application/x-www-form-urlencoded":
        _require_utf8_form(request.get_data(cache=True))


def _require_utf8_form(body: bytes) -> None:
    """Refuse a form whose text, percent-decoded, is not UTF-8 (a lone surrogate, a cut-off
    character). Werkzeug would keep such bytes as literal ``%ED%A0%80`` text, or drop the
    whole form if they came unencoded; browsers never send either."""
    try:
        parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise InvalidInput({"_form": ["The form's text could not be read: go back and send it again."]}) from None
