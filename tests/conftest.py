"""Fixtures shared by every test: both databases, plugins, factories, the web app.

Every test that touches the database runs once on SQLite and once on a real
PostgreSQL server that the run starts itself; each test runs inside a transaction
rolled back at its end, so tests never see each other's rows.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import socket
from datetime import date, timedelta

import pytest
from dates import TUESDAY, at_school
from postgres_server import PostgresUnavailable, postgres_cluster, running_postgres

from core.db import make_engine, make_session_factory
from core.documents import attachments, filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.meetings import availability, feeds
from core.meetings import booking as meetings
from core.meetings import report_requests as reports
from core.messaging import notifications
from core.migrations import upgrade
from core.models import Child, Person
from core.people import accounts, consent, invitations, sessions, team
from core.people import tokens as api_tokens
from core.people.passwords import CHEAPEST
from core.plans import content as plans
from core.plans import reviews, versions
from core.plugins import load_plugins
from core.sync import idempotency
from core.timeline import entries as timeline
from core.types import utcnow

PASSWORD = "correct horse battery staple"

# Apps built by tests count API requests in memory: counters in the database would wait on
# the transaction a test holds open. A test of the database's counters asks for them ("").
os.environ.setdefault("TEAMAROUND_RATELIMIT_STORAGE_URI", "memory://")
# Tests not about signing in are not slowed by a second step: a test of it asks for one.
os.environ.setdefault("TEAMAROUND_SECOND_FACTOR_REQUIRED_FOR", "")

# The costliest tests, a minute or two each (a browser's walk through every page of a
# language, a fuzzing run, a load test), are handed out to the workers first: collected in
# their place, near the end, one would run alone at the end of the run while the other
# worker waited.
HANDED_OUT_FIRST = ("tests/browser/", "tests/webui/test_api_fuzz.py", "tests/reliability/")


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(HANDED_OUT_FIRST))  # stable: modules stay whole


@pytest.fixture(scope="session")
def postgres_url():
    yield from _real_server("PostgreSQL", running_postgres, PostgresUnavailable)


@pytest.fixture(scope="module")
def own_postgres():
    """A PostgreSQL cluster of the module's own, which its tests may stop and start again
    (postgres_server.Cluster)."""
    yield from _real_server("PostgreSQL", postgres_cluster, PostgresUnavailable)


def _real_server(name, running, unavailable):
    """A server a test needs, started here; where it cannot run, a skip, but in CI a failure."""
    try:
        with running() as server:
            yield server
    except unavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI: {error}")
        pytest.skip(f"{name} not available here: {error}")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
    upgrade(url)
    return url


@pytest.fixture
def fresh_url(request, tmp_path):
    """A whole empty database of its own, for tests that commit from several connections or
    processes (a test transaction cannot hold them): parametrise with ``indirect=True``."""
    from sqlalchemy import create_engine, text

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'live.sqlite'}"
    base = request.getfixturevalue("postgres_url")
    name = f"fresh_{tmp_path.name[-20:].replace('-', '_').lower()}"
    with create_engine(base, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    return base.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine):
    with rolled_back(engine) as connection:
        yield connection


@contextlib.contextmanager
def rolled_back(engine):
    """A connection in a transaction rolled back at the end: nothing written in it outlives it.

    On PostgreSQL the data version (migration 0045) changes as a transaction commits, which
    this one never does: here it changes at each statement that writes, so that a page kept
    before a write is not answered after it (webui.kept_pages)."""
    with engine.connect() as connection:
        transaction = connection.begin()
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET CONSTRAINTS data_version_moves IMMEDIATE")
        yield connection
        transaction.rollback()


@pytest.fixture(scope="module")
def module_connection(engine):
    """A connection whose one transaction lasts the whole module, rolled back at its end.

    What a module builds once in it (tests/webui's ``probed_team``, tests/demo's seeded demo),
    every test of the module sees;
    a module that uses it runs each test in a savepoint of it (``savepoint_connection``).
    On SQLite its transaction holds the write lock: in such a module every test must use
    this connection, never one of its own.
    """
    with rolled_back(engine) as connection:
        yield connection


@pytest.fixture
def savepoint_connection(module_connection):
    """The module's connection inside a savepoint rolled back after the test: a module
    that builds its records once overrides ``connection`` with this."""
    savepoint = module_connection.begin_nested()
    yield module_connection
    savepoint.rollback()


@pytest.fixture
def db(connection):
    session = make_session_factory(connection)()
    yield session
    session.close()


@pytest.fixture(scope="session")
def host():
    return load_plugins()


@pytest.fixture
def make_person(db):
    """Create an account: ``make_person("parent")``, ``make_person("professional", agency="health")``."""
    return person_factory(db)


def person_factory(db):
    """``make_person`` for any session: fixtures built once per module call it directly."""
    counter = iter(range(1, 10_000))

    def make(kind="parent", agency=None, name=None, **values):
        number = next(counter)
        if kind == "school_staff" and agency is None:
            agency = "school"
        data = {
            "full_name": name or f"{kind.replace('_', ' ').title()} {number}",
            "email": f"{kind}{number}@example.org",
            "kind": kind,
            "agency": agency,
            **values,
        }
        return team.create_person(db, data, password_hash=CHEAPEST.hash(PASSWORD))

    return make


@pytest.fixture
def make_child(db):
    """Create a child led by ``lead`` (school staff), who becomes the lead professional."""
    return child_factory(db)


def child_factory(db):
    def make(lead, **values):
        data = {"full_name": "Amara Okafor", "date_of_birth": date(2018, 3, 14).isoformat(), **values}
        return team.create_child(db, lead, data)

    return make


class Team:
    """A child's team with one person of every kind, and outsiders who are not in it."""

    def __init__(self, db, make_person, make_child):
        self.senco = make_person("school_staff", name="Priya Shah")
        self.teacher = make_person("school_staff", name="Daniel Hughes")
        self.parent = make_person("parent", name="Grace Okafor")
        self.slt = make_person("professional", agency="speech_language", name="Owen Davies")
        self.ot_without_consent = make_person("professional", agency="occupational_therapy", name="Hannah Clarke")
        self.admin = make_person("administrator", name="Sam Patel")
        self.child = make_child(self.senco)
        for person, role in [
            (self.teacher, "class_teacher"),
            (self.parent, "parent"),
            (self.slt, "speech_language_therapist"),
            (self.ot_without_consent, "occupational_therapist"),
        ]:
            team.add_member(db, self.senco, self.child.id, {"person_id": person.id, "role": role})
        consent.record_consent(db, self.senco, self.child.id, "speech_language")
        other_lead = make_person("school_staff", name="Other SENCO")
        self.other_child = make_child(other_lead, full_name="Leo Brennan")
        self.other_parent = make_person("parent", name="Tom Brennan")
        team.add_member(db, other_lead, self.other_child.id, {"person_id": self.other_parent.id, "role": "parent"})
        self.outsider = make_person("school_staff", name="Not In Team")

    def read_in(self, db) -> Team:
        """The same team with each of its people and children read in ``db``'s session: a team
        built once per module is read again in each test's own."""
        again = copy.copy(self)
        for name, value in vars(self).items():
            if isinstance(value, Person | Child):
                setattr(again, name, db.get(type(value), value.id))
        return again


@pytest.fixture
def child_team(db, make_person, make_child):
    return Team(db, make_person, make_child)


@pytest.fixture(scope="session")
def document_folder(tmp_path_factory):
    """Where the apps of a run keep documents' files: never the instance folder of the checkout."""
    return tmp_path_factory.mktemp("documents")


@pytest.fixture(scope="session")
def shared_app(engine, document_folder):
    """One app per database for the whole run: building one (plugins, the OpenAPI document,
    every blueprint) costs more than most tests do."""
    from webui import create_app

    return create_app(
        {
            "TESTING": True,
            "DB_BIND": engine,
            "DOCUMENTS_PATH": str(document_folder),
            "SECRET_KEY": "test",
            "PASSWORD_PROFILE": "cheapest",
            "WTF_CSRF_ENABLED": False,
        }
    )


@pytest.fixture
def app(shared_app, connection):
    with lend(shared_app, connection):
        yield shared_app


@contextlib.contextmanager
def lend(app, connection):
    """An app shared by many tests, for one: its sessions join the test's transaction, and
    its settings and rate-limit counters are as new afterwards."""
    from webui.api import rate_limits

    settings = dict(app.config)
    app.extensions["teamaround.sessions"] = make_session_factory(connection)
    rate_limits.reset(app)
    try:
        yield app
    finally:
        app.config.clear()
        app.config.update(settings)


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, person, password=PASSWORD):
        return self._client.post("/login", data={"email": person.email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def bearer(db, child_team):
    """Authorization headers for a real token of any member of the team: ``bearer("slt")``."""

    from core.people import tokens as api_tokens

    def make(who="senco"):
        _, secret = api_tokens.create(db, getattr(child_team, who), {"name": "Case system"})
        return {"Authorization": f"Bearer {secret}"}

    return make


@pytest.fixture(scope="session")
def site(host):
    """The installation as services see it; immutable, so one serves the whole run."""
    from core.site import Site

    return Site(host=host, zone="Europe/London", base_url="https://school.example", mail_enabled=True)


@pytest.fixture
def make_meeting(db, child_team, site):
    """Book a meeting about the team's child, by its SENCO, with the parent and therapist invited."""
    return meeting_factory(db, child_team, site)


def meeting_factory(db, child_team, site):
    from core.meetings import booking as meetings

    def make(starts_at, minutes=60, **values):
        data = {
            "purpose": "tac_meeting",
            "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(minutes=minutes)).isoformat(),
            "location": "School library",
            "attendees": [
                {"person_id": child_team.parent.id, "required": True},
                {"person_id": child_team.slt.id, "required": False},
            ],
            **values,
        }
        return meetings.schedule(db, child_team.senco, child_team.child.id, data, site=site)

    return make


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailSink:
    """What a real SMTP server on loopback received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes
        from email.policy import default

        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    """An aiosmtpd server on 127.0.0.1; yields (url, sink)."""
    from aiosmtpd.controller import Controller

    sink = MailSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", sink
    finally:
        controller.stop()


@pytest.fixture
def mailed(db, connection, smtp_server):
    """``mailed()``: what the outbox holds, sent to a real SMTP server; every message it has received."""
    from core.messaging import outbox

    url, sink = smtp_server

    def deliver():
        db.flush()
        outbox.deliver_due(make_session_factory(connection), url)
        return sink.messages

    return deliver


@pytest.fixture
def links_sent_earlier(db):
    """``links_sent_earlier(timedelta(hours=1))``: the clock moved on, as far as invitation and
    reset links know, by each having been sent that much earlier."""
    from sqlalchemy import select

    from core.models import AccountLink

    def move(by: timedelta):
        for link in db.scalars(select(AccountLink)):
            link.created_at, link.expires_at = link.created_at - by, link.expires_at - by
        db.flush()

    return move


@pytest.fixture(scope="session")
def s3_url():
    """moto's standalone S3 server on 127.0.0.1; started once per worker, and only when a test asks for it."""
    from s3_server import S3Unavailable, running_s3

    yield from _real_server("moto_server", running_s3, S3Unavailable)


@pytest.fixture
def s3_bucket(s3_url):
    """A new, empty bucket on the test S3 server; a client that reaches it."""
    import uuid

    import boto3

    client = boto3.client("s3", endpoint_url=s3_url, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    bucket = f"teamaround-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    return client, bucket


@pytest.fixture(scope="session")
def imap_server():
    """A real Dovecot on 127.0.0.1, IMAP over TLS with a certificate from trustme; started once
    per worker, and only when a test asks for it."""
    from imap_server import ImapUnavailable, running_dovecot

    yield from _real_server("Dovecot", running_dovecot, ImapUnavailable)


@pytest.fixture(scope="session")
def caldav_server(tmp_path_factory):
    """A real Radicale CalDAV server on 127.0.0.1 with no authentication; yields its base URL."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    folder = tmp_path_factory.mktemp("radicale")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(folder),
            "--auth-type",
            "none",
            "--logging-level",
            "warning",
        ],
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/.web/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("Radicale did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def count_queries(connection):
    """``with count_queries() as queries: ...`` collects the SQL statements run inside."""
    from sqlalchemy import event

    @contextlib.contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, *args):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
                statements.append(statement)

        event.listen(connection, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(connection, "before_cursor_execute", record)

    return counting


@pytest.fixture
def install_distribution(tmp_path, monkeypatch):
    """Install a plugin project (a folder with pyproject.toml) in-process, through its real entry points.

    Writes the dist-info that pip would, puts it and the project on sys.path, and
    takes both away afterwards: what load_plugins() finds is exactly what an
    installed distribution offers.
    """
    import importlib
    import sys
    import tomllib
    from pathlib import Path

    installed = []

    def install(project_dir: Path) -> None:
        project = tomllib.loads((project_dir / "pyproject.toml").read_text())["project"]
        name = project["name"].replace("-", "_")
        dist_info = tmp_path / f"{name}-{project['version']}.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n"
        )
        points = "".join(f"{key} = {target}\n" for key, target in project["entry-points"]["teamaround"].items())
        (dist_info / "entry_points.txt").write_text(f"[teamaround]\n{points}")
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.syspath_prepend(str(project_dir))
        importlib.invalidate_caches()
        installed.extend(target.split(":")[0] for target in project["entry-points"]["teamaround"].values())

    yield install
    for module in installed:
        for loaded in [name for name in sys.modules if name == module or name.startswith(module + ".")]:
            del sys.modules[loaded]


# The shared plan: a plan for the team's child, and its outcomes, strategies and provision.
# 0 words a minute on 1 September, 10 by 10 December: the expected line rises one word
# every ten days, so the expectation on any day is easy to work out by hand.
def today() -> date:
    """Today's date, asked when a test runs: a module's constant, fixed when the suite is
    collected, is yesterday for the tests that run after midnight (UTC, the app's clock)."""
    return utcnow().date()


BASELINE_ON = date(2025, 9, 1)
TARGET_ON = BASELINE_ON + timedelta(days=100)


@pytest.fixture
def plan(db, child_team, site):
    return plans.create_plan(db, child_team.senco, child_team.child.id, site=site)


@pytest.fixture
def add_outcome(db, child_team, site, plan):
    """``add_outcome(target_value=3)``: a SMART outcome in the plan, owned by the class teacher."""
    return outcome_factory(db, child_team, site, plan)


def outcome_factory(db, child_team, site, plan):
    """``add_outcome`` for any session: fixtures built once per module call it directly."""

    def add(**values):
        data = {
            "area": "cognition_and_learning",
            "text": "Reads words from the Year 2 list aloud",
            "unit": "words a minute",
            "baseline_value": 0,
            "baseline_on": BASELINE_ON.isoformat(),
            "target_value": 10,
            "target_on": TARGET_ON.isoformat(),
            "owner_id": child_team.teacher.id,
            **values,
        }
        return plans.add_outcome(db, child_team.senco, plan.id, data, site=site)

    return add


@pytest.fixture
def add_strategy(db, child_team, site, plan):
    return strategy_factory(db, child_team, site, plan)


def strategy_factory(db, child_team, site, plan):
    def add(text="Show, then tell: a picture for each step", where="both"):
        return plans.add_strategy(db, child_team.senco, plan.id, {"text": text, "where": where}, site=site)

    return add


@pytest.fixture
def add_provision(db, child_team, site, plan):
    """``add_provision(sessions_per_week=3)``: speech and language group work with the team's therapist."""
    return provision_factory(db, child_team, site, plan)


def provision_factory(db, child_team, site, plan):
    def add(**values):
        data = {
            "support": "Small-group language work",
            "person_id": child_team.slt.id,
            "sessions_per_week": 3,
            "minutes_per_session": 20,
            "starts_on": BASELINE_ON.isoformat(),
            **values,
        }
        return plans.add_provision(db, child_team.senco, plan.id, data, site=site)

    return add


# Two children's records side by side: what belongs to one child's record (an export,
# an erasure) is checked against a row in every table, with the other child's beside it.
@pytest.fixture
def two_timelines(db, child_team, host):
    return post_two_timelines(db, child_team, host)


def post_two_timelines(db, child_team, host):
    mine = timeline.post_entry(
        db,
        child_team.slt,
        child_team.child.id,
        {"kind": "update", "title": "Session notes", "visibility": "agency"},
        host=host,
    )
    other = timeline.post_entry(
        db,
        child_team.other_parent,
        child_team.other_child.id,
        {"kind": "home_observation", "title": "Other family's news"},
        host=host,
    )
    return mine, other


@pytest.fixture
def full_case(db, child_team, two_timelines, host, site, make_meeting, plan, add_outcome, add_strategy, add_provision,
              document_folder):
    """Both children's records with a row in every table, and the therapist's own things."""
    return fill_full_case(db, child_team, two_timelines, host, site, make_meeting, plan, add_outcome, add_strategy,
                          add_provision, document_folder)


def build_full_case(db, host, site, document_folder):
    """``child_team`` with its ``full_case``, for any session: fixtures built once per module call it directly."""
    child_team = Team(db, person_factory(db), child_factory(db))
    timelines = post_two_timelines(db, child_team, host)
    plan = plans.create_plan(db, child_team.senco, child_team.child.id, site=site)
    return fill_full_case(db, child_team, timelines, host, site, meeting_factory(db, child_team, site), plan,
                          outcome_factory(db, child_team, site, plan), strategy_factory(db, child_team, site, plan),
                          provision_factory(db, child_team, site, plan), document_folder)


def fill_full_case(db, child_team, two_timelines, host, site, make_meeting, plan, add_outcome, add_strategy,
                   add_provision, document_folder):
    team_entry = timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "home_observation", "title": "Slept well"}, host=host
    )
    for person in (child_team.slt, child_team.senco):
        timeline.acknowledge(db, person, team_entry.id)
    timeline.withdraw_entry(db, child_team.parent, timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "home_observation", "title": "Posted twice"}, host=host
    ).id)
    consent.record_consent(db, child_team.senco, child_team.child.id, "occupational_therapy")
    consent.withdraw_consent(db, child_team.senco, child_team.child.id, "occupational_therapy", site=site)
    meeting = make_meeting(at_school(TUESDAY, 10))
    meetings.add_action(
        db, child_team.senco, meeting.id,
        {"owner_id": child_team.slt.id, "text": "Report", "due_on": (TUESDAY - timedelta(days=1)).isoformat()},
        site=site,
    )
    [request] = reports.request_reports(db, child_team.senco, meeting.id, [child_team.slt.id], site=site)
    reports.send_report(db, child_team.slt, request.id, two_timelines[0].id)
    today = utcnow().date().isoformat()
    outcome = add_outcome()
    plans.record_reading(db, child_team.senco, outcome.id, {"taken_on": today, "value": 3})
    add_strategy()
    provision = add_provision()
    plans.record_session(db, child_team.slt, provision.id, {"held_on": today, "delivered": True})
    versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    reviews.hold_review(
        db, child_team.senco, plan.id,
        {"judgements": [{"outcome_id": outcome.id, "judgement": "partly", "comment": "Nearly"}]}, site=site,
    )
    _, child_team.token_secret = api_tokens.create(db, child_team.slt, {"name": "Case system"})
    kept = idempotency.kept_or_reserved(db, child_team.slt, "case-system-1", idempotency.fingerprint("POST", "/", b""))
    idempotency.keep(kept, status=201, body="{}", headers={})
    child_team.feed_token = feeds.issue(db, child_team.slt)
    invitations.invite(db, child_team.slt, child_team.admin, site=site)
    availability.offer(
        db, child_team.slt,
        {"starts_at": at_school(TUESDAY, 9).isoformat(), "ends_at": at_school(TUESDAY, 12).isoformat()},
    )
    notifications.set_preferences(db, child_team.slt, {"message": "daily_digest"})
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(db, CHEAPEST, child_team.slt.email, "wrong", "192.0.2.1")
    child_team.session_secret = sessions.start(db, child_team.slt)
    _sign_in_in_two_steps(db, child_team.slt)
    report = _file_a_report(db, child_team, host, LocalFileStore(document_folder))
    attachments.attach(db, child_team.slt, report.id, meeting_id=meeting.id)
    _import_the_roster(db, child_team, site)
    _send_to_a_webhook(db, child_team.slt, child_team.child)
    _gather_evidence(db, child_team)
    _apply_for_an_ehcp(db, child_team, site, report)
    _refer(db, child_team, site, report)
    return child_team


def _apply_for_an_ehcp(db, child_team, site, letter):
    """An EHC case from the request to an annual review: decisions from a letter, advice asked
    and answered, the family's views on the draft."""
    from core.cases import ehc

    requested = utcnow().date() - timedelta(days=300)

    def on(days):
        return requested + timedelta(days=days)

    case = ehc.open_case(
        db, child_team.senco, child_team.child.id,
        {"requested_by": "school", "requested_on": requested.isoformat()}, site=site,
    )

    def decide(decision, days):
        values = {"decision": decision, "decided_on": on(days).isoformat(), "document_id": letter.id}
        ehc.record_decision(db, child_team.senco, case.id, values, site=site)

    decide("assess", 35)
    advice = ehc.request_advice(db, child_team.senco, case.id, {"agency": "speech_language"}, site=site, today=on(36))
    ehc.answer_advice(db, child_team.slt, advice.id, {"document_id": letter.id}, site=site, today=on(70))
    decide("draft_issued", 90)
    ehc.respond_to_draft(
        db, child_team.parent, case.id, {"comments": "More speech therapy", "school": "Oak Primary"},
        site=site, today=on(95),
    )
    decide("plan_issued", 130)
    ehc.schedule_review(db, child_team.senco, case.id, {"meeting_on": on(330).isoformat()}, site=site)

def _refer(db, child_team, site, document):
    """A referral to speech and language therapy with a document, answered: more asked for, given, accepted."""
    from core.cases import referrals

    referral = referrals.refer(
        db, child_team.senco, child_team.child.id,
        {"agency": "speech_language", "reason": "Hard to understand", "document_ids": [document.id],
         "answers": {"tried": "Talk time", "languages": "English"},
         "consent": {"given_by": "Grace Okafor", "given_on": utcnow().date().isoformat(), "method": "phone"}},
        site=site,
    )
    referrals.ask_for_information(db, child_team.slt, referral.id, {"question": "At home too?"}, site=site)
    referrals.give_information(db, child_team.senco, referral.id, {"text": "Yes"}, site=site)
    referrals.accept(db, child_team.slt, referral.id, {}, site=site)


def _gather_evidence(db, child_team):
    """An evidence bundle of the plan, asked for by the lead (built or not, its row is the record's)."""
    from core.documents import bundles

    bundles.request_bundle(db, child_team.senco, child_team.child.id, {"purpose": "review", "plan": True})


def _import_the_roster(db, child_team, site):
    """The school's system names the child and their parent: both are linked, with a saved mapping."""
    from core.roster import apply, mappings
    from core.roster import preview as roster_preview
    from core.roster.files import roster_of

    child = child_team.child
    export = (
        "UPN,Name,DOB,Contact,Contact email\r\n"
        f"K100,{child.full_name},{child.date_of_birth.isoformat()},{child_team.parent.full_name},"
        f"{child_team.parent.email}\r\n"
    ).encode()
    mapping = {"pupil_identifier": "UPN", "pupil_name": "Name", "date_of_birth": "DOB",
               "contacts": [{"name": "Contact", "email": "Contact email"}]}
    mappings.save(db, child_team.admin, "School export", mapping)
    shown = roster_preview.preview(db, roster_of(export, mapping))
    run = apply.keep(db, child_team.admin, shown, file_name="export.csv", content=export)
    apply.queue_apply(db, child_team.admin, run, shown)
    apply.apply_batch(db, run.id)


def _send_to_a_webhook(db, person, child):
    """A webhook of ``person``'s, and one delivery to it about ``child``, tried once."""
    from core.models import WebhookAttempt, WebhookDelivery
    from core.webhooks import registry
    from core.webhooks.secrets import secret_box

    webhook, _ = registry.register(db, person, {"url": "https://8.8.8.8/hook"}, box=secret_box("test"),
                                   allow_loopback=False)
    delivery = WebhookDelivery(public_id="full-case-1", webhook_id=webhook.id, person_id=person.id, child_id=child.id,
                               sequence=1, kind="entry", body="{}")
    delivery.attempt_log.append(
        WebhookAttempt(attempted_at=utcnow(), response_code=503, error="The receiver answered 503")
    )
    db.add(delivery)
    db.flush()


def _sign_in_in_two_steps(db, person):
    """An authenticator app, recovery codes, and a sign-in waiting for its second step."""
    import pyotp

    from core.people import recovery_codes, sign_in_steps, totp
    from core.people.factor_secrets import secret_box

    box = secret_box(None, "test")
    _, secret = totp.start_enrolment(db, person, box)
    totp.confirm(db, person, box, pyotp.TOTP(secret).now())
    recovery_codes.issue(db, person, CHEAPEST)
    sign_in_steps.begin(db, sign_in_steps.SECOND_FACTOR, person)


def _file_a_report(db, child_team, host, store):
    """A report in the child's file, in two versions; the document."""
    report = filing.add_document(
        db, child_team.slt, child_team.child.id, {"title": "Therapy report", "kind": "report"},
        filing.Upload(io.BytesIO(b"Therapy report, first draft"), "report.txt"),
        store=store, host=host, limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    filing.add_version(db, child_team.slt, report.id, filing.Upload(io.BytesIO(b"Therapy report"), "report.txt"),
                       store=store, limit=DEFAULT_MAX_UPLOAD_BYTES)
    return report


@pytest.fixture
def erase_case(db, child_team, host, tmp_path):
    """``erase_case()``: close the team's case and run retention past every agency's date, committed."""
    from core.records import children as records
    from core.records import retention

    def erase():
        records.close_case(db, child_team.senco, child_team.child.id)
        born = child_team.child.date_of_birth
        retention.run(db, tmp_path / "erasures.jsonl", agencies=host.agencies, overrides={},
                      today=born.replace(year=born.year + 100))
        db.commit()

    return erase
