"""The timeline page with nothing but rendering: the baseline the real app is measured against.

At start-up each worker reads one parent's first timeline page from the database with the
same core service the real view calls, then lets go of the database. Every request renders
the same ``child.html`` (same filters, translations, URL map, CSRF token and session cookie)
from those objects in memory; a lazy load would fail, so no request can touch the database.
Served by gunicorn with the options ``teamaround serve`` uses.

    .venv/bin/python bench/bare_app.py --email parent.0...@generated.teamaround.example --child 1
"""

from __future__ import annotations

import argparse
import logging

from flask import Flask, abort, render_template
from flask_babel import Babel
from markupsafe import Markup
from sqlalchemy import select

from core.messaging import notifications
from core.models import EntryKind, Person
from core.timeline import entries as timeline
from core.wording import English
from webui import create_app, i18n
from webui.auth import LoginUser
from webui.children import _POSTABLE
from webui.cli import THREADS_PER_WORKER, GunicornServer, default_workers, gunicorn_options


def create_bare_app(email: str, child_id: int) -> Flask:
    real = create_app()  # only for its settings, plugins and URL map, and to read the page once
    # create_app also filters gunicorn's access log (webui/security.py); that cost belongs
    # to the real app, where it is measured, not to the baseline.
    access_log = logging.getLogger("gunicorn.access")
    for log_filter in list(access_log.filters):
        access_log.removeFilter(log_filter)
    host = real.extensions["teamaround.plugins"]
    app = Flask("webui")  # the webui package's templates and static files
    app.config.update(SECRET_KEY=real.config["SECRET_KEY"], TIMEZONE=real.config["TIMEZONE"])
    for rule in real.url_map.iter_rules():
        if rule.endpoint != "static":
            app.add_url_rule(rule.rule, endpoint=rule.endpoint, methods=rule.methods)

    with real.extensions["teamaround.sessions"]() as db:
        person = db.scalars(select(Person).where(Person.email == email)).one()
        page = timeline.read_timeline(db, person, child_id)
        unread = notifications.unread_count(db, person)
        Babel(app, locale_selector=lambda: person.language.split("-")[0],
              default_translation_directories=str(i18n.TRANSLATIONS))
        # The real app's filters and template globals (dates, glossary, vocabulary, locale,
        # CSRF): none of them touches the database, and the page renders as the real one does.
        app.jinja_env.filters.update(real.jinja_env.filters)
        for name, value in real.jinja_env.globals.items():
            app.jinja_env.globals.setdefault(name, value)
        for blueprint, functions in real.url_default_functions.items():  # static URLs with ?v=<hash>
            app.url_default_functions.setdefault(blueprint, []).extend(functions)
        app.context_processor(lambda: {"current_user": LoginUser(person), "unread_notifications": unread})

        access = page.access
        postable = [kind for kind, action in _POSTABLE if access.can(action)]

        def child_timeline(child_id: int):
            if child_id != access.child.id:
                abort(404)
            rendered = {
                entry.id: Markup(host.hook.render_timeline_entry(
                    entry=entry, viewer=person, assessment_type=host.assessment_types.get(entry.payload_schema or ""),
                    reader=English()))
                for entry in page.entries
            }
            return render_template(
                "child.html", access=access, child=access.child, page=page, rendered=rendered,
                agencies=host.agencies, postable_kinds=postable, assessment_types=[], errors={}, form={},
                kinds=list(EntryKind), chosen={"kind": [], "agency": []},
            )

        app.view_functions["children.child_timeline"] = child_timeline
        with app.test_request_context(f"/children/{child_id}"):
            child_timeline(child_id)  # loads anything the template reaches lazily, while it still can
        db.expunge_all()  # from here on the objects are plain data in memory
        db.rollback()  # the audit event of this one read is not part of the benchmark
    return app


class BareServer(GunicornServer):
    def __init__(self, options, email, child_id):
        self.email, self.child_id = email, child_id
        super().__init__(options)

    def load(self):
        return create_bare_app(self.email, self.child_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", required=True)
    parser.add_argument("--child", type=int, required=True)
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--threads", type=int, default=THREADS_PER_WORKER)
    options = parser.parse_args()
    # The options `teamaround serve` gives gunicorn, so only the app differs.
    BareServer(
        gunicorn_options(f"127.0.0.1:{options.port}", options.workers, options.threads), options.email, options.child
    ).run()


if __name__ == "__main__":
    main()
