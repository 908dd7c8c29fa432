"""Cross-origin calls to the API from a browser-based tool at an origin an administrator allows.

The setting ``TEAMAROUND_API_CORS_ORIGINS`` lists exact origins (``https://tool.example.org``,
comma-separated); unset, no other origin may call. Such a tool authenticates with a bearer
token: CORS here never allows credentials, so the session cookie is never sent cross-origin,
and an origin not listed gets no CORS header at all (never its own origin echoed back).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from flask_cors import CORS

# What a tool needs to send (a token, JSON, a version read, a key to retry safely) and to read.
ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-Match", "Idempotency-Key"]
EXPOSED_HEADERS = [
    "ETag",
    "Location",
    "Retry-After",
    "Idempotent-Replayed",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
]
PREFLIGHT_SECONDS = 600


def init_app(app: Flask, prefix: str) -> None:
    if origins := allowed_origins(app.config.get("API_CORS_ORIGINS")):
        CORS(
            app,
            resources={prefix + "/*": {"origins": origins}},
            supports_credentials=False,
            allow_headers=ALLOWED_HEADERS,
            expose_headers=EXPOSED_HEADERS,
            max_age=PREFLIGHT_SECONDS,
        )


def allowed_origins(setting: str | list[str] | None) -> list[str]:
    """The origins the setting names; a value that is not an exact origin (a wildcard, a
    pattern, a path) stops the start, since flask-cors would read it as a pattern."""
    names = setting.split(",") if isinstance(setting, str) else list(setting or [])
    origins = [name.strip() for name in names if name.strip()]
    for origin in origins:
        parts = urlsplit(origin)
        exact = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None
        if origin != exact or any(character in origin for character in "*\\]?$^[]()"):
            raise ValueError(f"TEAMAROUND_API_CORS_ORIGINS: {origin!r} is not an origin like https://tool.example.org")
    return origins
