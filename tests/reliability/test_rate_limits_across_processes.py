"""With no shared store configured, the API's rate-limit counters live in the application's
database: two processes (two apps over one database) serve one allowance between them,
and counting from many threads at once loses no request."""

import re
import threading
import time

import pytest
from conftest import PASSWORD
from sqlalchemy import select

from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.models import RateLimitCounter
from core.people import team
from core.people import tokens as api_tokens
from core.people.passwords import CHEAPEST
from core.rate_limits import DatabaseStorage
from webui import create_app


@pytest.mark.parametrize("fresh_url", ["postgresql", "sqlite"], indirect=True)
def test_two_processes_serve_one_allowance_between_them(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    with make_session_factory(engine)() as db, db.begin():
        senco = team.create_person(db, {"full_name": "Priya Shah", "email": "senco@example.org",
                                        "kind": "school_staff", "agency": "school"},
                                   password_hash=CHEAPEST.hash(PASSWORD))
        _, secret = api_tokens.create(db, senco, {"name": "Agency system"})
    engine.dispose()
    settings = {"DATABASE_URL": fresh_url, "SECRET_KEY": "limits", "PASSWORD_PROFILE": "cheapest",
                "API_RATE_LIMIT": "4 per minute", "RATELIMIT_STORAGE_URI": ""}  # the default: no shared store
    clients = [create_app(settings).test_client() for _ in range(2)]
    headers = {"Authorization": f"Bearer {secret}"}
    answers = [clients[number % 2].get("/api/v1/glossary", headers=headers).status_code for number in range(6)]
    assert answers == [200, 200, 200, 200, 429, 429]


@pytest.mark.parametrize("fresh_url", ["postgresql", "sqlite"], indirect=True)
def test_counting_at_once_from_many_threads_loses_no_request(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    storage = DatabaseStorage(engine=engine)

    def count():
        for _ in range(25):
            storage.incr("token:shared", 60)

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert storage.get("token:shared") == 100
    engine.dispose()


@pytest.mark.parametrize("fresh_url", ["postgresql", "sqlite"], indirect=True)
def test_counters_of_windows_that_ended_are_forgotten_when_a_window_begins(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    storage = DatabaseStorage(engine=engine)
    storage.incr("token:guessed", 0.001)
    threading.Event().wait(0.01)
    storage.incr("token:real", 60)
    with engine.connect() as connection:
        keys = connection.execute(select(RateLimitCounter.key)).scalars().all()
    assert keys == ["token:real"]
    engine.dispose()


def _signed_in_client(fresh_url):
    """A browser signed in to an app that counts in its own database (the default)."""
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    with make_session_factory(engine)() as db, db.begin():
        team.create_person(db, {"full_name": "Priya Shah", "email": "senco@example.org",
                                "kind": "school_staff", "agency": "school"},
                           password_hash=CHEAPEST.hash(PASSWORD))
    engine.dispose()
    client = create_app({"DATABASE_URL": fresh_url, "SECRET_KEY": "limits", "PASSWORD_PROFILE": "cheapest",
                         "RATELIMIT_STORAGE_URI": "", "WTF_CSRF_ENABLED": False}).test_client()
    client.post("/login", data={"email": "senco@example.org", "password": PASSWORD})
    return client


@pytest.mark.parametrize("fresh_url", ["postgresql", "sqlite"], indirect=True)
def test_a_signed_in_browser_changes_records_through_the_api_at_once(fresh_url):
    """Counting a session's request never waits on the request's own transaction, which on
    SQLite holds the one write lock from its start."""
    client = _signed_in_client(fresh_url)
    page = client.get("/account/tokens").get_data(as_text=True)
    csrf = {"X-CSRFToken": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)}
    started = time.monotonic()
    answer = client.post("/api/v1/tokens", json={"name": "Clinic system"}, headers=csrf)
    assert answer.status_code == 201 and time.monotonic() - started < 1


@pytest.mark.parametrize("fresh_url", ["postgresql", "sqlite"], indirect=True)
def test_a_signed_in_person_asks_for_a_password_link_at_once(fresh_url):
    """Asking is counted in the same store, before the session is read."""
    client = _signed_in_client(fresh_url)
    started = time.monotonic()
    answer = client.post("/password/forgotten", data={"email": "senco@example.org"})
    assert answer.status_code == 200 and time.monotonic() - started < 1
