"""A bare Flask app that renders the project's own pages from memory: the first baseline.

For each page asked for (a person and a path), the real app serves the page once, in this
process, through its own test client, and the template and the values it was rendered with
are kept (Flask's ``before_render_template``). The bare app then renders that template with
those values on every request: the same compiled ``child.html`` (same filters, translations,
URL map, CSRF token and session cookie) and nothing else, no database, no sign-in, no view. What the
values are is whatever the real view passes, so the baseline stays in step with the view of
the tree it runs in; the objects in them are detached from their session once the real page
has rendered, so a lazy load would fail instead of touching the database.

What it leaves out besides the database: the view's own work (the plugins' parts of each
entry are rendered once, in the values kept). Served by gunicorn with the options
``teamaround serve`` uses.

    .venv/bin/python bench/bare_app.py --page parent.0...@generated.teamaround.example /children/1
"""

from __future__ import annotations

import argparse
import logging
import re

from flask import Flask, abort, before_render_template, render_template, request
from flask_babel import Babel, get_locale

from webui import create_app, i18n
from webui.cli import THREADS_PER_WORKER, GunicornServer, default_workers, gunicorn_options

PASSWORD = "generated-password"  # every generated account's (bench/harness.py)
# What Flask adds to every page's values itself: the bare app's own request's are used instead.
FLASK_OWN = ("g", "request", "session", "config")
NO_DATABASE = ("teamaround.engine", "teamaround.sessions")


def signed_in_client(app: Flask, email: str):
    """A test client of ``app`` signed in as ``email`` through the real form."""
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    if answer.status_code != 302:
        raise RuntimeError(f"could not sign in as {email}: {answer.status_code}")
    return client


def pages_of(real: Flask, pages: list[tuple[str, str]]) -> dict[str, tuple]:
    """By path: the template each page rendered, its values and the reader's locale."""
    kept = {}

    def keep(_app, template, context, **_):
        values = {name: value for name, value in context.items() if name not in FLASK_OWN}
        kept[request.path] = (template, values, str(get_locale() or "en"))

    clients = {}
    with before_render_template.connected_to(keep, real):
        for email, path in pages:
            client = clients.get(email) or clients.setdefault(email, signed_in_client(real, email))
            answer = client.get(path)
            if answer.status_code != 200 or path not in kept:
                raise RuntimeError(f"{path} as {email} answered {answer.status_code} without a template")
    return kept


def create_bare_app(pages: list[tuple[str, str]]) -> Flask:
    real = create_app()  # for its settings, filters, globals and URL map, and to read each page once
    # create_app also filters gunicorn's access log (webui/security.py); that cost belongs
    # to the real app, where it is measured, not to the baseline.
    access_log = logging.getLogger("gunicorn.access")
    for log_filter in list(access_log.filters):
        access_log.removeFilter(log_filter)
    kept = pages_of(real, pages)
    app = Flask("webui")  # the webui package's templates and static files
    app.config.update(SECRET_KEY=real.config["SECRET_KEY"], TIMEZONE=real.config["TIMEZONE"])
    for rule in real.url_map.iter_rules():
        if rule.endpoint != "static":
            app.add_url_rule(rule.rule, endpoint=rule.endpoint, methods=rule.methods)
    Babel(app, locale_selector=lambda: kept[request.path][2], default_translation_directories=str(i18n.TRANSLATIONS))
    # The templates kept are the real app's, compiled in its environment with its filters and
    # globals (dates, glossary, vocabulary, locale, CSRF), none of which touches the database.
    for name, extension in real.extensions.items():  # the catalogues, glossary and plugins: not the database
        if name not in NO_DATABASE:
            app.extensions.setdefault(name, extension)
    for blueprint, functions in real.url_default_functions.items():  # static URLs with ?v=<hash>
        app.url_default_functions.setdefault(blueprint, []).extend(functions)
    adapter = real.url_map.bind("localhost")

    def from_memory(**_):
        if request.path not in kept:
            abort(404)
        template, values, _locale = kept[request.path]
        return render_template(template, **values)

    for path in kept:
        app.view_functions[adapter.match(path)[0]] = from_memory
    return app


class BareServer(GunicornServer):
    """The bare app built once, before the workers are forked: each worker signing in and
    reading the pages itself, all at once on a busy machine, could wait on SQLite's write lock
    for the audit events until a worker failed to boot and took the server down."""

    def __init__(self, options, pages):
        self.app = create_bare_app(pages)
        super().__init__(options)

    def load(self):
        return self.app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", nargs=2, action="append", required=True, metavar=("EMAIL", "PATH"))
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--threads", type=int, default=THREADS_PER_WORKER)
    options = parser.parse_args()
    # The options `teamaround serve` gives gunicorn, so only the app differs.
    BareServer(
        gunicorn_options(f"127.0.0.1:{options.port}", options.workers, options.threads),
        [tuple(page) for page in options.page],
    ).run()


if __name__ == "__main__":
    main()
