"""One database session per request, committed when the request succeeds."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, before_render_template, current_app, g, got_request_exception, has_request_context, request
from sqlalchemy.orm import Session

from core.db import begin_reading, discard_reading, finish_reading, make_engine, make_session_factory
from core.plugins import PluginHost
from core.site import Site


def init_app(app: Flask) -> None:
    bind = app.config.get("DB_BIND") or make_engine(app.config["DATABASE_URL"])
    app.extensions["teamaround.engine"] = bind
    app.extensions["teamaround.sessions"] = make_session_factory(bind)
    app.after_request(_commit_on_success)
    app.teardown_appcontext(_close)
    before_render_template.connect(_commit_a_read_before_rendering, app)
    got_request_exception.connect(_discard_a_failed_request, app)


def get_engine(app: Flask):
    """The application's database, for what keeps its own connections (the rate-limit counters)."""
    return app.extensions["teamaround.engine"]


def get_db() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["teamaround.sessions"]()
        if _reads_only():
            begin_reading(g.db)
    return g.db


def _reads_only() -> bool:
    return has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")


def plugin_host() -> PluginHost:
    return current_app.extensions["teamaround.plugins"]


def _commit_on_success(response):
    # Reads write audit events too, so every successful request commits; an error
    # answer rolls back whatever a service had begun.
    db = g.get("db")
    if db is not None and response.status_code < 400:
        if _reads_only():
            finish_reading(db)
        else:
            db.commit()
    return response


def _commit_a_read_before_rendering(_app, template, context, **_):
    """A page that only reads has done its work by the time it renders: write its audit
    event then, so a page whose event cannot be written is never shown, and no lock is
    held while the template renders, the slowest part of a page. Requests that change
    something keep one transaction to the end, committed only if they succeed."""
    db = g.get("db")
    if db is not None and _reads_only():
        finish_reading(db)


def _discard_a_failed_request(_app, exception, **_):
    """Before the error page renders (and commits a read, see above), give up what the failed
    request had begun, so that the page neither writes it nor trips over it."""
    db = g.get("db")
    if db is not None:
        discard_reading(db)


def _close(_exception):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def site() -> Site:
    """This installation as the core's services need it, from the app's settings."""
    config = current_app.config
    return Site(
        host=plugin_host(),
        zone=config["TIMEZONE"],
        base_url=config["BASE_URL"],
        mail_enabled=bool(config.get("SMTP_URL")),
        reply_address=config.get("REPLY_ADDRESS") or None,
        readers=current_app.extensions["teamaround.catalogues"].reader,
        invitation_lifetime=timedelta(days=int(config["INVITATION_DAYS"])),
    )
