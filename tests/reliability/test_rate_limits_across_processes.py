"""With no shared store configured, the API's rate-limit counters live in the application's
database: two processes (two apps over one database) serve one allowance between them,
and counting from many threads at once loses no request."""

import threading

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
