"""The plain page: what 50 rows of a list cost in Flask with nothing of the project in it.

A fixed template (a title, a body and an author per row), compiled once and rendered from
rows held in memory, with Jinja's autoescaping as Flask sets it. It is the second baseline of
`bench/pages.py`: the existing one (`bench/bare_app.py`) renders the project's own template
from memory, so it grows and shrinks with the template it is meant to judge; this one stays
put. Served by gunicorn with the options ``teamaround serve`` uses, so only the app differs.

    .venv/bin/python bench/plain_app.py --port 5002
"""

from __future__ import annotations

import argparse

from flask import Flask, render_template

ROWS = 50
TEMPLATE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<h1>{{ title }}</h1>
<ol>
{% for row in rows %}<li><h3>{{ row.title }}</h3><p>{{ row.body }}</p><p class="meta">{{ row.author }}</p></li>
{% endfor %}</ol>
</body>
</html>
"""
PATH = "/plain"


def create_plain_app() -> Flask:
    app = Flask("plain")
    rows = [
        {
            "title": f"Update number {number}",
            "body": f"What happened at school on day {number}, in a sentence or two.",
            "author": "A class teacher",
        }
        for number in range(ROWS)
    ]

    template = app.jinja_env.from_string(TEMPLATE)  # compiled once, as a file's template is cached

    @app.get(PATH)
    def plain():
        return render_template(template, title="A plain list", rows=rows)

    return app


def main() -> None:
    # The server's options are the project's (how `teamaround serve` runs gunicorn); the app is not.
    from webui.cli import THREADS_PER_WORKER, GunicornServer, default_workers, gunicorn_options

    class PlainServer(GunicornServer):
        def load(self):
            return create_plain_app()

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5002)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--threads", type=int, default=THREADS_PER_WORKER)
    options = parser.parse_args()
    PlainServer(gunicorn_options(f"127.0.0.1:{options.port}", options.workers, options.threads)).run()


if __name__ == "__main__":
    main()
