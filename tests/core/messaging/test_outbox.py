"""The outbox sends each message once: one sender at a time, no transaction held while it
talks to the mail server, and a sender killed mid-send neither loses a message nor doubles one.

The crashes and the races run ``teamaround outbox run`` as real processes against a
database of their own (a SQLite file, a PostgreSQL database) and a real SMTP server that
can hold its answer, so that the kill lands exactly where it matters. The processes are
forked from one that has the code imported already (``forked_command``), which spares each
run a new interpreter's seconds of imports.
"""

import asyncio
import os
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import psycopg
import pytest
from aiosmtpd.controller import Controller
from conftest import free_port
from dates import TUESDAY, at_school
from forked_command import Command
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from core.db import SQLITE_BUSY_TIMEOUT_MS, make_engine, make_session_factory
from core.meetings import booking as meetings
from core.messaging import outbox
from core.migrations import upgrade
from core.models import OutboxMessage, Person
from core.people import team
from core.plugins import load_plugins
from core.site import Site

RECIPIENTS = ["first@example.org", "second@example.org", "third@example.org"]


class HoldingMailServer:
    """Keeps every message it is given; can hold its answer for one recipient until released.

    ``hold("DATA", address)`` holds after the whole message, final dot included, has
    arrived: the server has it, the sender has not heard so. ``hold("RCPT", address)``
    holds before the message is sent at all. ``answer_late(seconds)`` answers the next
    message that many seconds late; ``refuse_next(reply)`` answers it with ``reply``.
    """

    def __init__(self):
        self.received = []
        self.holding, self.released = threading.Event(), threading.Event()
        self._stage = self._address = None
        self._delay = 0.0
        self._refusal = None

    def hold(self, stage, address):
        self._stage, self._address = stage, address

    def answer_late(self, seconds):
        self._delay = seconds

    def refuse_next(self, reply):
        self._refusal = reply

    def copies(self):
        return Counter(address for message in self.received for address in [message["To"]])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self._maybe_hold("RCPT", address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self._refusal:
            reply, self._refusal = self._refusal, None
            return reply
        self.received.append(message_from_bytes(envelope.content, policy=default))
        for address in envelope.rcpt_tos:
            await self._maybe_hold("DATA", address)
        if self._delay:
            delay, self._delay = self._delay, 0.0
            self.holding.set()
            await asyncio.sleep(delay)
        return "250 OK"

    async def _maybe_hold(self, stage, address):
        if (stage, address) == (self._stage, self._address):
            self._stage = None  # once: the sender that comes after is not held
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.released.wait, 60)


@pytest.fixture
def mail_server():
    server = HoldingMailServer()
    port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    server.url = f"smtp://127.0.0.1:{port}"
    yield server
    server.released.set()
    controller.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database(request, tmp_path):
    """A database of the test's own that other processes can reach: a SQLite file, or a new
    database on the run's PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'school.sqlite'}"
        return
    server = make_url(request.getfixturevalue("postgres_url"))
    name = f"outbox_{uuid.uuid4().hex[:12]}"
    admin = server.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def school(fresh_database, tmp_path):
    """A SENCO and three people who have mail waiting, one message each."""
    url = fresh_database
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as db, db.begin():
        team.create_person(db, {"full_name": "Priya Shah", "email": "senco@example.org", "kind": "school_staff",
                                "agency": "school"})
        for number, address in enumerate(RECIPIENTS):
            person = team.create_person(db, {"full_name": f"Person {number}", "email": address, "kind": "parent"})
            outbox.enqueue(db, key=f"hello:{number}", recipient=person, child_id=None, subject="Hello",
                           text_body="Hello.")
    factory.url, factory.folder = url, tmp_path
    yield factory
    engine.dispose()


def outbox_run(school, mail_server):
    """``teamaround outbox run`` as its own process, as cron or a process manager starts it."""
    env = {**os.environ, "TEAMAROUND_DATABASE_URL": school.url, "TEAMAROUND_SMTP_URL": mail_server.url,
           "TEAMAROUND_SECRET_KEY": "outbox"}
    return Command(["outbox", "run"], env, school.folder / f"outbox-run-{uuid.uuid4().hex[:8]}.txt")


def finished(process):
    exit_code, output = process.finished(timeout=60)
    assert exit_code == 0, output
    return output


def killed_while_held(school, mail_server, stage, address):
    """Run the outbox until the server holds ``address`` at ``stage``, then kill -9 it."""
    mail_server.hold(stage, address)
    sender = outbox_run(school, mail_server)
    assert mail_server.holding.wait(60), "the outbox never reached the mail server"
    sender.kill()  # kill -9
    mail_server.released.set()


def lease_runs_out(school):
    with school() as db, db.begin():
        db.execute(update(OutboxMessage).values(claimed_until=datetime.now(UTC) - timedelta(seconds=1)))


def row(school, address):
    with school() as db:
        return db.scalar(select(OutboxMessage).where(OutboxMessage.to_address == address))


def test_a_message_the_server_had_when_its_sender_was_killed_is_not_sent_again(school, mail_server):
    killed_while_held(school, mail_server, "DATA", RECIPIENTS[0])
    lease_runs_out(school)
    finished(outbox_run(school, mail_server))
    assert mail_server.copies() == {address: 1 for address in RECIPIENTS}
    presumed = row(school, RECIPIENTS[0])
    assert presumed.sent_at == presumed.handed_over_at and presumed.last_error == outbox.PRESUMED


def test_a_message_its_sender_was_killed_before_handing_over_is_sent_once_when_the_lease_runs_out(
    school, mail_server
):
    killed_while_held(school, mail_server, "RCPT", RECIPIENTS[0])
    finished(outbox_run(school, mail_server))
    assert mail_server.copies() == {RECIPIENTS[1]: 1, RECIPIENTS[2]: 1}  # the lease still holds the first
    lease_runs_out(school)
    finished(outbox_run(school, mail_server))
    assert mail_server.copies() == {address: 1 for address in RECIPIENTS}
    assert row(school, RECIPIENTS[0]).last_error == ""


def test_two_outbox_runs_at_once_never_send_the_same_message(school, mail_server):
    mail_server.hold("DATA", RECIPIENTS[0])
    first = outbox_run(school, mail_server)
    assert mail_server.holding.wait(60)
    assert "sent 2, not delivered 0" in finished(outbox_run(school, mail_server))
    mail_server.released.set()
    assert "sent 1, not delivered 0" in finished(first)
    assert mail_server.copies() == {address: 1 for address in RECIPIENTS}


@pytest.mark.parametrize("fresh_database", ["sqlite"], indirect=True)
def test_a_meeting_is_saved_while_the_outbox_waits_on_a_slow_mail_server(school, mail_server):
    mail_server.answer_late(SQLITE_BUSY_TIMEOUT_MS / 1000 + 2)
    sender = outbox_run(school, mail_server)
    assert mail_server.holding.wait(60)
    started = time.monotonic()
    with school() as db, db.begin():
        senco = db.scalar(select(Person).where(Person.email == "senco@example.org"))
        child = team.create_child(db, senco, {"full_name": "Amara Okafor", "date_of_birth": "2018-03-14"})
        starts = at_school(TUESDAY, 10)
        meetings.schedule(db, senco, child.id, {"purpose": "tac_meeting", "starts_at": starts.isoformat(),
                                                "ends_at": (starts + timedelta(hours=1)).isoformat()},
                          site=Site(host=load_plugins()))
    assert time.monotonic() - started < SQLITE_BUSY_TIMEOUT_MS / 1000
    finished(sender)
    assert mail_server.copies() == {address: 1 for address in RECIPIENTS}


def test_a_message_the_server_refuses_at_its_end_waits_for_a_retry(db, connection, make_person, mail_server):
    outbox.enqueue(db, key="hello", recipient=make_person(), child_id=None, subject="Hello", text_body="Hello.")
    mail_server.refuse_next("451 4.3.0 Try again later")
    assert outbox.deliver_due(make_session_factory(connection), mail_server.url) == (0, 1)
    db.expire_all()
    [message] = db.scalars(select(OutboxMessage)).all()
    assert message.sent_at is message.handed_over_at is message.claimed_by is None
    assert "451" in message.last_error and message.next_attempt_at > datetime.now(UTC)


def test_words_beyond_ascii_and_lines_starting_with_a_dot_arrive_intact(db, connection, make_person, mail_server):
    text = "Dzień dobry, pani Łucjo.\n.\n..and a line that starts with dots.\n"
    outbox.enqueue(db, key="hello", recipient=make_person(name="Łucja Wiśniewska"), child_id=None,
                   subject="Spotkanie: Zażółć", text_body=text)
    assert outbox.deliver_due(make_session_factory(connection), mail_server.url) == (1, 0)
    [message] = mail_server.received
    assert message["Subject"] == "Spotkanie: Zażółć" and message.get_content().replace("\r\n", "\n") == text


def test_a_messages_secret_goes_in_the_mail_and_is_blanked_in_what_is_kept(db, connection, make_person, mail_server):
    outbox.enqueue(db, key="link", recipient=make_person(), child_id=None, subject="Your link",
                   text_body="Open https://school.example/invitations/s3cret once.", secret="s3cret")
    outbox.deliver_due(make_session_factory(connection), mail_server.url)
    [sent] = mail_server.received
    db.expire_all()
    kept = db.scalar(select(OutboxMessage))
    assert "/invitations/s3cret " in sent.get_content()
    assert (kept.text_body, kept.secret) == ("Open https://school.example/invitations/… once.", None)


def test_a_messages_secret_is_kept_for_the_retry_while_it_is_not_delivered(db, connection, make_person):
    outbox.enqueue(db, key="link", recipient=make_person(), child_id=None, subject="Your link",
                   text_body="Open https://school.example/invitations/s3cret once.", secret="s3cret")
    outbox.deliver_due(make_session_factory(connection), f"smtp://127.0.0.1:{free_port()}")
    db.expire_all()
    assert db.scalar(select(OutboxMessage.secret)) == "s3cret"


def test_a_message_presumed_delivered_has_its_secret_blanked(db, connection, make_person):
    message = outbox.enqueue(db, key="link", recipient=make_person(), child_id=None, subject="Your link",
                             text_body="Open https://school.example/invitations/s3cret once.", secret="s3cret")
    message.handed_over_at = message.claimed_until = datetime.now(UTC) - timedelta(minutes=1)
    db.flush()
    outbox.deliver_due(make_session_factory(connection), f"smtp://127.0.0.1:{free_port()}")
    db.expire_all()
    kept = db.scalar(select(OutboxMessage))
    assert kept.sent_at is not None and "s3cret" not in kept.text_body and kept.secret is None


@pytest.fixture
def failing_mail(db, connection, make_person):
    """One message queued, and a way to try it at a mail server that is down and to let the
    clock pass: the message's times move back rather than the clock forward."""
    outbox.enqueue(db, key="invite", recipient=make_person(), child_id=None, subject="Hello", text_body="Hello.")
    factory = make_session_factory(connection)
    down = f"smtp://127.0.0.1:{free_port()}"

    class Failing:
        @staticmethod
        def message():
            db.expire_all()
            return db.scalar(select(OutboxMessage))

        @staticmethod
        def try_at(url=down):
            return outbox.deliver_due(factory, url)

        @staticmethod
        def time_passes(by):
            message = Failing.message()
            message.created_at -= by
            message.next_attempt_at -= by
            db.flush()

    return Failing


@given(attempts=st.integers(min_value=0, max_value=10_000))
def test_the_wait_before_a_retry_grows_to_an_hour_and_no_further(attempts):
    assert outbox.backoff(attempts) <= outbox.backoff(attempts + 1) <= timedelta(hours=1)


def test_mail_held_by_a_day_of_failures_is_delivered_once_the_server_returns(failing_mail, mail_server):
    waited = timedelta(0)
    while waited < timedelta(days=1):
        assert failing_mail.try_at() == (0, 1)
        wait = failing_mail.message().next_attempt_at - datetime.now(UTC)
        failing_mail.time_passes(wait + timedelta(seconds=1))
        waited += wait
    assert failing_mail.message().given_up_at is None
    assert failing_mail.try_at(mail_server.url) == (1, 0)
    assert len(mail_server.received) == 1


def test_mail_that_still_fails_after_days_is_given_up_and_reported(failing_mail, db):
    failing_mail.time_passes(outbox.KEEP_TRYING_FOR - timedelta(seconds=30))
    failing_mail.try_at()
    message = failing_mail.message()
    assert message.given_up_at is not None and message.sent_at is None
    assert [given.id for given in outbox.given_up(db)] == [message.id]


def test_mail_given_up_is_not_tried_again_by_itself(failing_mail):
    failing_mail.time_passes(outbox.KEEP_TRYING_FOR)
    failing_mail.try_at()
    failing_mail.time_passes(timedelta(days=1))
    assert failing_mail.try_at() == (0, 0)


def test_mail_given_up_is_tried_once_more_when_the_operator_asks(failing_mail, db, mail_server):
    failing_mail.time_passes(outbox.KEEP_TRYING_FOR)
    failing_mail.try_at()
    assert outbox.retry_given_up(db, datetime.now(UTC)) == 1
    assert failing_mail.try_at(mail_server.url) == (1, 0)


def test_mail_waiting_for_a_retry_is_counted_as_waiting_not_given_up(failing_mail, db):
    failing_mail.try_at()
    found = outbox.undelivered(db)
    assert (found.waiting, found.given_up) == (1, 0)
    assert found.oldest_waiting_since == failing_mail.message().created_at
