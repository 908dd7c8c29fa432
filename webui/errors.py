"""Errors as HTTP answers: an HTML page for people, JSON under /api. Never a 500 for a mistake."""

from __future__ import annotations

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from webui.database import get_db

CHANGED_MEANWHILE = _l(
    "Someone else saved a change here while you were writing. Their change is on the page now, and what "
    "you typed is kept in the form: check it, then save again."
)

RETRY_AFTER_SECONDS = 30
# What a database that is down, restarting or overloaded raises; it passes, so the answer is
# 503 with Retry-After rather than a 500.
UNAVAILABLE = (OperationalError, DisconnectionError, PoolTimeout)

PAGES = {
    404: (_l("Page not found"), _l("There is nothing here, or you do not have access to it.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
}


def init_app(app: Flask) -> None:
    @app.errorhandler(NotFound)
    def not_found(_error):
        return _page(404, *PAGES[404])

    @app.errorhandler(Forbidden)
    def forbidden(error):
        return _page(403, _("Not allowed"), str(error))

    @app.errorhandler(Conflict)
    def conflict(error):
        return _page(409, _("This has changed"), str(error))

    @app.errorhandler(InvalidInput)
    def invalid(error):
        return _page(400, _("Please check what you entered"), _("Some answers need correcting."), error.errors)

    for error_class in UNAVAILABLE:
        app.register_error_handler(error_class, database_unavailable)
    app.register_error_handler(HTTPException, http_error)
    app.add_template_filter(reasons, "reasons")


def changed_meanwhile() -> dict[str, list[str]]:
    """A stale save (409: someone else saved first) as its form's error, for a page that shows
    the form again with what the person typed, on the version saved since. What the failed
    save had begun is given up first, so the page reads the record as it is now."""
    get_db().rollback()
    return {"version": [str(CHANGED_MEANWHILE)]}


def reasons(messages: list[str]) -> str:
    """Why an answer needs correcting, in the reader's language: the core marks its
    messages for the catalogue (core.plain_errors) and leaves the translating to pages."""
    return " ".join(_(message) for message in messages)


def http_error(error: HTTPException):
    """A 404, 405, 413 or 500 as the API's JSON under /api/, else as a page of the app's own."""
    if request.path.startswith("/api/"):
        return error_response(error.code or 500, error.description or error.name)
    title, message = PAGES.get(error.code, (error.name, error.description))
    return _page(error.code or 500, title, message)


def database_unavailable(error: SQLAlchemyError):
    """The database cannot be reached: 503, in the API's shape or on the app's own page in the
    reader's language, drawn without the database. The signed-in person is not loaded again
    (their session is untouched): the page is drawn as for someone not signed in."""
    current_app.logger.warning("database unavailable: %s", type(error).__name__)
    _give_up_the_session()
    current_app.login_manager._update_request_context_with_user()  # anonymous for this answer only
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/"):
        response = error_response(503, "The records cannot be reached for a moment: try again shortly.")
        response.headers.update(headers)
        return response
    title, message = _("Not available just now"), _(
        "Teamaround cannot reach its records for a moment. If you were saving something, it was not saved: "
        "go back and save it again in a minute."
    )
    return *_page(503, title, message), headers


def _give_up_the_session() -> None:
    db = g.pop("db", None)
    if db is not None:
        try:
            db.close()
        except SQLAlchemyError:
            db.invalidate()


def error_response(status: int, message: str, errors: dict | None = None):
    """The API's one error shape: ``{"message": ..., "errors": {field: [reasons]}}``."""
    response = jsonify({"message": message, "errors": errors or {}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="teamaround"'
    return response


def _page(status, title, message, errors=None):
    return render_template("error.html", title=title, message=message, errors=errors), status
