"""A page that only reads lets other requests write while it renders; a change holds its
transaction, and so SQLite's write lock, until it has succeeded."""

import sqlite3

import pytest
from flask import template_rendered
from sqlalchemy import select

from core import demo
from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.models import Child
from core.passwords import CHEAPEST
from core.plugins import load_plugins
from webui import create_app


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
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "locks", "PASSWORD_PROFILE": "cheapest",
                      "WTF_CSRF_ENABLED": False})
    lock_free = []

    def try_the_write_lock(_sender, **_):
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            lock_free.append(True)
        except sqlite3.OperationalError:
            lock_free.append(False)
        finally:
            other.close()

    template_rendered.connect(try_the_write_lock, app)
    client = app.test_client()
    client.post("/login", data={"email": "senco@demo.teamaround.example", "password": demo.DEMO_PASSWORD})
    lock_free.clear()
    yield client, child_id, lock_free
    template_rendered.disconnect(try_the_write_lock, app)


def test_a_page_that_only_reads_has_let_go_of_the_write_lock_while_it_renders(school):
    client, child_id, lock_free = school
    assert client.get(f"/children/{child_id}").status_code == 200
    assert lock_free and all(lock_free)


def test_a_change_keeps_its_transaction_until_it_has_succeeded(school):
    client, child_id, lock_free = school
    refused = client.post(f"/children/{child_id}/entries", data={"kind": "update", "title": ""})
    assert refused.status_code == 400 and lock_free and not any(lock_free)
