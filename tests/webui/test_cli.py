"""The teamaround command: the contract that operators and outside checks rely on."""

import contextlib
import gc
import json
import shutil
import sqlite3
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from conftest import free_port
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from webui.cli import GunicornServer, gunicorn_options, main

BUILT_IN = ["health", "speech_language", "occupational_therapy", "social_care", "school"]


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run a teamaround command against a fresh SQLite database of its own."""
    return cli_on(tmp_path, monkeypatch)


def cli_on(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("TEAMAROUND_DATABASE_URL", url)
    monkeypatch.setenv("TEAMAROUND_SECRET_KEY", "cli-test")
    monkeypatch.setenv("TEAMAROUND_PASSWORD_PROFILE", "cheapest")
    monkeypatch.setenv("TEAMAROUND_ERASURE_JOURNAL", str(tmp_path / "erasures.jsonl"))

    def invoke(*args, input=None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    invoke.url = url
    return invoke


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, host):
    """Databases made once a module, for the tests that start from them (the upgrade itself is
    tested on its own): ``upgraded.tables`` by ``teamaround db upgrade``, ``upgraded.demo``
    from it with the demo team in it."""
    from core.db import make_engine, make_session_factory
    from core.people.passwords import CHEAPEST
    from demo import seed as demo

    folder = tmp_path_factory.mktemp("upgraded")
    tables, with_demo = folder / "tables.sqlite", folder / "demo.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEAMAROUND_DATABASE_URL", f"sqlite:///{tables}")
        patch.setenv("TEAMAROUND_SECRET_KEY", "cli-test")
        assert CliRunner().invoke(main, ["db", "upgrade"], catch_exceptions=False).exit_code == 0
    copy_database(tables, f"sqlite:///{with_demo}")
    engine = make_engine(f"sqlite:///{with_demo}")
    with make_session_factory(engine)() as db, db.begin():
        demo.ensure_demo(db, host, CHEAPEST)
    engine.dispose()
    return SimpleNamespace(tables=tables, demo=with_demo)


def copy_database(path, url):
    """The SQLite database at ``path``, written whole (what its write-ahead log holds too) to ``url``."""
    with contextlib.closing(sqlite3.connect(path)) as source, \
            contextlib.closing(sqlite3.connect(make_url(url).database)) as copy:
        source.backup(copy)


@pytest.fixture
def tables(run, upgraded):
    """The run's database with this version's tables: a copy of the module's upgraded one."""
    copy_database(upgraded.tables, run.url)


@pytest.fixture
def demo_team(run, upgraded):
    """The run's database with the demo team in it: a copy of the module's."""
    copy_database(upgraded.demo, run.url)


def test_plugins_lists_the_five_built_in_agencies(run):
    output = run("plugins").output
    for name in BUILT_IN:
        assert f"\n{name}\n" in f"\n{output}"


def test_a_disabled_plugin_is_not_listed(run, monkeypatch):
    monkeypatch.setenv("TEAMAROUND_DISABLED_PLUGINS", "social_care, health")
    output = run("plugins").output
    assert "social_care" not in output and "health\n" not in output and "school" in output


def test_db_upgrade_creates_the_schema(run):
    assert run("db", "upgrade").exit_code == 0
    with create_engine(run.url).connect() as connection:
        assert connection.execute(text("select count(*) from people")).scalar() == 0


def test_create_user_asks_for_the_password_and_stores_only_its_hash(run, tables):
    result = run(
        "create-user",
        "--email",
        "Admin@School.example",
        "--name",
        "Sam Patel",
        "--kind",
        "administrator",
        input="a long admin passphrase\na long admin passphrase\n",
    )
    assert result.exit_code == 0, result.output
    with create_engine(run.url).connect() as connection:
        email, password_hash = connection.execute(text("select email, password_hash from people")).one()
    assert email == "admin@school.example"
    assert password_hash.startswith("$argon2id$") and "passphrase" not in password_hash


def test_create_user_reports_bad_input_by_field(run, tables):
    result = CliRunner().invoke(
        main,
        ["create-user", "--email", "not-an-email", "--name", "X", "--kind", "parent"],
        input="a long admin passphrase\na long admin passphrase\n",
    )
    assert result.exit_code == 2 and "email:" in result.output


def test_audit_verify_passes_on_an_untouched_log_and_fails_on_a_tampered_one(run, tables):
    run("create-user", "--email", "a@example.org", "--name", "A", "--kind", "parent", input="a long passphrase!\n" * 2)
    assert run("audit", "verify").exit_code == 0
    with create_engine(run.url).begin() as connection:
        connection.execute(text("update audit_events set action = 'x'"))
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 1 and "altered" in result.output


def test_outbox_run_sends_queued_mail_to_the_configured_server(run, tables, monkeypatch, smtp_server):
    from core.db import make_engine, make_session_factory
    from core.messaging.outbox import enqueue
    from core.models import Person

    url, sink = smtp_server
    run("create-user", "--email", "p@example.org", "--name", "P", "--kind", "parent", input="a long passphrase!\n" * 2)
    with make_session_factory(make_engine(run.url))() as db, db.begin():
        enqueue(db, key="k", recipient=db.query(Person).one(), child_id=None, subject="Hello", text_body="Body")
    monkeypatch.setenv("TEAMAROUND_SMTP_URL", url)
    assert "sent 1, not delivered 0" in run("outbox", "run").output
    assert [m["Subject"] for m in sink.messages] == ["Hello"]


def test_outbox_run_reports_mail_given_up_after_days_of_failures_and_never_calls_it_kept(run, tables, monkeypatch):
    from core.db import make_engine, make_session_factory
    from core.messaging.outbox import KEEP_TRYING_FOR, enqueue
    from core.models import Person
    from core.types import utcnow

    run("create-user", "--email", "p@example.org", "--name", "P", "--kind", "parent", input="a long passphrase!\n" * 2)
    with make_session_factory(make_engine(run.url))() as db, db.begin():
        message = enqueue(db, key="k", recipient=db.query(Person).one(), child_id=None, subject="Hi", text_body="Hi")
        message.created_at = utcnow() - KEEP_TRYING_FOR
    monkeypatch.setenv("TEAMAROUND_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    output = run("outbox", "run").output
    assert "not delivered 1" in output and "1 given up" in output and "kept" not in output
    listed = run("outbox", "undelivered").output
    assert "to p@example.org" in listed and "1 given up." in listed


def test_busy_times_are_imported_from_configured_calendar_addresses(run, tables, monkeypatch, tmp_path):
    import http.server
    import json
    import threading
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import create_engine, text

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y%m%d")
    (tmp_path / "busy.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\nUID:a@b\r\nDTSTAMP:20270101T000000Z\r\n"
        f"DTSTART:{tomorrow}T090000Z\r\nDTEND:{tomorrow}T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=str(tmp_path))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    run("create-user", "--email", "p@example.org", "--name", "P", "--kind", "parent", input="a long passphrase!\n" * 2)
    monkeypatch.setenv("TEAMAROUND_BUSY_CALENDAR_URLS", json.dumps({
        "p@example.org": f"http://127.0.0.1:{server.server_port}/busy.ics",
        "nobody@example.org": "http://127.0.0.1:9/x.ics",
    }))
    try:
        output = run("availability", "import-urls").output
    finally:
        server.shutdown()
    assert "nobody@example.org: no active account has this address" in output
    assert "p@example.org: 1 busy times" in output
    with create_engine(run.url).connect() as connection:
        assert connection.execute(text("select count(*) from availability_slots")).scalar() == 1


def test_backup_and_restore_commands_round_trip(run, tables, tmp_path):
    from sqlalchemy import create_engine, text

    run("create-user", "--email", "p@example.org", "--name", "P", "--kind", "parent", input="a long passphrase!\n" * 2)
    assert run("backup", str(tmp_path / "copy.sqlite")).exit_code == 0
    with create_engine(run.url).begin() as connection:
        connection.execute(text("delete from audit_events"))
        connection.execute(text("delete from people"))
    assert run("restore", "--yes", str(tmp_path / "copy.sqlite")).exit_code == 0
    with create_engine(run.url).connect() as connection:
        assert connection.execute(text("select email from people")).scalars().all() == ["p@example.org"]


def close_amaras_case(url, host):
    """The demo team in the database at ``url``, with Amara's case closed by the administrator; her id."""
    from core.db import make_engine, make_session_factory
    from core.models import Child, Person, PersonKind
    from core.people.passwords import CHEAPEST
    from core.records import children as records
    from demo import seed as demo

    with make_session_factory(make_engine(url))() as db, db.begin():
        demo.ensure_demo(db, host, CHEAPEST)
        admin = db.query(Person).filter_by(kind=PersonKind.ADMINISTRATOR).one()
        amara = db.query(Child).filter_by(full_name="Amara Okafor").one()
        records.close_case(db, admin, amara.id)
        return amara.id


def test_retention_run_prints_what_it_erased(run, demo_team, monkeypatch, host, tmp_path):
    amara = close_amaras_case(run.url, host)
    monkeypatch.setenv("TEAMAROUND_RETENTION_YEARS", '{"social_care": 75}')
    output = run("retention", "run", "--today", "2200-01-01").output
    assert f"Child {amara}: erased the whole case, kept until " in output
    assert f"Erasures: 1, journalled in {tmp_path / 'erasures.jsonl'}; documents' files removed: 0." in output


def test_restore_replays_the_erasures_journalled_since_the_backup(run, demo_team, monkeypatch, host, tmp_path):
    amara = close_amaras_case(run.url, host)
    run("backup", str(tmp_path / "copy.sqlite"))
    monkeypatch.setenv("TEAMAROUND_RETENTION_YEARS", '{"social_care": 75}')
    run("retention", "run", "--today", "2200-01-01")
    output = run("restore", "--yes", str(tmp_path / "copy.sqlite")).output
    assert f"Erasures replayed from {tmp_path / 'erasures.jsonl'}: 1." in output
    with create_engine(run.url).connect() as connection:
        name = connection.execute(text("select full_name from children where id = :id"), {"id": amara}).scalar()
    assert name == "Erased record"


def file_a_letter(url, host, folder):
    """The demo team, with a letter in Amara's file kept in the store at ``folder``; its digest."""
    import io

    from core.db import make_engine, make_session_factory
    from core.documents import filing
    from core.documents.storage import LocalFileStore
    from core.models import Child, Membership
    from core.people.passwords import CHEAPEST
    from demo import seed as demo

    with make_session_factory(make_engine(url))() as db, db.begin():
        demo.ensure_demo(db, host, CHEAPEST)
        amara = db.query(Child).filter_by(full_name="Amara Okafor").one()
        lead = db.query(Membership).filter_by(child_id=amara.id, is_lead=True).one().person
        document = filing.add_document(
            db, lead, amara.id, {"title": "Diagnosis letter", "kind": "letter"},
            filing.Upload(io.BytesIO(b"The diagnosis, in a letter"), "letter.txt"),
            store=LocalFileStore(folder), host=host, limit=1_000_000,
        )
        return document.current.sha256


@pytest.fixture
def documents(monkeypatch, tmp_path):
    from core.documents.storage import LocalFileStore

    monkeypatch.setenv("TEAMAROUND_DOCUMENTS_PATH", str(tmp_path / "documents"))
    return LocalFileStore(tmp_path / "documents")


def test_retention_run_removes_the_files_of_the_documents_it_erased(run, demo_team, monkeypatch, host, documents):
    letter = file_a_letter(run.url, host, documents.root)
    close_amaras_case(run.url, host)
    monkeypatch.setenv("TEAMAROUND_RETENTION_YEARS", '{"social_care": 75}')
    assert "documents' files removed: 1." in run("retention", "run", "--today", "2200-01-01").output
    assert not documents.has(letter)


def test_a_backup_holds_the_documents_files_and_a_restore_puts_back_those_lost(run, demo_team, host, documents,
                                                                              tmp_path):
    letter = file_a_letter(run.url, host, documents.root)
    close_amaras_case(run.url, host)
    output = run("backup", str(tmp_path / "copy.sqlite")).output
    assert f"the documents' files to {tmp_path / 'copy.sqlite.files'}." in output
    documents.remove(letter)
    assert run("restore", "--yes", str(tmp_path / "copy.sqlite")).exit_code == 0
    assert documents.open(letter).read() == b"The diagnosis, in a letter"


def test_a_restore_does_not_bring_back_the_files_of_an_erasure_since_the_backup(run, demo_team, monkeypatch, host,
                                                                                 documents, tmp_path):
    letter = file_a_letter(run.url, host, documents.root)
    close_amaras_case(run.url, host)
    run("backup", str(tmp_path / "copy.sqlite"))
    monkeypatch.setenv("TEAMAROUND_RETENTION_YEARS", '{"social_care": 75}')
    run("retention", "run", "--today", "2200-01-01")
    assert run("restore", "--yes", str(tmp_path / "copy.sqlite")).exit_code == 0
    assert not documents.has(letter)


def test_demo_serves_the_demo_team_to_a_parent_who_logs_in(tmp_path):
    """`teamaround demo`, as the README's first command runs it: a database made, a login page served."""
    from demo_server import running_demo

    with running_demo(tmp_path) as demo:
        home = demo.login("grace.okafor@demo.teamaround.example")
        assert "Amara Okafor" in home and "Leo Brennan" not in home
        assert (tmp_path / "demo.sqlite").exists()
    assert "grace.okafor@demo.teamaround.example" in demo.output and "teamaround-demo" in demo.output


def test_a_served_worker_leaves_what_start_up_built_out_of_the_collectors_scans():
    server = GunicornServer(gunicorn_options("127.0.0.1:0", workers=1, threads=1))
    gc.unfreeze()
    try:
        server.cfg.post_worker_init(None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_serve_runs_two_processes_per_usable_core_and_one_more(run, tables, monkeypatch):
    served = []
    monkeypatch.setattr(GunicornServer, "run", lambda server: served.append(server.options))
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0, 2, 5})
    run("serve", "--port", "0")
    assert served[0]["workers"] == 7 and served[0]["threads"] == 2


def test_serve_on_a_machine_of_many_cores_runs_as_many_processes_as_it_accepts(run, tables, monkeypatch):
    served = []
    monkeypatch.setattr(GunicornServer, "run", lambda server: served.append(server.options))
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: set(range(96)))
    run("serve", "--port", "0")
    assert served[0]["workers"] == 64


def test_serve_takes_the_number_of_processes_it_is_given(run, tables, monkeypatch):
    served = []
    monkeypatch.setattr(GunicornServer, "run", lambda server: served.append(server.options))
    run("serve", "--workers", "3")
    assert served[0]["workers"] == 3


@pytest.fixture(scope="module")
def anchored_once(tmp_path_factory, upgraded):
    """A database in use whose audit log is anchored: a signing key made by the command, and
    a checkpoint of the log signed into a file outside the database; made once a module."""
    folder = tmp_path_factory.mktemp("anchored")
    with pytest.MonkeyPatch.context() as monkeypatch:
        run = cli_on(folder, monkeypatch)
        copy_database(upgraded.tables, run.url)
        run("create-user", "--email", "p@example.org", "--name", "P", "--kind", "parent",
            input="a long passphrase!\n" * 2)
        assert run("audit", "keygen", str(folder / "audit-key.pem")).exit_code == 0
        monkeypatch.setenv("TEAMAROUND_AUDIT_SIGNING_KEY", str(folder / "audit-key.pem"))
        monkeypatch.setenv("TEAMAROUND_AUDIT_CHECKPOINTS", str(folder / "checkpoints.jsonl"))
        assert run("audit", "checkpoint").exit_code == 0
    return folder


@pytest.fixture
def anchored(run, anchored_once, monkeypatch, tmp_path):
    """The module's anchored database, its key and its checkpoints copied for the test."""
    copy_database(anchored_once / "cli.sqlite", run.url)
    for name in ("audit-key.pem", "audit-key.pem.pub", "checkpoints.jsonl"):
        shutil.copy2(anchored_once / name, tmp_path / name)
    monkeypatch.setenv("TEAMAROUND_AUDIT_SIGNING_KEY", str(tmp_path / "audit-key.pem"))
    monkeypatch.setenv("TEAMAROUND_AUDIT_CHECKPOINTS", str(tmp_path / "checkpoints.jsonl"))
    return tmp_path / "checkpoints.jsonl"


def verify(*options):
    return CliRunner().invoke(main, ["audit", "verify", *options], catch_exceptions=False)


def test_audit_keygen_makes_a_key_that_only_its_owner_reads(run, tmp_path):
    run("audit", "keygen", str(tmp_path / "audit-key.pem"))
    assert oct((tmp_path / "audit-key.pem").stat().st_mode & 0o777) == "0o600"


def test_audit_keygen_never_overwrites_a_key(run, tmp_path):
    run("audit", "keygen", str(tmp_path / "audit-key.pem"))
    kept = (tmp_path / "audit-key.pem").read_bytes()
    result = run("audit", "keygen", str(tmp_path / "audit-key.pem"))
    assert result.exit_code == 1 and "never overwritten" in result.output
    assert (tmp_path / "audit-key.pem").read_bytes() == kept


def test_audit_checkpoint_appends_one_signed_line_each_time(anchored, run):
    run("audit", "checkpoint")
    with create_engine(run.url).connect() as connection:
        events = connection.execute(text("select count(*) from audit_events")).scalar()
    lines = [json.loads(line) for line in anchored.read_text().splitlines()]
    assert [(line["count"], bool(line["signature"])) for line in lines] == [(events, True), (events, True)]


def test_audit_verify_holds_against_the_checkpoints_of_an_untouched_log(anchored):
    result = verify()
    assert result.exit_code == 0 and f"matches every checkpoint in {anchored}" in result.output


def test_audit_verify_reports_the_newest_events_cut_off(anchored, run):
    with create_engine(run.url).begin() as connection:
        connection.execute(text("delete from audit_events where id = (select max(id) from audit_events)"))
    result = verify()
    assert result.exit_code == 1 and "is gone (the log was truncated or emptied)" in result.output


def test_audit_verify_reports_an_emptied_log(anchored, run):
    with create_engine(run.url).begin() as connection:
        connection.execute(text("delete from audit_events"))
    result = verify()
    assert result.exit_code == 1 and "The audit log is empty, but the database records people" in result.output


def test_audit_verify_reports_a_forged_checkpoint(anchored):
    line = json.loads(anchored.read_text())
    anchored.write_text(json.dumps({**line, "newest_hash": "0" * 64}) + "\n")
    result = verify()
    assert result.exit_code == 1 and f"{anchored}, line 1: its signature does not hold" in result.output


def test_audit_verify_checks_with_the_public_key_alone(anchored, monkeypatch, tmp_path):
    monkeypatch.delenv("TEAMAROUND_AUDIT_SIGNING_KEY")
    monkeypatch.setenv("TEAMAROUND_AUDIT_PUBLIC_KEY", str(tmp_path / "audit-key.pem.pub"))
    assert verify().exit_code == 0


def test_audit_verify_fails_when_the_newest_hash_is_not_the_one_expected(anchored):
    result = verify("--expect-head", "f" * 64)
    assert result.exit_code == 1 and f"not the expected {'f' * 64}" in result.output


def test_audit_verify_passes_with_the_newest_hash_expected(anchored):
    newest = verify().output.split("Newest hash: ")[1].strip()
    assert verify("--expect-head", newest).exit_code == 0


@pytest.mark.parametrize(
    "command",
    [
        ["audit", "verify"],
        ["audit", "checkpoint"],
        ["create-user", "--email", "a@example.org", "--name", "A", "--kind", "parent", "--password", "x" * 20],
        ["retention", "run"],
        ["backup", "copy.sqlite"],
        ["serve"],
    ],
    ids=" ".join,
)
def test_a_command_on_a_database_without_tables_says_to_run_db_upgrade(run, command):
    result = run(*command)
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: This database has no Teamaround tables: run `teamaround db upgrade` to create them"
    )


def test_audit_verify_right_after_the_demo_names_the_demos_own_database(monkeypatch, tmp_path):
    from core.migrations import upgrade

    monkeypatch.delenv("TEAMAROUND_DATABASE_URL", raising=False)
    monkeypatch.setenv("TEAMAROUND_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TEAMAROUND_SECRET_KEY", "cli-test")
    upgrade(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    result = verify()
    assert result.exit_code == 1 and "no Teamaround tables" in result.output
    assert f"TEAMAROUND_DATABASE_URL=sqlite:///{tmp_path / 'demo.sqlite'}" in result.output


def test_a_command_on_a_database_of_an_older_version_says_to_run_db_upgrade(run):
    from core.migrations import upgrade

    upgrade(run.url, revision="0010")
    result = run("audit", "verify")
    assert result.exit_code == 1 and "at migration 0010, older than this version's" in result.output


def test_a_command_on_a_database_it_cannot_open_says_so(run, monkeypatch, tmp_path):
    monkeypatch.setenv("TEAMAROUND_DATABASE_URL", f"sqlite:///{tmp_path / 'no such folder' / 'x.sqlite'}")
    result = run("audit", "verify")
    assert result.exit_code == 1 and result.output.startswith("Error: Cannot open the database: unable to open")
