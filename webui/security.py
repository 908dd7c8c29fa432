"""Security headers on every response, and cookies marked Secure behind HTTPS."""

from __future__ import annotations

import logging
import re

from flask import Flask

# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class RedactFeedTokens(logging.Filter):
    """Feed tokens are secrets: keep them out of request logs (werkzeug's, gunicorn's).

    Whatever follows ``/calendar/`` up to the query string is dropped, with or without
    ``.ics``: a calendar or a person may ask for the address in any shape, and a
    mistyped one is as secret as a right one. The settings page, ``/account/calendar/...``,
    holds no token and is left readable.
    """

    PATTERN = re.compile(r"(?<!/account)/calendar/[^\s\"?#]+", re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        # werkzeug logs with a tuple of arguments; gunicorn's access log with a mapping of atoms.
        if isinstance(record.args, dict):
            # In place: gunicorn's mapping answers "-" for an atom it lacks, a plain dict would not.
            for key, value in record.args.items():
                record.args[key] = self._redact(value)
        elif record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(self._redact(arg) for arg in args)
        record.msg = self._redact(record.msg)
        return True

    def _redact(self, value):
        return self.PATTERN.sub("/calendar/[token]", value) if isinstance(value, str) else value


def init_app(app: Flask) -> None:
    if str(app.config.get("BASE_URL", "")).startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.after_request(_add_headers)
    # The servers' request logs, gunicorn's errors, and Flask's "Exception on <path>".
    for logger in (*map(logging.getLogger, ("werkzeug", "gunicorn.access", "gunicorn.error")), app.logger):
        if not any(isinstance(f, RedactFeedTokens) for f in logger.filters):
            logger.addFilter(RedactFeedTokens())


# Each header with its name as compared (header names are case-insensitive).
_ADDED = tuple((name, name.lower(), value) for name, value in HEADERS.items())


def _add_headers(response):
    # Those a view set itself are kept: the names present are read in one pass, where a
    # lookup for each header would read them all again every time.
    headers = response.headers
    present = {name.lower() for name, _ in headers}
    for name, compared, value in _ADDED:
        if compared not in present:
            headers.add(name, value)
    if response.mimetype == "text/html" and "cache-control" not in present:
        # Pages about children are never kept by shared caches or the back button.
        headers.add("Cache-Control", "no-store")
    return response
