"""TEAMAROUND_TRUSTED_PROXIES: whose X-Forwarded-For and X-Forwarded-Proto are believed.

The client's address decides which login attempts are counted together, so believing a
header any client can send would let one person pose as many, or as someone else.
"""

import pytest
from conftest import lend
from flask import request
from sqlalchemy import select

from core.models import LoginAttempt

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def app_behind(engine, hops):
    """An app behind ``hops`` trusted proxies, with a page that says whom it sees."""
    from webui import create_app

    app = create_app({"DB_BIND": engine, "SECRET_KEY": "proxy-test", "PASSWORD_PROFILE": "cheapest",
                      "WTF_CSRF_ENABLED": False, "TRUSTED_PROXIES": hops})
    app.add_url_rule("/seen-as", "seen_as", lambda: f"{request.remote_addr} {request.scheme}")
    return app


@pytest.fixture(scope="module")
def app_behind_none(engine):
    return app_behind(engine, 0)


@pytest.fixture(scope="module")
def app_behind_one(engine):
    return app_behind(engine, 1)


def seen_as(app, headers):
    return app.test_client().get("/seen-as", headers=headers).get_data(as_text=True)


def test_by_default_no_proxy_is_trusted_and_forwarded_headers_are_ignored(app_behind_none):
    assert seen_as(app_behind_none, FORWARDED) == "127.0.0.1 http"


def test_behind_one_trusted_proxy_the_client_address_and_scheme_come_from_its_headers(app_behind_one):
    assert seen_as(app_behind_one, FORWARDED) == "203.0.113.7 https"


def test_a_client_cannot_forge_an_address_in_front_of_the_trusted_proxy(app_behind_one):
    forged = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}  # the proxy appends the address it saw
    assert seen_as(app_behind_one, forged).startswith("203.0.113.7 ")


def test_a_login_attempt_is_counted_under_the_address_the_trusted_proxy_saw(app_behind_one, connection, db,
                                                                            child_team):
    with lend(app_behind_one, connection):
        app_behind_one.test_client().post(
            "/login", data={"email": child_team.parent.email, "password": "a guess"}, headers=FORWARDED
        )
    assert db.scalars(select(LoginAttempt.address)).all() == ["203.0.113.7"]


@pytest.mark.parametrize("setting", [-1, "two", True])
def test_a_trusted_proxies_setting_that_is_not_a_count_of_hops_stops_start_up(engine, setting):
    with pytest.raises(ValueError, match="TEAMAROUND_TRUSTED_PROXIES"):
        app_behind(engine, setting)
