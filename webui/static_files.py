"""Static files cached for a year, under URLs that carry a hash of the file's content.

``url_for('static', filename='style.css')`` gives ``/static/style.css?v=<hash>``: a
changed file gets a new URL, so a browser may keep each version for good and a phone
on a slow connection fetches the style sheet once, with no build step. A request
without the current hash (a hand-typed URL, an old one) is revalidated as before.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from stat import S_ISREG

from flask import Flask, has_request_context, request, url_for
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 60 * 60
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
# Far more than a deployment's static files times its script roots; past it a URL is built each time.
_MOST_KEPT = 64


class ContentVersions:
    """The hash of each static file's content, worked out again only when the file changes."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def of(self, folder: str | None, filename: str) -> str | None:
        """The first 12 hex digits of the file's SHA-256, or None if there is no such file."""
        path = safe_join(folder, filename) if folder else None
        return None if path is None else self.at(path)

    def at(self, path: str) -> str | None:
        """The version of the file at ``path``, a safe one (see :meth:`of`), or None if there is no such file."""
        try:
            stat = os.stat(path)  # one look at the file, where isfile() and then stat() took two
        except (OSError, ValueError):
            return None
        if not S_ISREG(stat.st_mode):
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(path)
        if known is None or known[0] != stamp:
            known = (stamp, hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12])
            self._known[path] = known
        return known[1]


def init_app(app: Flask) -> None:
    versions = ContentVersions()

    def folder_of(endpoint: str) -> str | None:
        """The folder an endpoint serves: the app's ``static``, or a blueprint's ``<name>.static``."""
        if endpoint == "static":
            return app.static_folder
        name, _, view = endpoint.rpartition(".")
        blueprint = app.blueprints.get(name)
        return blueprint.static_folder if view == "static" and blueprint else None

    @app.url_defaults
    def add_content_version(endpoint: str, values: dict) -> None:
        if "filename" in values and "v" not in values and (folder := folder_of(endpoint)):
            if version := versions.of(folder, values["filename"]):
                values["v"] = version

    built: dict[tuple, str] = {}
    paths: dict[tuple, str | None] = {}  # by folder and name: names come from the templates, not requests

    def static_url(filename: str) -> str:
        """``url_for('static', filename=filename)``, built once for each version of the file and
        script root: every page links its style sheet and script, two URL builds a page that
        came out the same for everyone. The file is still looked at each time, so a changed
        file gets its new URL at once."""
        if not has_request_context():
            return url_for("static", filename=filename)
        folder = app.static_folder
        if (folder, filename) not in paths:
            paths[folder, filename] = safe_join(folder, filename) if folder else None
        version = versions.at(path) if (path := paths[folder, filename]) else None
        key = (request.script_root, filename, version)
        url = built.get(key)
        if url is None:
            url = url_for("static", filename=filename, **({"v": version} if version else {}))
            if len(built) < _MOST_KEPT:
                built[key] = url
        return url

    app.jinja_env.globals["static_url"] = static_url

    @app.after_request
    def cache_versioned_files(response):
        folder = folder_of(request.endpoint or "")
        filename = (request.view_args or {}).get("filename")
        version = versions.of(folder, filename) if folder and filename else None
        if version is not None and request.args.get("v") == version:
            response.headers["Cache-Control"] = IMMUTABLE
        return response
