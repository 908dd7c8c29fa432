"""Service errors as HTTP answers: never a 500 for a person's mistake."""

from __future__ import annotations

from flask import Flask, render_template

from core.errors import Conflict, Forbidden, InvalidInput, NotFound


def init_app(app: Flask) -> None:
    @app.errorhandler(NotFound)
    @app.errorhandler(404)
    def not_found(_error):
        return render_template(
            "error.html", title="Page not found", message="There is nothing here, or you do not have access to it."
        ), 404

    @app.errorhandler(Forbidden)
    def forbidden(error):
        return render_template("error.html", title="Not allowed", message=str(error)), 403

    @app.errorhandler(Conflict)
    def conflict(error):
        return render_template("error.html", title="This has changed", message=str(error)), 409

    @app.errorhandler(InvalidInput)
    def invalid(error):
        return render_template(
            "error.html",
            title="Please check what you entered",
            message="Some answers need correcting.",
            errors=error.errors,
        ), 400
