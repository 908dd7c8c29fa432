"""A page that only reads takes SQLite's write lock only to write its audit event, and lets
other requests write while it reads and renders; a change holds its transaction, and so
the write lock, until it has succeeded."""

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient
from sqlalchemy import event, select

from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.models import Child
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from demo import seed as demo
from webui import create_app
from webui.database import get_db


@pytest.fixture
def school(tmp_path):
    """The demo school in a file database, served by an app of its own, and whether the
    write lock was free each time a template finished rendering."""
    path = tmp_path / "school.sqlite"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db, db.begin():
        demo.ensure_demo(db, load_plugins(), CHEAPEST)
        child_id = db.scalar(select(Child.id).where(Child.full_name == "Amara Okafor"))
    engine.dispose()
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "locks", "PASSWORD_PROFILE": "cheapest", "WTF_CSRF_ENABLED": False}
    )
    lock_free = []

    def write_lock_is_free() -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()

    def after_rendering(_sender, **_):
        lock_free.append(write_lock_is_free())

    template_rendered.connect(after_rendering, app)
    client = app.test_client()
    client.post("/login", data={"email": "senco@demo.teamaround.example", "password": demo.DEMO_PASSWORD})
    lock_free.clear()
    yield School(client, child_id, lock_free, path, write_lock_is_free, app)
    template_rendered.disconnect(after_rendering, app)


@dataclass
class School:
    client: FlaskClient
    child_id: int
    lock_free: list[bool]
    path: Path
    write_lock_is_free: Callable[[], bool]
    app: Flask


def test_a_page_that_only_reads_has_let_go_of_the_write_lock_while_it_renders(school):
    assert school.client.get(f"/children/{school.child_id}").status_code == 200
    assert school.lock_free and all(school.lock_free)


def test_a_page_reads_the_timeline_without_the_write_lock(school):
    engine = school.app.extensions["teamaround.sessions"].kw["bind"]
    free_while_reading = []

    def on_read(_connection, _cursor, statement, *_):
        if statement.startswith("SELECT") and "FROM timeline_entries" in statement:
            free_while_reading.append(school.write_lock_is_free())

    event.listen(engine, "before_cursor_execute", on_read)
    try:
        assert school.client.get(f"/children/{school.child_id}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", on_read)
    assert free_while_reading and all(free_while_reading)


def test_a_page_whose_audit_event_cannot_be_written_is_not_shown(school):
    outside = sqlite3.connect(school.path, isolation_level=None)
    outside.execute(
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be written'); END"
    )
    outside.close()
    page = school.client.get(f"/children/{school.child_id}")
    assert page.status_code == 500
    assert "Amara" not in page.get_data(as_text=True)


def test_a_change_keeps_its_transaction_until_it_has_succeeded(school):
    refused = school.client.post(f"/children/{school.child_id}/entries", data={"kind": "update", "title": ""})
    assert refused.status_code == 400 and school.lock_free and not any(school.lock_free)


def test_a_read_that_fails_midway_gets_the_apps_error_page(school):
    app = create_app(school.app.config | {"DB_BIND": None})
    sessions = app.extensions["teamaround.sessions"]

    def a_view_that_writes_in_a_read():
        db = get_db()
        db.get(Child, school.child_id).full_name = "changed by a read"
        db.scalar(select(Child.id))  # the autoflush refuses the change
        return "never reached"

    app.add_url_rule("/a-faulty-read", view_func=a_view_that_writes_in_a_read)
    page = app.test_client().get("/a-faulty-read")
    assert page.status_code == 500
    assert "Back to your children" in page.get_data(as_text=True)
    with sessions() as db:
        assert db.get(Child, school.child_id).full_name == "Amara Okafor"
