"""``teamaround doctor``: whether a configuration is ready to go live, checked before it is.

Each check either passes or says what to fix, in an operator's words; the command exits 0
only when every check passes, so a deploy script can stop on it. The checks read the
settings the app was built from, so they see what ``teamaround serve`` would; settings the
app refuses to start with (a time zone that does not exist) stop it before any check.
"""

from __future__ import annotations

import os
import re
import smtplib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from core import migrations
from core.documents import bundle_pages
from core.messaging import outbox
from core.models.data_version import unwatched_by_mistake
from core.records import checkpoints
from webui.documents import REQUEST_LIMIT

RECENT = timedelta(hours=25)
"""How old the newest backup and audit checkpoint may be: a daily schedule, and an hour's slack."""
SHORTEST_SECRET_KEY = 32


@dataclass(frozen=True)
class Finding:
    check: str
    fix: str | None = None
    """What to do, when the check failed; None when it passed."""


@dataclass(frozen=True)
class Places:
    """What the configuration does not name but the operator can: where the scheduled backup
    writes, and the proxy's site file."""

    backup: Path | None = None
    nginx: Path | None = None


def examine(app: Flask, places: Places, now: datetime) -> list[Finding]:
    checks: list[tuple[str, Callable[[], str | None]]] = [
        ("secret key", lambda: _secret_key(app)),
        ("base URL", lambda: _base_url(app)),
        ("database", lambda: _database(app)),
        ("kept pages", lambda: _kept_pages(app)),
        ("mail server", lambda: _mail_server(app)),
        ("document storage", lambda: _document_storage(app)),
        ("fonts", _fonts),
        ("rate limits", lambda: _rate_limits(app)),
        ("audit checkpoint", lambda: _audit_checkpoint(app, now)),
        ("backup", lambda: _backup(places.backup, now)),
    ]
    if places.nginx is not None:
        checks.append(("proxy's upload limit", lambda: _proxy_upload_limit(app, places.nginx)))
    return [Finding(name, check()) for name, check in checks]


def _secret_key(app: Flask) -> str | None:
    if not os.environ.get("TEAMAROUND_SECRET_KEY"):
        return ("TEAMAROUND_SECRET_KEY is not set: the key made in the instance folder is for trying Teamaround "
                "on one machine. Set one (python -c 'import secrets; print(secrets.token_urlsafe(48))'), the same "
                "on every application server.")
    if len(app.config["SECRET_KEY"]) < SHORTEST_SECRET_KEY:
        return f"TEAMAROUND_SECRET_KEY is shorter than {SHORTEST_SECRET_KEY} characters: anyone could guess it."
    return None


def _base_url(app: Flask) -> str | None:
    url = app.config["BASE_URL"]
    if urlsplit(url).scheme != "https":
        return (f"TEAMAROUND_BASE_URL is {url}: set it to the https:// address people use, or passwords and "
                "children's records cross the network unencrypted and cookies are not marked Secure.")
    return None


def _database(app: Flask) -> str | None:
    try:
        state = migrations.schema_state(app.extensions["teamaround.engine"])
    except SQLAlchemyError as error:
        return f"The database does not answer ({type(error).__name__}): check TEAMAROUND_DATABASE_URL."
    if not state.known:
        return f"A newer version of Teamaround migrated the database (to {state.current}): deploy that version."
    if not state.up_to_date:
        return "The database's schema is not this version's: run `teamaround db upgrade`."
    return None


def _kept_pages(app: Flask) -> str | None:
    try:
        with app.extensions["teamaround.engine"].connect() as connection:
            unwatched = unwatched_by_mistake(connection)
    except SQLAlchemyError:
        return None  # the database check says why
    if unwatched:
        return (
            f"Writes to {', '.join(unwatched)} would not change the data version (a migration rebuilt them "
            "without its triggers), so a page kept from them could be shown after they changed: "
            "set TEAMAROUND_KEPT_PAGES_CHARACTERS=0 and report it."
        )
    return None


def _mail_server(app: Flask) -> str | None:
    url = app.config.get("SMTP_URL")
    if not url:
        return "TEAMAROUND_SMTP_URL is not set: invitations, meeting invites and reminders would never go."
    try:
        outbox.connect(url).quit()
    except ValueError as error:
        return f"{error}."
    except (OSError, smtplib.SMTPException) as error:
        where = urlsplit(url)
        return f"The mail server at {where.hostname}:{where.port} does not answer ({error}): check TEAMAROUND_SMTP_URL."
    return None


def _document_storage(app: Flask) -> str | None:
    if bucket := app.config.get("DOCUMENTS_S3_BUCKET"):
        from botocore.exceptions import BotoCoreError, ClientError

        from webui.documents import document_store

        with app.app_context():
            client = document_store().client
        try:
            client.head_bucket(Bucket=bucket)
        except (BotoCoreError, ClientError) as error:
            return f"The bucket {bucket} cannot be reached ({error}): check TEAMAROUND_DOCUMENTS_S3_* and the keys."
        return None
    folder = Path(app.config["DOCUMENTS_PATH"])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return f"Documents cannot be written to {folder} ({error.strerror}): check TEAMAROUND_DOCUMENTS_PATH."
    return None


def _fonts() -> str | None:
    if missing := bundle_pages.missing_fonts():
        return (f"{', '.join(missing)} not found: evidence bundles cannot be written. Install the Debian packages "
                "fonts-dejavu-core and fonts-nafees.")
    return None


def _rate_limits(app: Flask) -> str | None:
    if str(app.config.get("RATELIMIT_STORAGE_URI") or "").startswith("memory://"):
        return ("TEAMAROUND_RATELIMIT_STORAGE_URI keeps counts in each process's memory, so every process allows "
                "the whole limit: leave it unset to count in the database, or name Redis or memcached.")
    return None


def _audit_checkpoint(app: Flask, now: datetime) -> str | None:
    path = app.config.get("AUDIT_CHECKPOINTS")
    schedule = "schedule `teamaround audit checkpoint` (deploy/ has a timer)"
    if not path:
        return f"TEAMAROUND_AUDIT_CHECKPOINTS is not set: set it to a file outside the database and {schedule}."
    at = checkpoints.newest_at(Path(path))
    if at is None:
        return f"{path} holds no checkpoint: {schedule}."
    if now - at > RECENT:
        return f"The newest audit checkpoint is from {at:%Y-%m-%d %H:%M}: is its timer running? {schedule}."
    return None


def _backup(path: Path | None, now: datetime) -> str | None:
    if path is None:
        return "Say where the scheduled `teamaround backup` writes (--backup FILE), so that its age can be checked."
    try:
        made = datetime.fromtimestamp(path.stat().st_mtime, now.tzinfo)
    except OSError:
        return f"There is no backup at {path}: schedule `teamaround backup {path}` (deploy/ has a timer)."
    if now - made > RECENT:
        return f"The backup at {path} is from {made:%Y-%m-%d %H:%M}: is its timer running?"
    return None


_BODY_SIZE = re.compile(r"^\s*client_max_body_size\s+(\d+)([kKmMgG]?)\s*;", re.MULTILINE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def _proxy_upload_limit(app: Flask, nginx: Path) -> str | None:
    try:
        found = _BODY_SIZE.findall(nginx.read_text())
    except OSError as error:
        return f"{nginx} cannot be read ({error.strerror})."
    ours = app.config[REQUEST_LIMIT]  # a file and the form around it, as an upload comes
    sizes = {int(number) * _UNITS[unit.lower()] for number, unit in found}
    if sizes != {ours}:
        theirs = ", ".join(f"{size:,}" for size in sorted(sizes)) or "nginx's default, 1 MB"
        return (f"The proxy takes uploads up to {theirs} bytes and Teamaround up to {ours:,}: set "
                f"client_max_body_size {ours // 1024**2}m; in {nginx} (or TEAMAROUND_MAX_UPLOAD_BYTES to match).")
    return None
