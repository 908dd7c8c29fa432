"""Teamaround as docs/deploy.md runs it: Debian's nginx with deploy/nginx/teamaround.conf, over
TLS with a certificate from trustme, in front of a real ``teamaround serve`` that trusts that
one proxy (issue 24 points 1, 2 and 7)."""

from __future__ import annotations

import http.client
import os
import re
import socket
import ssl
import time
import urllib.parse

import pytest
from conftest import PASSWORD, Team, _real_server, child_factory, person_factory
from nginx_server import NginxUnavailable, running_nginx
from served_command import served_command
from slow_clients import trickling
from sqlalchemy import select

from core import migrations
from core.db import make_engine, make_session_factory
from core.models import LoginAttempt
from core.people import tokens as api_tokens
from webui import create_app

CLIENT = "127.0.0.2"  # loopback too, but not nginx's own address: the app must see this one
ONE_YEAR = "max-age=31536000"


class Instance:
    """The served database, and what the tests need to know of it."""

    def __init__(self, url):
        self.url = url
        with make_session_factory(make_engine(url))() as db, db.begin():
            team = Team(db, person_factory(db), child_factory(db))
            _, secret = api_tokens.create(db, team.parent, {"name": "Phone"})
            self.email, self.child_id = team.senco.email, team.child.id
            self.bearer = {"Authorization": f"Bearer {secret}"}

    def addresses_seen(self) -> list[str]:
        with make_session_factory(make_engine(self.url))() as db:
            return list(db.scalars(select(LoginAttempt.address).where(LoginAttempt.email == self.email)))


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    folder = tmp_path_factory.mktemp("behind-nginx")
    url = f"sqlite:///{folder / 'served.sqlite'}"
    migrations.upgrade(url)
    found = Instance(url)
    env = {
        **os.environ,
        "TEAMAROUND_DATABASE_URL": url,
        "TEAMAROUND_SECRET_KEY": "nginx-test",
        "TEAMAROUND_INSTANCE_PATH": str(folder),
        "TEAMAROUND_PASSWORD_PROFILE": "cheapest",
        "TEAMAROUND_TRUSTED_PROXIES": "1",
        "TEAMAROUND_BASE_URL": "https://teamaround.example.org",
    }
    # One process of two threads: the instance the issue found stalled by two slow clients.
    with served_command("serve", "--workers", "1", "--threads", "2", env=env) as base:
        found.app = urllib.parse.urlsplit(base).netloc
        yield found


@pytest.fixture(scope="module")
def nginx(instance):
    yield from _real_server("nginx", lambda: running_nginx(instance.app), NginxUnavailable)


class Answer:
    def __init__(self, response: http.client.HTTPResponse):
        self.status, self.headers, self.body = response.status, response.headers, response.read()

    def cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


@pytest.fixture(scope="module")
def tls(nginx):
    """A client's TLS settings that trust nginx's certificate."""
    context = ssl.create_default_context()
    nginx.certificate_authority.configure_trust(context)
    return context


@pytest.fixture(scope="module")
def ask(nginx, tls):
    """``ask(method, path, ...)``: one request to nginx over TLS (or plain HTTP), from ``CLIENT``."""

    def request(method, path, *, body=None, headers=None, over_tls=True) -> Answer:
        if over_tls:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", nginx.https_port, context=tls, source_address=(CLIENT, 0), timeout=30
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", nginx.http_port, source_address=(CLIENT, 0), timeout=30
            )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            return Answer(connection.getresponse())
        finally:
            connection.close()

    request.https = f"https://127.0.0.1:{nginx.https_port}"
    return request


def login_form(page: Answer, email: str, password: str) -> tuple[str, str]:
    """The login page's form filled in, and the cookie it came with, as a browser would send them."""
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.body).group(1).decode()
    cookie = "; ".join(c.split(";")[0] for c in page.cookies())
    return urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}), cookie


FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def signed_in(ask, instance):
    """The SENCO signs in through nginx, as a browser does, claiming another address in
    X-Forwarded-For: the login page's answer, then the login's."""
    page = ask("GET", "/login")
    form, cookie = login_form(page, instance.email, PASSWORD)
    login = ask(
        "POST",
        "/login",
        body=form,
        headers={
            "Content-Type": FORM,
            "Cookie": cookie,
            "Referer": f"{ask.https}/login",
            "X-Forwarded-For": "203.0.113.9",
        },
    )
    assert login.status == 302, login.body
    return page, login


def test_the_app_sees_the_clients_address_and_not_one_the_client_claims(signed_in, instance):
    assert instance.addresses_seen() == [CLIENT]


def test_session_cookies_are_secure(signed_in):
    page, login = signed_in
    cookies = page.cookies() + login.cookies()
    assert cookies and all("Secure" in cookie and "HttpOnly" in cookie for cookie in cookies)


def test_a_redirect_stays_on_https(signed_in, ask):
    _, login = signed_in
    assert urllib.parse.urljoin(f"{ask.https}/login", login.headers["Location"]).startswith(f"{ask.https}/")


def test_plain_http_is_sent_to_https(ask):
    answer = ask("GET", "/login?next=%2F", over_tls=False)
    assert answer.status == 301 and answer.headers["Location"].startswith("https://")
    assert answer.headers["Location"].endswith("/login?next=%2F")


def test_the_app_knows_the_request_came_over_https(ask, instance):
    """Over https, and only then, the app refuses a form sent from another site's page
    (flask-wtf compares the Referer with its own address): so behind nginx it does."""
    form, cookie = login_form(ask("GET", "/login"), "nobody@example.org", "not the password")
    answer = ask(
        "POST",
        "/login",
        body=form,
        headers={"Content-Type": FORM, "Cookie": cookie, "Referer": "https://elsewhere.example/login"},
    )
    assert answer.status == 400


def test_the_app_reached_directly_takes_it_for_plain_http(instance):
    """The same form straight to ``teamaround serve``: no Referer check, just a wrong password."""
    direct = http.client.HTTPConnection(instance.app, timeout=30)
    direct.request("GET", "/login")
    form, cookie = login_form(Answer(direct.getresponse()), "nobody@example.org", "not the password")
    direct.request(
        "POST",
        "/login",
        body=form,
        headers={"Content-Type": FORM, "Cookie": cookie, "Referer": "https://elsewhere.example/login"},
    )
    assert direct.getresponse().status == 401
    direct.close()


def test_every_https_answer_has_hsts(ask):
    for path in ("/login", "/static/style.css", "/no-such-page"):
        assert ask("GET", path).headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_tls_offers_http2(nginx):
    context = ssl.create_default_context()
    nginx.certificate_authority.configure_trust(context)  # a context of its own: ALPN set on it
    context.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection(("127.0.0.1", nginx.https_port)) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            assert tls.selected_alpn_protocol() == "h2"


def test_a_static_file_the_page_links_to_is_served_by_nginx_for_a_year(ask):
    link = re.search(rb'href="(/static/style\.css\?v=\w+)"', ask("GET", "/login").body).group(1).decode()
    answer = ask("GET", link)
    assert answer.status == 200 and "X-Request-ID" not in answer.headers  # nginx's, not the app's
    assert answer.headers["Cache-Control"] == f"public, {ONE_YEAR}, immutable"


def test_a_static_file_asked_for_without_its_hash_is_checked_each_time(ask):
    assert ask("GET", "/static/style.css").headers["Cache-Control"] == "no-cache"


def multipart(content: bytes, filename: str) -> tuple[bytes, str]:
    boundary = "teamaround-upload-boundary"
    fields = {"title": "Reading log", "kind": "letter"}
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: text/plain\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(scope="module")
def defaults():
    """The app's settings as an instance has them unless it sets them."""
    return create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "defaults"}).config


@pytest.fixture(scope="module")
def request_limit(defaults):
    return defaults["MAX_UPLOAD_REQUEST_BYTES"]


def test_the_largest_file_the_app_takes_passes_nginx(ask, instance, defaults):
    largest = defaults["MAX_UPLOAD_BYTES"]
    line = b"Reading log, one line a day.\n"
    body, kind = multipart(line * (largest // len(line)), "reading log.txt")
    answer = ask(
        "POST",
        f"/api/v1/children/{instance.child_id}/documents",
        body=body,
        headers={**instance.bearer, "Content-Type": kind},
    )
    assert answer.status == 201, answer.body[:500]


def over_the_limit(address: tuple[str, int], limit: int, instance, context=None) -> tuple[int, bytes]:
    """Send the head of an upload one byte over ``limit``: the limit is checked before any body."""
    with socket.create_connection(address, timeout=30) as raw:
        sock = context.wrap_socket(raw, server_hostname=address[0]) if context else raw
        token = instance.bearer["Authorization"]
        sock.sendall(
            f"POST /api/v1/children/{instance.child_id}/documents HTTP/1.1\r\nHost: {address[0]}\r\n"
            f"Authorization: {token}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {limit + 1}\r\n\r\n".encode()
        )
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.read()


def test_one_byte_over_the_largest_request_is_refused_by_nginx(nginx, tls, instance, request_limit):
    status, body = over_the_limit(("127.0.0.1", nginx.https_port), request_limit, instance, tls)
    assert status == 413 and b"nginx" in body


def test_one_byte_over_the_largest_request_is_refused_by_the_app_too(instance, request_limit):
    host, port = instance.app.split(":")
    status, body = over_the_limit((host, int(port)), request_limit, instance)
    assert status == 413 and b'"message"' in body


def test_two_slow_clients_do_not_delay_others_behind_nginx(nginx, tls, ask):
    with trickling(("127.0.0.1", nginx.https_port), context=tls):
        started = time.monotonic()
        assert ask("GET", "/healthz").status == 200
        assert time.monotonic() - started < 2
