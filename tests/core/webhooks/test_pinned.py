"""A webhook's connection goes to the address its target check saw, and TLS still checks the
name: a receiver on 127.0.0.1 with a certificate for receiver.test only, reached by that name
without any resolver knowing it."""

import ssl
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address

import pytest
import trustme

from core.webhooks import pinned

NAME = "receiver.test"  # a reserved name no resolver answers: reaching it proves the address was pinned
LOOPBACK = [ip_address("127.0.0.1")]


@pytest.fixture
def ca():
    return trustme.CA()


@pytest.fixture
def trusting(ca):
    """A client's TLS settings that trust the test authority, and check names as any client does."""
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


@pytest.fixture
def tls_receiver(ca):
    """Start a TLS receiver on 127.0.0.1 with a certificate for ``name``; it keeps the name each
    client asked for in the handshake (SNI) and each request's Host header and body."""
    servers = []

    def start(name=NAME):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert(name).configure_cert(context)
        server = _Receiver(("127.0.0.1", 0), _Handler)
        server.asked_for, server.requests = [], []
        context.sni_callback = lambda _socket, asked, _context: server.asked_for.append(asked)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class _Receiver(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a refused handshake is what some tests expect


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((self.headers["Host"], body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def post(url, context, addresses=LOOPBACK):
    request = urllib.request.Request(url, data=b'{"id":"1"}', method="POST")
    with pinned.opener(addresses, context=context).open(request, timeout=5) as answer:
        return answer.status


def test_a_post_connects_to_the_checked_address_and_names_the_host_in_tls_and_the_host_header(tls_receiver, trusting):
    receiver = tls_receiver()
    port = receiver.server_address[1]
    assert post(f"https://{NAME}:{port}/hooks", trusting) == 204
    assert receiver.asked_for == [NAME]
    assert receiver.requests == [(f"{NAME}:{port}", b'{"id":"1"}')]


def test_a_certificate_for_another_name_at_the_checked_address_is_refused(tls_receiver, trusting):
    receiver = tls_receiver("elsewhere.test")
    with pytest.raises(urllib.error.URLError) as refused:
        post(f"https://{NAME}:{receiver.server_address[1]}/hooks", trusting)
    assert isinstance(refused.value.reason, ssl.SSLCertVerificationError)
    assert receiver.requests == []


def test_a_proxy_in_the_environment_is_not_used(monkeypatch, tls_receiver, trusting):
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:9")  # a proxy would resolve the name itself
    receiver = tls_receiver()
    assert post(f"https://{NAME}:{receiver.server_address[1]}/hooks", trusting) == 204


def test_each_checked_address_is_tried_in_turn(tls_receiver, trusting):
    receiver = tls_receiver()
    unreachable = ip_address("127.0.0.2")  # nothing listens there on this port
    addresses = [unreachable, *LOOPBACK]
    assert post(f"https://{NAME}:{receiver.server_address[1]}/hooks", trusting, addresses) == 204


def test_a_name_with_no_address_fails_as_unreachable(trusting):
    with pytest.raises(urllib.error.URLError):
        post(f"https://{NAME}:9/hooks", trusting, addresses=[])
