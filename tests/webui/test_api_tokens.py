"""Personal API tokens: made, named, limited and revoked on the account page; they end; a
read-only one only reads; a token never manages tokens; browser tools at allowed origins."""

import re
from datetime import timedelta

import pytest

from core.models import ApiToken
from core.people import tokens as api_tokens
from core.types import utcnow
from webui.api import SAFE_METHODS
from webui.api.cors import allowed_origins

SECRET = re.compile(r"ta_[A-Za-z0-9_-]{40,}")
WRITES = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def signed_in(auth, child_team):
    """The therapist, signed in: tokens are managed only from a session."""
    auth.login(child_team.slt)
    return child_team.slt


@pytest.fixture
def csrf(client, signed_in):
    """The headers a signed-in browser's script sends the API: the session's CSRF token."""
    page = client.get("/account/tokens").get_data(as_text=True)
    return {"X-CSRFToken": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)}


@pytest.fixture
def token_of(db, child_team):
    """``token_of(who, **input)``: a real token of a member of the team, and its headers."""

    def make(who="slt", **data):
        token, secret = api_tokens.create(db, getattr(child_team, who), {"name": "Case system", **data})
        return token, {"Authorization": f"Bearer {secret}"}

    return make


def test_a_token_made_on_the_account_page_shows_its_secret_once(client, signed_in):
    made = client.post("/account/tokens", data={"name": "Clinic system", "days": "30", "scope": "read"})
    assert made.status_code == 201 and SECRET.search(made.get_data(as_text=True))
    assert not SECRET.search(client.get("/account/tokens").get_data(as_text=True))


def test_the_account_page_lists_each_token_by_name(client, signed_in, token_of):
    token_of(name="Health records")
    assert "Health records" in client.get("/account/tokens").get_data(as_text=True)


def test_a_token_revoked_on_the_account_page_stops_working(client, signed_in, token_of):
    token, headers = token_of()
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    assert client.get("/api/v1/children", headers=headers).status_code == 401


def test_another_persons_token_cannot_be_revoked_from_the_page(client, signed_in, token_of):
    token, headers = token_of("senco")
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert client.get("/api/v1/children", headers=headers).status_code == 200


def test_a_token_made_without_a_lifetime_works_for_the_default_days(db, child_team):
    token, _ = api_tokens.create(db, child_team.slt, {"name": "Case system"})
    default = timedelta(days=api_tokens.DEFAULT_DAYS)
    assert default - timedelta(minutes=1) < token.expires_at - utcnow() <= default


@pytest.mark.parametrize("days", [-1, 0, api_tokens.MAX_DAYS + 1])
def test_a_lifetime_outside_a_day_to_a_year_is_refused_naming_days(client, csrf, days):
    answer = client.post("/api/v1/tokens", json={"name": "Forever", "days": days}, headers=csrf)
    assert answer.status_code == 400 and list(answer.json["errors"]) == ["days"]


def test_an_expired_token_is_refused_saying_it_expired(client, db, token_of):
    token, headers = token_of()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    answer = client.get("/api/v1/children", headers=headers)
    assert answer.status_code == 401 and set(answer.json) == {"message", "errors"}
    assert "expired" in answer.json["message"]


def test_an_unexpired_token_works(client, token_of):
    _, headers = token_of(days=1)
    assert client.get("/api/v1/children", headers=headers).status_code == 200


def _write_operations(app):
    """Every unsafe method of every API route, from the app's URL map, its ids filled in."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            for method in sorted((rule.methods or set()) - SAFE_METHODS):
                yield method, re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)


def test_a_read_only_token_is_refused_every_write_operation(client, app, token_of):
    _, headers = token_of(scope="read")
    operations = list(_write_operations(app))
    assert {method for method, _ in operations} >= set(WRITES) - {"PUT"}
    answers = {
        (method, url): client.open(url, method=method, headers=headers, json={}).status_code
        for method, url in operations
    }
    assert {operation: status for operation, status in answers.items() if status != 403} == {}


def test_a_read_only_token_reads(client, token_of, child_team):
    _, headers = token_of(scope="read")
    assert client.get(f"/api/v1/children/{child_team.child.id}/timeline", headers=headers).status_code == 200


def test_a_read_and_write_token_writes(client, token_of, child_team):
    _, headers = token_of(scope="read_write")
    answer = client.post(
        f"/api/v1/children/{child_team.child.id}/timeline",
        json={"kind": "update", "title": "Session notes"},
        headers=headers,
    )
    assert answer.status_code == 201


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/api/v1/tokens"), ("GET", "/api/v1/tokens"), ("DELETE", "/api/v1/tokens/{id}")]
)
def test_a_token_cannot_manage_tokens(client, db, token_of, method, path):
    token, headers = token_of()
    answer = client.open(path.format(id=token.id), method=method, headers=headers, json={"name": "Another"})
    assert answer.status_code == 403
    assert db.query(ApiToken).filter(ApiToken.person_id == token.person_id, ApiToken.revoked_at.is_(None)).count() == 1


def test_a_signed_in_person_makes_a_read_only_token_through_the_api(client, csrf):
    made = client.post("/api/v1/tokens", json={"name": "Dashboard", "days": 7, "scope": "read"}, headers=csrf)
    assert made.status_code == 201 and made.json["scope"] == "read" and SECRET.fullmatch(made.json["token"])


ALLOWED = "https://tool.example.org"


@pytest.fixture(scope="module")
def cors_app(shared_app):
    """The tests' app, but that its administrator allows one browser-based tool's origin."""
    from webui import create_app

    return create_app({**shared_app.config, "API_CORS_ORIGINS": ALLOWED})


@pytest.fixture
def cors_client(cors_app, connection):
    from conftest import lend

    with lend(cors_app, connection):
        yield cors_app.test_client()


def test_an_allowed_origin_may_read_the_answer(cors_client, token_of):
    _, headers = token_of()
    answer = cors_client.get("/api/v1/children", headers={**headers, "Origin": ALLOWED})
    assert answer.status_code == 200 and answer.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_an_origin_not_allowed_gets_no_cors_header(cors_client, token_of):
    _, headers = token_of()
    answer = cors_client.get("/api/v1/children", headers={**headers, "Origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_cors_never_lets_a_browser_send_the_session_cookie(cors_client, token_of):
    _, headers = token_of()
    answer = cors_client.get("/api/v1/children", headers={**headers, "Origin": ALLOWED})
    assert "Access-Control-Allow-Credentials" not in answer.headers


def test_a_preflight_from_an_allowed_origin_is_answered(cors_client):
    answer = cors_client.options(
        "/api/v1/children/1/timeline",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
    )
    assert answer.status_code == 200 and answer.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    assert {"authorization", "content-type", "idempotency-key"} <= {
        name.strip().lower() for name in answer.headers["Access-Control-Allow-Headers"].split(",")
    }


def test_pages_get_no_cors_header(cors_client):
    answer = cors_client.get("/login", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_without_the_setting_no_origin_is_allowed(client, token_of):
    _, headers = token_of()
    answer = client.get("/api/v1/children", headers={**headers, "Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in answer.headers


@pytest.mark.parametrize(
    "setting",
    ["*", "https://*.example.org", "https://tool.example.org/", "tool.example.org", "https://tool\\.example\\.org"],
)
def test_an_origin_setting_that_is_not_an_exact_origin_stops_the_start(setting):
    with pytest.raises(ValueError, match="not an origin"):
        allowed_origins(setting)


def test_several_origins_are_read_from_one_setting():
    assert allowed_origins("https://a.example.org, http://127.0.0.1:8080") == [
        "https://a.example.org",
        "http://127.0.0.1:8080",
    ]


def test_a_token_is_listed_without_its_secret_with_its_last_use(client, csrf):
    made = client.post("/api/v1/tokens", json={"name": "Health records"}, headers=csrf).json
    client.get("/api/v1/children", headers={"Authorization": f"Bearer {made['token']}"})
    listed = {token["name"]: token for token in client.get("/api/v1/tokens").json}
    assert "token" not in listed["Health records"] and listed["Health records"]["last_used_at"] is not None
