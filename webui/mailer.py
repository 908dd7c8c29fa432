"""Sending queued mail soon after a request, without making the request wait."""

from __future__ import annotations

import threading

from flask import Flask, current_app, g

from core.messaging import outbox


def init_app(app: Flask) -> None:
    app.teardown_request(_send_if_queued)


def mail_queued() -> None:
    """Called by a view whose service may have queued mail; sent once the request commits."""
    g.mail_queued = True


def _send_if_queued(exception):
    if exception is not None or not g.pop("mail_queued", False):
        return
    smtp_url = current_app.config.get("SMTP_URL")
    if not smtp_url or current_app.config.get("TESTING"):
        return  # tests and `teamaround outbox run` deliver explicitly
    factory = current_app.extensions["teamaround.sessions"]
    # Failures stay in the outbox for `teamaround outbox run` to retry.
    threading.Thread(target=outbox.deliver_due, args=(factory, smtp_url), daemon=True).start()
