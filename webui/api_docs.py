"""The API's interactive documentation (Swagger UI), served from the installed package:
no CDN, and no inline script, so the page keeps the same Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, render_template

blueprint = Blueprint(
    "api_docs",
    __name__,
    static_folder=str(Path(flask_swagger_ui.__file__).parent / "dist"),
    static_url_path="/api/v1/docs/assets",
)


@blueprint.route("/api/v1/docs")
def page():
    return render_template("api_docs.html")
