"""Sessions, CSRF and headers: the web layer's share of keeping the record safe."""

import re
from datetime import timedelta

import pytest
from conftest import PASSWORD, lend
from sqlalchemy import update

from core.models import LoginSession
from core.people import accounts, throttle
from core.people import tokens as api_tokens
from core.types import utcnow
from tests.webui.test_authorization_matrix import PROBES


@pytest.fixture
def connection(savepoint_connection):
    """Every test here runs in a savepoint over the probed team, built once per module and database."""
    return savepoint_connection


@pytest.fixture
def child_team(probed_team):
    """The probed team is the standard team with more records: built once, it serves both."""
    return probed_team


@pytest.fixture(scope="module")
def shared_csrf_app(engine):
    """The app as served, with its CSRF checks on; one per module and database."""
    from webui import create_app

    return create_app({"TESTING": True, "DB_BIND": engine, "SECRET_KEY": "test", "PASSWORD_PROFILE": "cheapest"})


@pytest.fixture
def csrf_app(shared_csrf_app, connection):
    with lend(shared_csrf_app, connection):
        yield shared_csrf_app


def csrf_token(client, path="/login"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_a_form_posted_without_its_csrf_token_is_refused(csrf_app, child_team):
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": child_team.parent.email, "password": "x"})
    assert response.status_code == 400


def test_a_form_posted_with_its_csrf_token_is_accepted(csrf_app, child_team):
    from conftest import PASSWORD

    client = csrf_app.test_client()
    token = csrf_token(client)
    response = client.post("/login", data={"email": child_team.parent.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


# The routes as the authorization matrix probes them: its test_every_route_is_in_the_matrix
# holds them to the URL map, so a new route is walked here too.
GET_ROUTES = sorted(name for name, probe in PROBES.items() if probe.method == "GET")
WEB_CHANGES = sorted(name for name, probe in PROBES.items() if probe.method == "POST" and probe.via == "session")
API_CHANGES = sorted(name for name, probe in PROBES.items() if probe.method != "GET" and probe.via == "bearer")


def assert_security_headers(headers):
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_static_files_carry_the_security_headers(client):
    assert_security_headers(client.get("/static/style.css").headers)


def sign_in(db, auth, probe, person):
    """Headers for ``probe`` as ``person``: a bearer token for the API, a session for the pages."""
    if probe.via == "bearer":
        _, secret = api_tokens.create(db, person, {"name": "Security walk"})
        return {"Authorization": f"Bearer {secret}"}
    auth.login(person)
    return {}


@pytest.mark.parametrize("probe_name", GET_ROUTES)
def test_every_page_carries_the_security_headers(client, auth, db, probed_team, probe_name):
    probe = PROBES[probe_name]
    readers = [role for role in ("senco", "slt", "parent", "admin", "anonymous") if probe.expected[role] == 200]
    role = readers[0] if readers else "senco"
    headers = {} if role == "anonymous" else sign_in(db, auth, probe, getattr(probed_team, role))
    response = client.get(probe.url(probed_team), headers=headers)
    assert response.status_code == probe.expected[role]
    assert_security_headers(response.headers)


@pytest.fixture
def csrf_client(csrf_app, child_team):
    """A client of the app with CSRF checks on, logged in as the SENCO with the login form's token."""
    from conftest import PASSWORD

    client = csrf_app.test_client()
    token = csrf_token(client)
    response = client.post("/login", data={"email": child_team.senco.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("probe_name", WEB_CHANGES)
def test_every_form_posted_without_its_csrf_token_is_refused(csrf_client, probed_team, probe_name):
    probe = PROBES[probe_name]
    response = csrf_client.post(probe.url(probed_team), data=probe.data(probed_team))
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)


@pytest.mark.parametrize("probe_name", API_CHANGES)
def test_every_api_change_made_with_a_session_needs_the_csrf_header(csrf_client, probed_team, probe_name):
    probe = PROBES[probe_name]
    body = {"data" if probe.multipart else "json": probe.data(probed_team)}
    response = csrf_client.open(probe.url(probed_team), method=probe.method, headers=probe.headers, **body)
    assert response.status_code == 403
    assert "CSRF token" in response.get_json()["message"]


def test_the_session_cookie_is_httponly_and_samesite(client, auth, child_team):
    cookie = auth.login(child_team.parent).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_session_cookie_is_secure_when_served_over_https(connection):
    from webui import create_app

    app = create_app({"DB_BIND": connection, "SECRET_KEY": "k", "BASE_URL": "https://teamaround.example"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_the_session_lives_thirty_idle_minutes_not_flasks_thirty_one_days(app):
    assert app.permanent_session_lifetime.total_seconds() == 30 * 60


def test_logging_in_starts_a_fresh_session(client, auth, child_team):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login(child_team.parent)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_a_deactivated_account_is_logged_out_at_its_next_request(client, auth, child_team, db):
    auth.login(child_team.parent)
    assert client.get("/").status_code == 200
    accounts.set_active(db, child_team.admin, child_team.parent.id, active=False)
    db.flush()
    assert client.get("/").status_code == 302


def test_changing_the_password_logs_out_other_sessions_but_not_this_one(app, child_team):
    here, elsewhere = app.test_client(), app.test_client()
    for client in (here, elsewhere):
        client.post("/login", data={"email": child_team.parent.email, "password": PASSWORD})
    response = here.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302


def date_sessions_back(db, person, **ago):
    """Date the person's sessions, as the server keeps them, back: ``last_seen_at=timedelta(...)``."""
    db.execute(update(LoginSession).where(LoginSession.person_id == person.id).values(
        {name: utcnow() - by for name, by in ago.items()}
    ))


def test_an_idle_session_ends(client, auth, child_team, db):
    auth.login(child_team.parent)
    date_sessions_back(db, child_team.parent, last_seen_at=timedelta(minutes=31))
    assert client.get("/").status_code == 302


def test_the_session_cookie_is_renewed_when_the_server_sees_the_session_again(client, auth, child_team, db):
    auth.login(child_team.parent)
    client.get("/")
    assert "Set-Cookie" not in client.get("/").headers  # seen within the minute: nothing moves on
    date_sessions_back(db, child_team.parent, last_seen_at=timedelta(minutes=20))
    renewed = client.get("/").headers.get("Set-Cookie", "")
    assert renewed.startswith("session=") and "Expires=" in renewed


def test_answers_do_not_keep_a_session_beyond_ten_hours_from_logging_in(client, auth, child_team, db):
    auth.login(child_team.parent)
    date_sessions_back(db, child_team.parent, started_at=timedelta(hours=10, seconds=1))
    assert client.get("/").status_code == 302


def cookie_saved_before_logout(client, auth, person):
    auth.login(person)
    saved = client.get_cookie("session").value
    auth.logout()
    return saved


def test_a_session_cookie_saved_before_logout_opens_no_page_after_it(app, client, auth, child_team):
    saved = cookie_saved_before_logout(client, auth, child_team.parent)
    replayed = app.test_client()
    replayed.set_cookie("session", saved)
    assert replayed.get("/").status_code == 302


def test_a_session_cookie_saved_before_logout_opens_nothing_in_the_api_after_it(app, client, auth, child_team):
    saved = cookie_saved_before_logout(client, auth, child_team.parent)
    replayed = app.test_client()
    replayed.set_cookie("session", saved)
    assert replayed.get("/api/v1/children").status_code == 401


def test_a_bearer_token_made_before_a_password_change_is_refused_after_it(client, auth, child_team, bearer):
    headers = bearer("parent")
    auth.login(child_team.parent)
    client.post("/account/password", data={"current_password": PASSWORD, "new_password": "a brand new passphrase",
                                           "confirm_password": "a brand new passphrase"})
    assert client.get("/api/v1/children", headers=headers).status_code == 401


def test_a_calendar_address_made_before_a_password_change_is_gone_after_it(client, auth, child_team):
    assert client.get(f"/calendar/{child_team.feed_token}.ics").status_code == 200
    auth.login(child_team.parent)
    client.post("/account/password", data={"current_password": PASSWORD, "new_password": "a brand new passphrase",
                                           "confirm_password": "a brand new passphrase"})
    assert client.get(f"/calendar/{child_team.feed_token}.ics").status_code == 404


def test_too_many_tries_get_a_clear_message(client, child_team):
    for _ in range(throttle.MAX_FAILURES_PER_ACCOUNT):
        client.post("/login", data={"email": child_team.parent.email, "password": "guess"})
    response = client.post("/login", data={"email": child_team.parent.email, "password": "guess"})
    assert response.status_code == 429
    assert "Wait 15 minutes" in response.get_data(as_text=True)
