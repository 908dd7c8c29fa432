"""A forgotten password on the web: the same answer for every address, a link by mail, a new
password that logs everyone else out."""

import re
from datetime import timedelta

import pytest
from conftest import PASSWORD
from mailed_links import link_in

NEW = "a passphrase I will remember"


@pytest.fixture
def mail_on(app, smtp_server):
    app.config["SMTP_URL"] = smtp_server[0]


def ask(client, email):
    return client.post("/password/forgotten", data={"email": email})


@pytest.fixture
def reset_path(client, child_team, mail_on, mailed):
    ask(client, child_team.parent.email)
    return "/password/reset/" + link_in(mailed()[-1], "password/reset")


def choose(client, path, password=NEW, again=None):
    return client.post(path, data={"password": password, "confirm_password": again or password})


def test_the_login_page_offers_a_forgotten_password(client):
    assert 'href="/password/forgotten">Forgotten your password?' in client.get("/login").get_data(as_text=True)


def test_an_address_with_an_account_and_one_without_get_the_same_answer(client, child_team, mail_on, mailed):
    known, unknown = ask(client, child_team.parent.email), ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    # The CSRF token is signed with the second: two answers a second apart differ there alone.
    assert without_token(known.get_data(as_text=True)) == without_token(unknown.get_data(as_text=True))
    assert [mail["To"] for mail in mailed()] == [child_team.parent.email]


def test_asking_too_often_from_one_address_is_refused_for_a_while(app, client):
    app.config["PASSWORD_RESET_RATE_LIMIT"] = "2 per hour"
    assert [ask(client, "nobody@example.org").status_code for _ in range(3)] == [200, 200, 429]


def test_the_new_password_logs_in(client, auth, child_team, reset_path):
    assert choose(client, reset_path).headers["Location"] == "/login"
    assert auth.login(child_team.parent, NEW).status_code == 302
    auth.logout()
    assert auth.login(child_team.parent, PASSWORD).status_code == 401


def test_a_reset_logs_out_a_browser_signed_in_before(app, client, auth, child_team, reset_path):
    auth.login(child_team.parent)
    choose(app.test_client(), reset_path)
    assert client.get("/").status_code == 302


def test_a_reset_link_works_once(client, reset_path):
    choose(client, reset_path)
    assert client.get(reset_path).status_code == 404
    assert choose(client, reset_path, password="another passphrase!").status_code == 404


def test_a_reset_link_an_hour_old_opens_nothing(client, reset_path, links_sent_earlier):
    links_sent_earlier(timedelta(hours=1, seconds=1))
    assert client.get(reset_path).status_code == 404


def test_a_reset_link_opens_nothing_after_the_password_is_changed(client, auth, child_team, reset_path):
    auth.login(child_team.parent)
    client.post("/account/password", data={"current_password": PASSWORD, "new_password": NEW,
                                           "confirm_password": NEW})
    assert client.get(reset_path).status_code == 404


def test_two_different_passwords_are_refused(client, reset_path):
    response = choose(client, reset_path, again="something else entirely")
    assert response.status_code == 400 and 'href="#confirm_password"' in response.get_data(as_text=True)


def without_token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value=""', html)
