"""Two-step sign-in in the browser's pages: the second step after a password, enrolling an
authenticator app from the account page, and the policy that sends those who must have a
second factor to enrol it before anything else (codes computed here with pyotp)."""

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from conftest import PASSWORD
from sqlalchemy import select

from core.models import AuditEvent, OutboxMessage
from core.people import recovery_codes, totp
from core.people.factor_secrets import secret_box
from core.people.passwords import CHEAPEST

SECRET_ON_PAGE = re.compile(r"<code data-secret>([A-Z2-7 ]+)</code>")
REQUIRED_BY_DEFAULT = "professional,school_staff,administrator"


@pytest.fixture
def app_of(db, app):
    """``app_of(person)``: an authenticator app (a pyotp.TOTP) confirmed for ``person`` a few windows ago."""
    box = secret_box(None, app.config["SECRET_KEY"])

    def enrol(person):
        _, secret = totp.start_enrolment(db, person, box)
        authenticator = pyotp.TOTP(secret)
        earlier = datetime.now(UTC) - timedelta(minutes=2)
        assert totp.confirm(db, person, box, authenticator.at(earlier), now=earlier)
        return authenticator

    return enrol


@pytest.fixture
def required(app):
    """The installation's default policy: staff, professionals and administrators must have a second factor."""
    app.config["SECOND_FACTOR_REQUIRED_FOR"] = REQUIRED_BY_DEFAULT


def remove_the_only_factor(client):
    """Press "Remove" beside the one way to sign in the account page lists."""
    [factor_id] = re.findall(
        r"/account/sign-in/factors/(\d+)/remove", client.get("/account/sign-in").get_data(as_text=True)
    )
    client.post(f"/account/sign-in/factors/{factor_id}/remove")


def second_step(client, code):
    return client.post("/login/second-step", data={"code": code})


def test_a_right_password_asks_for_the_second_step_before_signing_in(client, auth, child_team, app_of):
    app_of(child_team.senco)
    response = auth.login(child_team.senco)
    assert response.headers["Location"] == "/login/second-step"
    assert client.get("/").status_code == 302  # not signed in yet


def test_the_apps_code_completes_the_sign_in(client, auth, child_team, app_of):
    authenticator = app_of(child_team.senco)
    auth.login(child_team.senco)
    assert second_step(client, authenticator.now()).status_code == 302
    assert client.get("/").status_code == 200


def test_a_code_from_the_previous_window_completes_the_sign_in(client, auth, child_team, app_of):
    authenticator = app_of(child_team.senco)
    auth.login(child_team.senco)
    assert second_step(client, authenticator.at(datetime.now(UTC) - timedelta(seconds=30))).status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_code_does_not_sign_in_and_is_audited(client, auth, db, child_team, app_of):
    app_of(child_team.senco)
    auth.login(child_team.senco)
    response = second_step(client, "no code")
    assert response.status_code == 401
    assert "That code is not right" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "login.second_factor_failed")) is not None


def test_a_code_used_to_sign_in_is_refused_at_the_next_sign_in(app, child_team, app_of):
    authenticator = app_of(child_team.senco)
    code = authenticator.now()
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        client.post("/login", data={"email": child_team.senco.email, "password": PASSWORD})
    assert second_step(first, code).status_code == 302
    assert second_step(second, code).status_code == 401


def test_a_recovery_code_signs_in_once_only(app, db, child_team, app_of):
    app_of(child_team.senco)
    [code, *_] = recovery_codes.issue(db, child_team.senco, CHEAPEST)
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        client.post("/login", data={"email": child_team.senco.email, "password": PASSWORD})
    assert second_step(first, code).status_code == 302
    assert second_step(second, code).status_code == 401


def test_the_second_step_without_a_right_password_goes_back_to_the_login(client):
    response = second_step(client, "123456")
    assert response.headers["Location"] == "/login"


def test_enrolling_an_app_from_the_account_page_shows_recovery_codes_once(client, auth, db, child_team):
    auth.login(child_team.parent)
    page = client.post("/account/sign-in/app").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code
    secret = SECRET_ON_PAGE.search(page).group(1).replace(" ", "")
    shown = client.post("/account/sign-in/app/confirm", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", shown.get_data(as_text=True))
    assert len(codes) == recovery_codes.HOW_MANY
    assert "second_factor.added" in db.scalars(select(AuditEvent.action)).all()
    account = client.get("/account/sign-in").get_data(as_text=True)
    assert not any(code in account for code in codes)


def test_enrolling_an_app_with_a_wrong_code_says_so_and_keeps_the_same_key(client, auth, child_team):
    auth.login(child_team.parent)
    secret = SECRET_ON_PAGE.search(client.post("/account/sign-in/app").get_data(as_text=True)).group(1)
    response = client.post("/account/sign-in/app/confirm", data={"code": "no code"})
    assert response.status_code == 400
    assert SECRET_ON_PAGE.search(response.get_data(as_text=True)).group(1) == secret


@pytest.mark.usefixtures("required")
def test_a_professional_without_a_second_factor_reaches_only_enrolment(client, auth, child_team):
    auth.login(child_team.slt)
    for page in ("/", f"/children/{child_team.child.id}", "/account/password", "/notifications"):
        assert client.get(page).headers["Location"] == "/account/sign-in", page
    assert client.get("/api/v1/children").status_code == 403
    assert "Add a second step before you go on" in client.get("/account/sign-in").get_data(as_text=True)


@pytest.mark.usefixtures("required")
def test_once_enrolled_the_professional_reaches_everything(client, auth, child_team):
    auth.login(child_team.slt)
    secret = SECRET_ON_PAGE.search(client.post("/account/sign-in/app").get_data(as_text=True)).group(1)
    client.post("/account/sign-in/app/confirm", data={"code": pyotp.TOTP(secret.replace(" ", "")).now()})
    assert client.get(f"/children/{child_team.child.id}").status_code == 200


@pytest.mark.usefixtures("required")
def test_an_authorization_header_does_not_open_pages_to_a_session_that_must_enrol(client, auth, child_team, bearer):
    auth.login(child_team.slt)
    page = client.get(f"/children/{child_team.child.id}", headers=bearer("slt"))
    assert page.headers["Location"] == "/account/sign-in"


@pytest.mark.usefixtures("required")
def test_api_tokens_are_not_held_up_by_enrolment(client, bearer):
    assert client.get("/api/v1/children", headers=bearer("slt")).status_code == 200


@pytest.mark.usefixtures("required")
def test_a_parent_may_sign_in_without_a_second_factor(client, auth, child_team):
    auth.login(child_team.parent)
    assert client.get("/").status_code == 200


@pytest.mark.usefixtures("required")
def test_one_who_must_cannot_remove_their_last_factor(client, auth, db, child_team, app_of):
    authenticator = app_of(child_team.slt)
    auth.login(child_team.slt)
    second_step(client, authenticator.now())
    remove_the_only_factor(client)
    assert "/account/sign-in/factors/" in client.get("/account/sign-in").get_data(as_text=True)


def test_removing_a_factor_is_audited(client, auth, db, child_team, app_of):
    authenticator = app_of(child_team.parent)
    auth.login(child_team.parent)
    second_step(client, authenticator.now())
    remove_the_only_factor(client)
    assert "second_factor.removed" in db.scalars(select(AuditEvent.action)).all()


@pytest.mark.parametrize("answer", ["not json", "{}", '{"rawId": "AAAA", "response": {}}'])
def test_a_malformed_passkey_answer_is_refused(client, db, answer):
    client.post("/login/passkey/options")
    response = client.post("/login/passkey", data=answer, content_type="application/json")
    assert response.status_code == 401
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "login.second_factor_failed")) is not None


@pytest.mark.parametrize(
    "answer", ["not json", "{}", '{"id": "AAAA", "rawId": "AAAA", "response": {}, "type": "public-key"}']
)
def test_a_malformed_new_passkey_is_refused(client, auth, child_team, answer):
    auth.login(child_team.parent)
    client.post("/account/sign-in/passkey/options")
    response = client.post("/account/sign-in/passkey", data=answer, content_type="application/json")
    assert response.status_code == 400


def test_a_passkey_challenge_is_answered_once_only(client):
    client.post("/login/passkey/options")
    client.post("/login/passkey", data="{}", content_type="application/json")
    assert client.post("/login/passkey", data="{}", content_type="application/json").status_code == 400


def test_the_login_page_says_when_a_second_step_is_optional(client, app):
    assert "is optional" in client.get("/login").get_data(as_text=True)
    app.config["SECOND_FACTOR_REQUIRED_FOR"] = REQUIRED_BY_DEFAULT
    assert "is optional" not in client.get("/login").get_data(as_text=True)


def test_a_misspelt_kind_in_the_policy_stops_the_app_from_starting(engine):
    from webui import create_app

    with pytest.raises(ValueError, match="teachers"):
        create_app({"DB_BIND": engine, "SECRET_KEY": "k", "SECOND_FACTOR_REQUIRED_FOR": "teachers"})


def clear_url(person):
    return f"/admin/accounts/{person.id}/clear-second-factors"


def test_an_administrator_clears_the_second_steps_of_one_who_lost_them(client, auth, child_team, app_of):
    app_of(child_team.teacher)
    auth.login(child_team.admin)
    assert client.post(clear_url(child_team.teacher)).headers["Location"] == "/admin/accounts"
    auth.logout()
    assert auth.login(child_team.teacher).headers["Location"] != "/login/second-step"


@pytest.mark.parametrize(("mail", "said"), [("smtp://mail.school.example", "told by e-mail"),
                                            ("", "tell them yourself")])
def test_the_administrator_is_told_whether_the_person_was_mailed(app, client, auth, child_team, app_of, mail, said):
    app.config["SMTP_URL"] = mail
    app_of(child_team.teacher)
    auth.login(child_team.admin)
    assert said in client.post(clear_url(child_team.teacher), follow_redirects=True).get_data(as_text=True)


def test_the_accounts_page_offers_clearing_only_to_those_with_second_steps(client, auth, child_team, app_of):
    app_of(child_team.teacher)
    auth.login(child_team.admin)
    page = client.get("/admin/accounts").get_data(as_text=True)
    assert clear_url(child_team.teacher) in page and clear_url(child_team.parent) not in page


def test_one_whose_second_steps_were_cleared_is_told_in_their_language(app, client, auth, db, child_team, app_of):
    app.config["SMTP_URL"] = "smtp://mail.school.example"  # mail is set up; the test reads what waits to go
    app_of(child_team.teacher)
    child_team.teacher.language = "pl"
    db.flush()
    auth.login(child_team.admin)
    client.post(clear_url(child_team.teacher))
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == child_team.teacher.id))
    assert mail.subject == "Usunięto drugie etapy logowania do Teamaround"
    assert mail.text_body.startswith("Dzień dobry, Daniel Hughes,")
