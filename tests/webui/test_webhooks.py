"""Webhooks: each change of the changes feed reaches a real receiver on 127.0.0.1, signed, once,
in order per child, with the access policy of the person who registered it."""

import ipaddress
import socket
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select
from webhook_receiver import Receiver

from core.db import make_session_factory
from core.jobs import queue
from core.jobs.queue import RetryPolicy
from core.migrations import upgrade
from core.models import Job, Webhook, WebhookDelivery
from core.people import team
from core.people import tokens as api_tokens
from core.timeline import entries as timeline
from core.types import utcnow
from core.webhooks import deliveries, registry, signing
from core.webhooks.secrets import secret_box
from webui.api import webhooks as api_webhooks
from webui.cli import main

# Failed attempts are due again at once, so a test needs no waiting: the back-off itself is the queue's.
NO_WAITING = RetryPolicy(attempts=deliveries.DISABLE_AFTER + 5, first_wait=timedelta(0), longest_wait=timedelta(0))


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def loopback_app(app):
    app.config["WEBHOOKS_ALLOW_LOOPBACK"] = True
    return app


@pytest.fixture
def register(loopback_app, client, bearer, receiver):
    """Register the receiver as a webhook of ``who``'s token; the receiver is given its secret."""

    def make(who="senco", **values):
        answer = client.post("/api/v1/webhooks", json={"url": receiver.url, **values}, headers=bearer(who))
        assert answer.status_code == 201, answer.json
        receiver.secret = answer.json["secret"]
        return answer.json

    return make


@pytest.fixture
def deliver(loopback_app):
    """One run of ``teamaround jobs run``: changes become deliveries, then up to ``attempts`` sends."""
    kind = deliveries.job_kind(secret_box(loopback_app.config["SECRET_KEY"]), allow_loopback=True, retry=NO_WAITING)

    def run(attempts=100):
        api_webhooks.collect(loopback_app)
        return queue.run_due(loopback_app.extensions["teamaround.sessions"], [kind], limit=attempts)

    return run


@pytest.fixture
def post(db, child_team, host):
    """Post and commit an entry about ``child`` (the team's child unless said) as ``who``."""

    def make(title, who="senco", child=None, **values):
        child_id = (child or child_team.child).id
        data = {"kind": "update", "title": title, **values}
        entry = timeline.post_entry(db, getattr(child_team, who), child_id, data, host=host)
        db.commit()
        return entry

    return make


def test_deliveries_arrive_signed_once_each_in_order_per_child_after_the_receiver_was_down(
    child_team, make_child, register, receiver, deliver, post, db
):
    second_child = make_child(child_team.senco, full_name="Second Child")
    db.commit()
    register()
    first = post("Settled in class")
    deliver()
    receiver.stop()
    while_down = [post("Reading group"), post("Hearing test", child=second_child), post("Speech sessions")]
    assert deliver(attempts=3).failed == 3
    receiver.start()
    later = post("Sensory break plan", child=second_child)
    deliver()
    assert receiver.handled_for(child_team.child.id) == [first.id, while_down[0].id, while_down[2].id]
    assert receiver.handled_for(second_child.id) == [while_down[1].id, later.id]
    assert len(receiver.requests) == len(receiver.handled) == 5


def test_a_childs_later_changes_wait_while_an_earlier_one_fails_and_another_childs_go_on(
    child_team, make_child, db, register, receiver, deliver, post
):
    second_child = make_child(child_team.senco, full_name="Second Child")
    db.commit()
    register()
    stuck = post("Reading group")
    waiting = post("Speech sessions")
    other = post("Hearing test", child=second_child)
    receiver.refusing.add(stuck.id)
    deliver(attempts=5)
    assert receiver.handled_for(child_team.child.id) == []
    assert receiver.handled_for(second_child.id) == [other.id]
    receiver.refusing.clear()
    deliver()
    assert receiver.handled_for(child_team.child.id) == [stuck.id, waiting.id]


def test_a_delivery_sent_again_after_an_answer_was_lost_has_the_same_id_and_is_handled_once(
    child_team, register, receiver, deliver, post
):
    register()
    receiver.answer_after_handling = 500  # handled, but the answer says otherwise: as a lost answer looks
    post("Settled in class")
    deliver(attempts=1)
    receiver.answer_after_handling = 200
    deliver()
    [(first_headers, _), (again_headers, _)] = receiver.requests
    assert first_headers[signing.DELIVERY] == again_headers[signing.DELIVERY]
    assert len(receiver.handled) == 1


def test_a_delivery_verifies_with_the_webhooks_secret_and_not_with_another(child_team, register, receiver, deliver,
                                                                          post):
    register()
    post("Settled in class")
    deliver()
    [(headers, body)] = receiver.requests
    now = int(headers[signing.TIMESTAMP])
    assert signing.verify(receiver.secret, headers, body, now)
    assert not signing.verify(receiver.secret + "x", headers, body, now)
    assert not signing.verify(receiver.secret, headers, body + b" ", now)


def test_a_webhook_is_disabled_after_ten_failed_attempts_saying_why_and_sends_again_once_enabled(
    client, bearer, child_team, register, receiver, deliver, post
):
    webhook = register()
    receiver.stop()
    entry = post("Settled in class")
    deliver(attempts=deliveries.DISABLE_AFTER + 3)
    shown = client.get(f"/api/v1/webhooks/{webhook['id']}", headers=bearer()).json
    assert shown["enabled"] is False and shown["disabled_at"]
    assert "10 attempts in a row failed" in shown["disabled_reason"]
    assert "Could not reach the receiver" in shown["disabled_reason"]
    receiver.start()
    deliver()
    assert receiver.handled == []
    enabled = client.post(f"/api/v1/webhooks/{webhook['id']}/enable", headers=bearer())
    assert (enabled.status_code, enabled.json["enabled"], enabled.json["disabled_reason"]) == (200, True, "")
    deliver()
    assert receiver.handled_for(child_team.child.id) == [entry.id]


def test_the_delivery_log_shows_each_attempt_its_status_code_and_error(client, bearer, register, receiver, deliver,
                                                                      post):
    webhook = register()
    receiver.answer_after_handling = 503
    post("Settled in class")
    deliver(attempts=2)
    log = client.get(f"/api/v1/webhooks/{webhook['id']}/deliveries", headers=bearer()).json
    [failing] = log["deliveries"]
    assert (failing["status"], failing["attempts"], failing["response_code"]) == ("pending", 2, 503)
    assert "503" in failing["error"]
    receiver.answer_after_handling = 200
    deliver()
    [delivered] = client.get(f"/api/v1/webhooks/{webhook['id']}/deliveries", headers=bearer()).json["deliveries"]
    assert (delivered["status"], delivered["attempts"], delivered["response_code"], delivered["error"]) == (
        "delivered", 3, 200, "")
    assert delivered["id"] == receiver.requests[-1][0][signing.DELIVERY]


def test_the_delivery_log_keeps_every_attempt_with_when_its_status_code_and_error(
    client, bearer, register, receiver, deliver, post
):
    webhook = register()
    receiver.answer_after_handling = 503
    post("Settled in class")
    deliver(attempts=2)
    receiver.stop()
    deliver(attempts=1)
    receiver.start()
    receiver.answer_after_handling = 200
    deliver()
    [delivery] = client.get(f"/api/v1/webhooks/{webhook['id']}/deliveries", headers=bearer()).json["deliveries"]
    tries = delivery["attempt_log"]
    assert [attempt["response_code"] for attempt in tries] == [503, 503, None, 200]
    assert "503" in tries[0]["error"] and "503" in tries[1]["error"]
    assert "Could not reach the receiver" in tries[2]["error"] and tries[3]["error"] == ""
    assert [attempt["attempted_at"] for attempt in tries] == sorted(attempt["attempted_at"] for attempt in tries)
    assert tries[3]["attempted_at"] == delivery["delivered_at"]


def test_an_agencys_webhook_gets_nothing_about_a_child_or_an_entry_its_owner_cannot_read(
    child_team, register, receiver, deliver, post
):
    register(who="slt")
    post("Other child's news", child=child_team.other_child, who="other_parent", kind="home_observation")
    post("School only", visibility="agency")  # the school's agency only
    marker = post("For the whole team")
    deliver()
    assert [body["change"]["id"] for body in receiver.handled] == [marker.id]


def test_an_agency_without_consent_gets_nothing_about_the_child(register, receiver, deliver, post):
    register(who="ot_without_consent")
    post("For the whole team")
    deliver()
    assert receiver.requests == []


def test_a_corrected_then_withdrawn_entry_is_delivered_as_the_changes_feed_shows_it(
    client, bearer, db, child_team, register, receiver, deliver, post
):
    register()
    entry = post("Reading grop")
    deliver()
    cursor = receiver.handled[-1]["cursor"]
    timeline.edit_entry(db, child_team.senco, entry.id, {"title": "Reading group"}, expected_version=entry.version)
    db.commit()
    deliver()
    assert receiver.handled[-1]["change"]["entry"]["title"] == "Reading group"
    feed = client.get(f"/api/v1/changes?cursor={cursor}", headers=bearer()).json
    assert receiver.handled[-1]["change"] == feed["changes"][0]
    timeline.withdraw_entry(db, child_team.senco, entry.id)
    db.commit()
    deliver()
    withdrawn = receiver.handled[-1]["change"]["entry"]
    assert withdrawn["withdrawn"] is not None and withdrawn["title"] == ""


def test_a_webhook_named_for_some_children_sends_only_theirs(child_team, make_child, db, register, receiver, deliver,
                                                             post):
    second_child = make_child(child_team.senco, full_name="Second Child")
    db.commit()
    register(child_ids=[second_child.id])
    post("Not this one")
    wanted = post("This one", child=second_child)
    deliver()
    assert [body["change"]["id"] for body in receiver.handled] == [wanted.id]


def test_a_child_the_person_cannot_read_cannot_be_named(loopback_app, client, bearer, child_team, receiver):
    answer = client.post("/api/v1/webhooks", json={"url": receiver.url, "child_ids": [child_team.other_child.id]},
                         headers=bearer("slt"))
    assert answer.status_code == 409 and "child_ids" in answer.json["errors"]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://example.org/hook", "https://"),
        ("https://10.1.2.3/hook", "private network"),
        ("https://[::1]:8443/hook", "private network"),
        ("https://169.254.169.254/latest", "private network"),
    ],
)
def test_a_target_that_is_not_public_https_is_refused_naming_the_url(client, bearer, child_team, url, reason):
    answer = client.post("/api/v1/webhooks", json={"url": url}, headers=bearer())
    assert answer.status_code == 422
    assert reason in answer.json["errors"]["url"][0]


REBINDING_NAME = "rebinding.test"
PUBLIC_ADDRESS = "93.184.215.14"


class RebindingNetwork:
    """The network as a test sees it: ``rebinding.test`` answers a public address the first
    two times it is asked and 127.0.0.1 after that, as an attacker's name with no time to live
    does; a public address cannot be reached (connecting is refused, and kept in ``tried``);
    on 127.0.0.1 a listener waits at ``port``."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.setblocking(False)
        self.port = self.listener.getsockname()[1]
        self.tried: list[str] = []
        self._answers = iter([PUBLIC_ADDRESS, PUBLIC_ADDRESS])
        self._getaddrinfo, self._connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(self, host, port, *args, **kwargs):
        if host != REBINDING_NAME:
            return self._getaddrinfo(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (next(self._answers, "127.0.0.1"), port))]

    def create_connection(self, address, *args, **kwargs):
        found = socket.getaddrinfo(address[0], address[1], type=socket.SOCK_STREAM)[0][4][0]
        if not ipaddress.ip_address(found).is_loopback:
            self.tried.append(found)
            raise ConnectionRefusedError(f"{found} is out of a test's reach")
        return self._connect((found, address[1]), *args, **kwargs)

    def reached(self) -> bool:
        """Whether anyone connected to the listener on 127.0.0.1."""
        try:
            self.listener.accept()[0].close()
        except BlockingIOError:
            return False
        return True


@pytest.fixture
def rebinding(monkeypatch):
    network = RebindingNetwork()
    monkeypatch.setattr(socket, "getaddrinfo", network.getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", network.create_connection)
    yield network
    network.listener.close()


def test_a_name_that_rebinds_to_127_0_0_1_after_its_check_is_not_delivered_there(
    db, loopback_app, client, bearer, child_team, rebinding, deliver, post
):
    url = f"https://{REBINDING_NAME}:{rebinding.port}/hooks"
    assert client.post("/api/v1/webhooks", json={"url": url}, headers=bearer()).status_code == 201
    post("Settled in class")
    deliver(attempts=1)
    assert not rebinding.reached()
    assert rebinding.tried == [PUBLIC_ADDRESS]  # the address the check saw, resolved once
    [delivery] = db.scalars(select(WebhookDelivery)).all()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "Could not reach the receiver" in delivery.error


def test_loopback_over_http_is_refused_unless_the_setting_allows_it(app, client, bearer, child_team):
    assert client.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=bearer()).status_code == 422
    app.config["WEBHOOKS_ALLOW_LOOPBACK"] = True
    assert client.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=bearer()).status_code == 201


def test_webhooks_are_listed_and_deleted_by_their_owner_only(client, bearer, register):
    webhook = register()
    assert [found["id"] for found in client.get("/api/v1/webhooks", headers=bearer()).json] == [webhook["id"]]
    assert "secret" not in client.get("/api/v1/webhooks", headers=bearer()).json[0]
    assert client.delete(f"/api/v1/webhooks/{webhook['id']}", headers=bearer("teacher")).status_code == 404
    assert client.delete(f"/api/v1/webhooks/{webhook['id']}", headers=bearer()).status_code == 204
    assert client.get(f"/api/v1/webhooks/{webhook['id']}", headers=bearer()).status_code == 404


def test_a_webhook_stops_when_the_token_that_registered_it_is_revoked(db, client, bearer, child_team, register,
                                                                      receiver, deliver, post):
    webhook = register()
    registered = db.get(Webhook, webhook["id"])
    api_tokens.revoke(db, child_team.senco, registered.registered_with_id)
    db.commit()
    post("Settled in class")
    deliver()
    assert receiver.requests == []
    db.expire_all()
    assert db.get(Webhook, webhook["id"]).disabled_reason == "The token that registered it was revoked."


def test_an_erased_case_is_delivered_as_the_feed_says_it_in_place_of_what_waited(
    db, child_team, make_child, register, receiver, deliver, post, erase_case
):
    register()
    receiver.stop()
    post("Reading group")
    deliver(attempts=1)
    erase_case()
    receiver.start()
    deliver()
    assert [(body["change"]["kind"], body["change"]["id"]) for body in receiver.handled] == [
        ("child_erased", child_team.child.id)
    ]


def test_a_webhook_stops_when_the_token_that_registered_it_expires(db, register, receiver, deliver, post):
    webhook = register()
    token = db.get(Webhook, webhook["id"]).registered_with
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    post("Settled in class")
    deliver()
    assert receiver.requests == []
    db.expire_all()
    assert db.get(Webhook, webhook["id"]).disabled_reason == "The token that registered it expired."


def test_teamaround_jobs_run_delivers_to_the_receiver(tmp_path, monkeypatch, receiver, host):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    upgrade(url)
    settings = {"DATABASE_URL": url, "SECRET_KEY": "cli-test", "WEBHOOKS_ALLOW_LOOPBACK": "true",
                "DOCUMENTS_PATH": str(tmp_path / "documents")}
    for name, value in settings.items():
        monkeypatch.setenv(f"TEAMAROUND_{name}", value)
    sessions = make_session_factory(create_engine(url))
    with sessions() as db, db.begin():
        senco = team.create_person(db, {"full_name": "Priya Shah", "email": "senco@example.org",
                                        "kind": "school_staff", "agency": "school"}, password_hash="x")
        child = team.create_child(db, senco, {"full_name": "Amara Okafor", "date_of_birth": "2018-03-14"})
        _, receiver.secret = registry.register(db, senco, {"url": receiver.url}, box=secret_box("cli-test"),
                                               allow_loopback=True)
    with sessions() as db, db.begin():
        entry = timeline.post_entry(db, senco, child.id, {"kind": "update", "title": "Settled in class"}, host=host)
    result = CliRunner().invoke(main, ["jobs", "run"])
    assert "Changes made into webhooks' deliveries: 1." in result.output
    assert receiver.handled_for(child.id) == [entry.id]


def test_a_failed_delivery_waits_out_the_first_back_off_before_it_is_tried_again(db, loopback_app, register, receiver,
                                                                                 post):
    register()
    receiver.stop()
    post("Settled in class")
    kind = deliveries.job_kind(secret_box(loopback_app.config["SECRET_KEY"]), allow_loopback=True)
    sessions = loopback_app.extensions["teamaround.sessions"]
    api_webhooks.collect(loopback_app)
    assert queue.run_due(sessions, [kind]).failed == 1
    [job] = db.scalars(select(Job).where(Job.kind == deliveries.KIND)).all()
    waits = job.next_attempt_at - utcnow()
    assert deliveries.RETRY.first_wait - timedelta(seconds=5) < waits <= deliveries.RETRY.first_wait
    assert queue.run_due(sessions, [kind]) == queue.Outcome()


def test_the_tenth_failure_comes_about_two_hours_after_the_first():
    waited = sum((deliveries.RETRY.wait(attempt) for attempt in range(1, deliveries.DISABLE_AFTER)), timedelta())
    assert timedelta(hours=1, minutes=30) <= waited <= timedelta(hours=2, minutes=30)


def test_the_delivery_log_comes_in_pages_newest_first(client, bearer, register, deliver, post):
    webhook = register()
    posted = [post(f"Session {number}").id for number in range(3)]
    deliver()
    address = f"/api/v1/webhooks/{webhook['id']}/deliveries"
    first = client.get(address, query_string={"limit": 2}, headers=bearer()).json
    rest = client.get(address, query_string={"limit": 2, "before": first["next_cursor"]}, headers=bearer()).json
    assert [entry["cursor"] for entry in first["deliveries"] + rest["deliveries"]] == sorted(
        (entry["cursor"] for entry in first["deliveries"] + rest["deliveries"]), key=int, reverse=True)
    assert len(first["deliveries"] + rest["deliveries"]) == len(posted) and rest["next_cursor"] is None
