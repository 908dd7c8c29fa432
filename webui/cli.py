"""The ``teamaround`` command."""

from __future__ import annotations

import gc
import logging
import os
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import Flask
from gunicorn.app.base import BaseApplication
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from werkzeug.serving import run_simple

from core import migrations
from core.db import begin_reading
from core.documents import bundles, previews, verification
from core.errors import InvalidInput
from core.jobs import queue
from core.meetings import availability, mailed_replies
from core.messaging import notifications, outbox, reminders
from core.models import PersonKind
from core.people import accounts
from core.records import audit as audit_log
from core.records import backup, checkpoints, retention
from core.roster import apply as roster_apply
from core.types import utcnow
from demo import generate
from demo import seed as demo_data
from webui import create_app, instance_path, metrics, request_log, server_workers
from webui import doctor as checkup
from webui.api import webhooks
from webui.database import plugin_host, site
from webui.documents import document_store
from webui.roster_command import roster_commands


@click.group()
def main():
    """Teamaround: case management for the team around the child."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo(host, port):
    """Create (or reuse) the demo database in the instance folder and serve it."""
    url = _demo_url()
    # The demo lets anyone try every account: a second step at sign-in is offered, never required.
    app = create_app({"DATABASE_URL": url, "SECOND_FACTOR_REQUIRED_FOR": "", **_demo_base_url(host, port)})
    migrations.upgrade(url)
    with app.app_context():
        factory = app.extensions["teamaround.sessions"]
        with factory() as db, db.begin():
            created = demo_data.ensure_demo(db, plugin_host(), app.extensions["teamaround.passwords"])
    click.echo("Created the demo team." if created else "Reusing the demo team.")
    click.echo(f"Database: {url}\n\nLog in at {app.config['BASE_URL']}/login as any of:")
    for name, email, password in demo_data.demo_logins():
        click.echo(f"  {name:<16} {email:<42} password: {password}")
    _do_jobs_beside(app, every=2)
    run_simple(host, port, app, threaded=True)


def _do_jobs_beside(app: Flask, *, every: float) -> None:
    """Do the background work in a thread of this process, as ``teamaround jobs run --every``
    does beside a real server: the demo is one command, and its previews appear."""

    kinds = _job_kinds(app)

    def loop():
        while True:
            try:
                webhooks.collect(app)
                queue.run_due(app.extensions["teamaround.sessions"], kinds)
            except Exception:
                app.logger.exception("background work failed; trying again")
            time.sleep(every)

    threading.Thread(target=loop, name="teamaround-jobs", daemon=True).start()


def _demo_base_url(host: str, port: int) -> dict[str, str]:
    """Links in the demo's invites and feeds lead to the port it serves on, unless
    TEAMAROUND_BASE_URL says where people reach it."""
    if os.environ.get("TEAMAROUND_BASE_URL"):
        return {}
    reachable = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    return {"BASE_URL": f"http://{reachable}:{port}"}


def _demo_url() -> str:
    return f"sqlite:///{Flask('webui', instance_path=instance_path()).instance_path}/demo.sqlite"


def database_app() -> Flask:
    """The app, for a command that works on the configured database, once the database is
    known to have this version's tables: otherwise the command stops, saying what is wrong
    and what to run, instead of failing on a missing table halfway through."""
    app = create_app()
    url = app.config["DATABASE_URL"]
    where = f"(the database is {make_url(url).render_as_string()}; TEAMAROUND_DATABASE_URL chooses another)"
    try:
        state = migrations.schema_state(app.extensions["teamaround.sessions"].kw["bind"])
    except DBAPIError as error:
        raise click.ClickException(f"Cannot open the database: {error.orig} {where}") from None
    if state.current is None:
        message = f"This database has no Teamaround tables: run `teamaround db upgrade` to create them {where}."
        demo_url = _demo_url()
        if url != demo_url and Path(make_url(demo_url).database).exists():
            message += f" `teamaround demo` keeps its own database: TEAMAROUND_DATABASE_URL={demo_url}"
        raise click.ClickException(message)
    if not state.known:
        raise click.ClickException(
            f"A newer version of Teamaround migrated this database (to {state.current}; this one knows "
            f"up to {state.head}): run that version {where}."
        )
    if not state.up_to_date:
        raise click.ClickException(
            f"This database's tables are at migration {state.current}, older than this version's "
            f"{state.head}: run `teamaround db upgrade` {where}."
        )
    return app


THREADS_PER_WORKER = 2
MOST_WORKERS = 64


def default_workers() -> int:
    """gunicorn's advice, two processes per core and one more.

    A request waits for the database several times, and while it waits its process's
    threads cannot use another core (the GIL): with one process per core, measured on
    PostgreSQL, the cores stood idle a quarter of the time, most of all when the kernel
    handed a process more than its share of the keep-alive connections. With that many
    processes, two threads each are enough, and on SQLite fewer requests queue for its
    one write lock at once (bench/RESULTS.md).
    """
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(2 * usable + 1, MOST_WORKERS)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(1, MOST_WORKERS), default=default_workers,
              show_default="two per core and one more",
              help="Application processes (gunicorn); each holds no state, so any number can run.")
@click.option("--threads", default=THREADS_PER_WORKER, show_default=True, type=click.IntRange(1, 64),
              help="Requests each process serves at once.")
def serve(host, port, workers, threads):
    """Serve the configured database (TEAMAROUND_DATABASE_URL) with gunicorn."""
    _count_across_workers()
    database_app()
    GunicornServer(gunicorn_options(f"{host}:{port}", workers, threads)).run()


def gunicorn_options(bind: str, workers: int, threads: int) -> dict:
    """How ``teamaround serve`` runs gunicorn (the benchmarks' bare app runs the same way).
    gunicorn's access log stays off: it would write paths and query strings, where names
    and tokens can be; the app writes a JSON line per request instead (webui.request_log)."""
    return {"bind": bind, "workers": workers, "threads": threads, "timeout": 60,
            "graceful_timeout": 10, "post_worker_init": freeze_start_up, "child_exit": _worker_gone,
            "worker_class": server_workers.WORKER_CLASS, **server_workers.OPTIONS}


def _count_across_workers() -> None:
    """Have every worker write its metrics where a scrape adds them up (webui.metrics): a
    folder of this run's, or the one PROMETHEUS_MULTIPROC_DIR names, emptied of an earlier run's."""
    folder = Path(os.environ.setdefault(metrics.PROMETHEUS_DIRECTORY, tempfile.mkdtemp(prefix="teamaround-metrics-")))
    for earlier in folder.glob("*.db"):
        earlier.unlink()


def _worker_gone(_server, worker) -> None:
    """A worker's live figures (gauges) leave with it; its counts stay in the sums."""
    if os.environ.get(metrics.PROMETHEUS_DIRECTORY):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def freeze_start_up(_worker=None) -> None:
    """Keep what start-up built out of the garbage collector's scans.

    Once the app is built a worker holds some 200,000 objects (plugins, templates, the URL
    map, SQLAlchemy's mappers) that live as long as it does. Every full collection walked
    them all, and a request that makes many objects (a feed of 1,000 meetings) paid for
    several: frozen, they are never walked again. What start-up left as garbage is
    collected first, so that it is not kept for the worker's life.
    """
    gc.collect()
    gc.freeze()


class GunicornServer(BaseApplication):
    """gunicorn run from our own command, so ``teamaround serve`` is the one way to serve."""

    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app()


@main.command()
@click.option("--backup", "backup_file", type=click.Path(path_type=Path),
              help="Where the scheduled `teamaround backup` writes.")
@click.option("--nginx", type=click.Path(path_type=Path), help="The proxy's site file, to compare its upload limit.")
def doctor(backup_file, nginx):
    """Check this configuration before it goes live: the settings start the app, the secret key,
    https, the database, the mail server, document storage, rate limits, a recent audit
    checkpoint and backup (and the proxy's upload limit); say what to fix. Exits 0 only when
    all pass."""
    try:
        app = create_app()
    except (ValueError, LookupError) as error:  # a setting the app refuses, e.g. a time zone that does not exist
        click.echo(f"FIX  settings: Teamaround will not start with them: {error}")
        raise SystemExit(1) from None
    findings = checkup.examine(app, checkup.Places(backup=backup_file, nginx=nginx), utcnow())
    for finding in findings:
        click.echo(f"ok   {finding.check}" if finding.fix is None else f"FIX  {finding.check}: {finding.fix}")
    if failed := sum(finding.fix is not None for finding in findings):
        click.echo(f"{failed} of {len(findings)} checks need fixing before this instance goes live.")
        raise SystemExit(1)
    click.echo("Ready to go live.")


@main.group()
def db():
    """Database commands."""


@db.command()
def upgrade():
    """Apply the migrations to the configured database."""
    app = create_app()
    migrations.upgrade(app.config["DATABASE_URL"])
    click.echo("The database is up to date.")


@main.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--kind", required=True, type=click.Choice([kind.value for kind in PersonKind]))
@click.option("--agency", default=None)
@click.password_option(prompt="Password", help="Asked for when not given.")
def create_user(email, name, kind, agency, password):
    """Create an account; the password is asked for, never taken from the command line history."""
    app = database_app()
    hasher = app.extensions["teamaround.passwords"]
    with app.app_context(), app.extensions["teamaround.sessions"]() as session, session.begin():
        try:
            person = accounts.create_account(
                session, hasher, {"email": email, "full_name": name, "kind": kind, "agency": agency}, password
            )
        except InvalidInput as error:
            for field, reasons in error.errors.items():
                click.echo(f"{field}: {' '.join(reasons)}", err=True)
            raise SystemExit(2) from None
        click.echo(f"Created {person.full_name} <{person.email}> ({person.kind.value}).")


@main.command("plugins")
def list_plugins():
    """List the loaded plugins and what each contributes."""
    host = create_app().extensions["teamaround.plugins"]
    for name in host.plugin_names():
        contributions = host.contributions_of(name)
        click.echo(name)
        for what in ("agencies", "assessment_types", "glossary_terms"):
            if contributions[what]:
                click.echo(f"  {what.replace('_', ' ')}: {', '.join(contributions[what])}")
        click.echo(f"  hooks: {', '.join(contributions['hooks'])}")


@main.group("audit")
def audit_commands():
    """The audit log."""


@audit_commands.command()
@click.option("--expect-head", default=None, metavar="HASH", help="The newest hash as recorded elsewhere.")
def verify(expect_head):
    """Check the audit chain, and each signed checkpoint in TEAMAROUND_AUDIT_CHECKPOINTS; exit 1
    naming every event removed or altered, every checkpoint forged or no longer matched."""
    app = database_app()
    checkpoints_file = _checkpoints_file(app)
    public_key = _public_key(app) if checkpoints_file else None
    with app.extensions["teamaround.sessions"]() as session:
        begin_reading(session)
        problems = list(
            checkpoints.verify(
                session, checkpoints=checkpoints_file, public_key=public_key, expect_head=expect_head
            )
        )
        newest = audit_log.head(session)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    if checkpoints_file:
        click.echo(f"The audit chain holds, and matches every checkpoint in {checkpoints_file}.")
    else:
        click.echo("The audit chain holds. It is not anchored: set TEAMAROUND_AUDIT_CHECKPOINTS (see the README).")
    click.echo(f"Newest hash: {newest}")


@audit_commands.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def keygen(path):
    """Make the key that signs checkpoints at PATH, readable by its owner only, and its public
    half at PATH.pub; an existing key is never overwritten. Keep it off the database server."""
    try:
        public_path = checkpoints.make_signing_key(path)
    except checkpoints.CheckpointError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Signing key: {path} (set TEAMAROUND_AUDIT_SIGNING_KEY to it where checkpoints are signed).")
    click.echo(f"Public key: {public_path} (TEAMAROUND_AUDIT_PUBLIC_KEY, to verify where the signing key is not).")


@audit_commands.command()
def checkpoint():
    """Sign the audit chain as it stands (how many events, the newest one's id and hash, the
    time) and append it to TEAMAROUND_AUDIT_CHECKPOINTS. Run it on a schedule, e.g. hourly."""
    app = database_app()
    checkpoints_file = _checkpoints_file(app)
    if checkpoints_file is None:
        raise click.UsageError("TEAMAROUND_AUDIT_CHECKPOINTS is not set: there is nowhere to write the checkpoint.")
    signing_key = _setting_file(app, "AUDIT_SIGNING_KEY", "teamaround audit keygen PATH")
    try:
        key = checkpoints.load_signing_key(signing_key)
    except checkpoints.CheckpointError as error:
        raise click.ClickException(str(error)) from None
    with app.extensions["teamaround.sessions"]() as session:
        begin_reading(session)
        written = checkpoints.write(session, checkpoints_file, key, utcnow())
    newest = f"the newest {written.newest_id} with hash {written.newest_hash}" if written.count else "none yet"
    click.echo(f"Checkpoint of {written.count} events ({newest}) appended to {checkpoints_file}.")


def _checkpoints_file(app: Flask) -> Path | None:
    setting = app.config.get("AUDIT_CHECKPOINTS")
    return Path(setting) if setting else None


def _public_key(app: Flask):
    """The key that checks checkpoints: the public key where one is set, else the signing key's."""
    if app.config.get("AUDIT_PUBLIC_KEY"):
        path = Path(app.config["AUDIT_PUBLIC_KEY"])
    else:
        path = _setting_file(app, "AUDIT_SIGNING_KEY", "TEAMAROUND_AUDIT_PUBLIC_KEY")
    try:
        return checkpoints.load_public_key(path)
    except checkpoints.CheckpointError as error:
        raise click.ClickException(str(error)) from None


def _setting_file(app: Flask, name: str, instead: str) -> Path:
    if not app.config.get(name):
        raise click.UsageError(f"TEAMAROUND_{name} is not set (or use {instead}).")
    return Path(app.config[name])


@main.group("outbox")
def outbox_commands():
    """Outgoing e-mail."""


@outbox_commands.command("run")
@click.option("--every", type=float, default=None, help="Keep running, sending what is due every N seconds.")
def run_outbox(every):
    """Queue due reminders and notification e-mails (one each, or daily digests), then send
    what is due, retrying failures with back-off. Run it from cron or a process manager."""
    app = database_app()
    smtp_url = app.config.get("SMTP_URL")
    if not smtp_url:
        raise click.UsageError("TEAMAROUND_SMTP_URL is not set: there is nowhere to send mail.")
    factory = app.extensions["teamaround.sessions"]
    with app.app_context():
        where = site()
    while True:
        with factory() as session, session.begin():
            reminded = reminders.queue_due(session, utcnow(), where.zone)
            queued = notifications.queue_emails(session, utcnow(), where)
        sent, failed = outbox.deliver_due(factory, smtp_url)
        with factory() as session:
            click.echo(f"{reminded} reminders, {queued} e-mails queued; sent {sent}, not delivered {failed}."
                       + _undelivered_in_words(outbox.undelivered(session)))
        if every is None:
            return
        time.sleep(every)


def _undelivered_in_words(found: outbox.Undelivered) -> str:
    words = _waiting_in_words(found)
    if found.given_up:
        words += f" {found.given_up} given up: `teamaround outbox undelivered` lists them."
    return words


def _waiting_in_words(found: outbox.Undelivered) -> str:
    if not found.waiting:
        return ""
    return (f" {found.waiting} waiting to be tried again (queued since {found.oldest_waiting_since:%Y-%m-%d %H:%M} UTC;"
            f" each is tried for {outbox.KEEP_TRYING_FOR.days} days).")


@outbox_commands.command("undelivered")
@click.option("--retry", is_flag=True, help="Try the messages given up once more.")
def undelivered_mail(retry):
    """List the e-mail given up after days of failures (to whom, what about, the last error)
    and say how much still waits to be tried again; with --retry, try those given up once
    more, once what stopped them is mended."""
    app = database_app()
    with app.extensions["teamaround.sessions"]() as session, session.begin():
        found, messages = outbox.undelivered(session), outbox.given_up(session)
        for message in messages:
            click.echo(f"{message.given_up_at:%Y-%m-%d %H:%M} to {message.to_address} ({message.key}), queued "
                       f"{message.created_at:%Y-%m-%d %H:%M}, {message.attempts} attempts: {message.last_error}")
        click.echo((f"{found.given_up} given up." if found.given_up else "No e-mail is given up.")
                   + _waiting_in_words(found))
        if retry:
            click.echo(f"To be tried again: {outbox.retry_given_up(session, utcnow())}.")


@main.group("jobs")
def jobs_commands():
    """Background work, from the one job queue in the database."""


@jobs_commands.command("run")
@click.option("--every", type=float, default=None, help="Keep running, doing what is due every N seconds.")
def run_jobs(every):
    """Do the background work that is due (documents' previews, evidence bundles, webhooks' deliveries, after
    turning the changes since the last run into deliveries), one job at a time, retrying a
    failed job by its kind's policy. Run it from cron or a process manager."""
    app = database_app()
    kinds = _job_kinds(app)
    request_log.write_json_lines(logging.getLogger(queue.__name__))
    while True:
        collected = webhooks.collect(app)
        outcome = queue.run_due(app.extensions["teamaround.sessions"], kinds)
        if collected:
            click.echo(f"Changes made into webhooks' deliveries: {collected}.")
        click.echo(f"Jobs done: {outcome.done}, failed: {outcome.failed} (tried again later), "
                   f"given up: {outcome.given_up}.")
        if every is None:
            return
        time.sleep(every)


@jobs_commands.command("given-up")
@click.option("--retry", is_flag=True, help="Queue them again, with their attempts afresh.")
def given_up_jobs(retry):
    """List the jobs given up (their kind, what they were for, how often tried, the last error);
    with --retry, queue them again once what stopped them is mended."""
    app = database_app()
    with app.extensions["teamaround.sessions"]() as session, session.begin():
        jobs = queue.given_up(session)
        for job in jobs:
            click.echo(f"{job.given_up_at:%Y-%m-%d %H:%M} {job.kind} {job.key} after {job.attempts} attempts: "
                       f"{job.last_error}")
        if retry:
            click.echo(f"Queued again: {queue.retry_given_up(session)}.")
        elif not jobs:
            click.echo("No job is given up.")


def _job_kinds(app: Flask) -> list[queue.JobKind]:
    """Every kind of background work, with what each needs from the app's settings."""
    with app.app_context():
        return [
            previews.job_kind(document_store()),
            bundles.job_kind(document_store(), site()),
            webhooks.job_kind(app),
            *roster_apply.job_kinds(site()),
        ]


main.add_command(roster_commands)


@main.group("mail")
def mail_commands():
    """Incoming e-mail."""


@mail_commands.command("fetch")
@click.option("--every", type=float, default=None, help="Keep running, reading the mailbox every N seconds.")
def fetch_mail(every):
    """Read the answers calendars mailed back (METHOD:REPLY) from the mailbox in
    TEAMAROUND_IMAP_URL (imaps://user:password@host/INBOX) and apply them as uploaded replies
    are; file what was handled in TEAMAROUND_IMAP_ANSWERED_FOLDER and leave the rest for a
    person. Run it from cron or a process manager, like outbox run."""
    app = database_app()
    if not (url := app.config.get("IMAP_URL")):
        raise click.UsageError("TEAMAROUND_IMAP_URL is not set: there is no mailbox to read.")
    try:
        mailbox = mailed_replies.Mailbox.from_url(
            url, app.config.get("IMAP_ANSWERED_FOLDER") or mailed_replies.DEFAULT_ANSWERED_FOLDER)
    except ValueError as error:
        raise click.UsageError(f"TEAMAROUND_IMAP_URL: {error}") from None
    while True:
        report = mailed_replies.fetch(app.extensions["teamaround.sessions"], mailbox)
        click.echo(f"Replies: {report}")
        if every is None:
            return
        time.sleep(every)


@main.group("availability")
def availability_commands():
    """People's availability for meetings."""


@availability_commands.command("import-urls")
def import_calendar_urls():
    """Import busy times from the calendar addresses in TEAMAROUND_BUSY_CALENDAR_URLS
    (JSON: {"email": "https://..."}); run it from cron to keep them fresh."""
    app = database_app()
    urls = app.config.get("BUSY_CALENDAR_URLS") or {}
    if not isinstance(urls, dict):
        raise click.UsageError("TEAMAROUND_BUSY_CALENDAR_URLS must be a JSON object of e-mail to address.")
    with app.app_context(), app.extensions["teamaround.sessions"]() as session, session.begin():
        outcome = availability.import_busy_from_urls(session, urls, now=utcnow(), fetch=_fetch)
    for email, what in sorted(outcome.items()):
        click.echo(f"{email}: {what}")


def _fetch(url: str) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise OSError(f"not a web address: {url}")
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.read(5_000_000)


@main.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(destination):
    """Copy the configured database to DESTINATION, consistently, while it runs, and the
    documents' files it names into DESTINATION.files (only those not there already)."""
    app = database_app()
    try:
        backup.backup(app.config["DATABASE_URL"], destination)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    folder = backup.files_beside(destination)
    with app.app_context():
        store = document_store()
    with app.extensions["teamaround.sessions"]() as session:
        begin_reading(session)
        problems = backup.backup_files(session, store, folder)
    click.echo(f"Backed up to {destination}, the documents' files to {folder}.")
    _fail_naming(problems, "Files not backed up (see teamaround documents verify)")


def _fail_naming(problems: list[str], heading: str) -> None:
    if problems:
        click.echo(f"{heading}:", err=True)
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1)


@main.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def restore_command(source, yes):
    """Replace the configured database with the backup in SOURCE, then erase again what the
    erasure journal says was erased since (the backup may be older), on the current schema."""
    app = create_app()
    url = app.config["DATABASE_URL"]
    if not yes:
        click.confirm(f"Replace everything in {make_url(url).render_as_string()} with {source}?", abort=True)
    try:
        backup.restore(url, source)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo("Restored.")
    migrations.upgrade(url)
    journal = _erasure_journal(app)
    with app.app_context():
        store = document_store()
    with app.extensions["teamaround.sessions"]() as session:
        with session.begin():
            replayed = retention.replay(session, journal)
        click.echo(f"Erasures replayed from {journal}: {len(replayed)}.")
        with session.begin():
            problems = backup.restore_files(session, backup.files_beside(source), store)
            retention.remove_erased_files(session, store, journal)
    _fail_naming(problems, "Files the restored documents name that the backup does not hold")


@main.group("retention")
def retention_commands():
    """Erasing closed cases once their retention has passed."""


@retention_commands.command("run")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to erase as of (YYYY-MM-DD); by default today in TEAMAROUND_TIMEZONE.")
def run_retention(today):
    """Erase, for every closed case, each agency's part once its retention date has passed,
    and the whole case once every agency's has; each erasure is journalled first, so that
    a restore replays it. Run it daily from cron."""
    app = database_app()
    journal = _erasure_journal(app)
    day = today.date() if today else datetime.now(ZoneInfo(app.config["TIMEZONE"])).date()
    agencies = app.extensions["teamaround.plugins"].agencies
    with app.extensions["teamaround.sessions"]() as session, session.begin():
        erased = retention.run(
            session, journal, agencies=agencies, overrides=app.config["RETENTION_YEARS"], today=day
        )
    with app.app_context(), app.extensions["teamaround.sessions"]() as session:
        removed = retention.remove_erased_files(session, document_store(), journal)
    for erasure in erased:
        what = f"the {erasure.agency} part" if erasure.agency else "the whole case"
        click.echo(f"Child {erasure.child_id}: erased {what}, kept until {erasure.retention_until}.")
    click.echo(f"Erasures: {len(erased)}, journalled in {journal}; documents' files removed: {len(removed)}.")


def _erasure_journal(app: Flask) -> Path:
    """Where erasures are journalled: outside the database, which a restore replaces."""
    return Path(app.config.get("ERASURE_JOURNAL") or Path(app.instance_path) / "erasures.jsonl")


@main.group("documents")
def documents_commands():
    """The files of children's documents, in their store."""


@documents_commands.command("verify")
def verify_documents():
    """Read every document's file and check it against its SHA-256; exit 1 naming each file
    missing or changed and the documents that use it, so a good copy can be restored."""
    app = database_app()
    with app.app_context():
        store = document_store()
    with app.extensions["teamaround.sessions"]() as session:
        begin_reading(session)
        problems = list(verification.verify_files(session, store))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"Every document's file is in {store} and unchanged.")


@main.command("generate")
@click.option("--children", type=click.IntRange(1, 1_000_000), required=True)
@click.option("--entries-per-child", type=click.IntRange(0, 100_000), default=250, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
def generate_command(children, entries_per_child, seed):
    """Fill the configured database with realistic generated data (for benchmarks; never a live one)."""
    app = create_app()
    migrations.upgrade(app.config["DATABASE_URL"])
    hasher = app.extensions["teamaround.passwords"]
    started = time.perf_counter()
    with app.extensions["teamaround.sessions"]() as session, session.begin():
        made = generate.generate(
            session,
            children=children,
            entries_per_child=entries_per_child,
            password_hash=hasher.hash("generated-password"),
            seed=seed,
            start_id=int(started * 1000),
        )
    click.echo(
        f"{made.children} children, {made.people} people, {made.memberships} memberships, "
        f"{made.entries} timeline entries, {made.plans} plans, {made.meetings} meetings "
        f"in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
