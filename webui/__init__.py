"""The Flask application: pages for parents and professionals, built from small steps."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from core.people import factors, sessions
from core.plugins import load_plugins
from core.types import LARGEST_ID
from webui import (
    account_tokens,
    admin,
    api,
    api_docs,
    assessments,
    auth,
    bundles,
    children,
    database,
    documents,
    ehc,
    errors,
    formatting,
    glossary,
    health,
    i18n,
    invitations,
    jinja_environment,
    kept_pages,
    kept_parts,
    mailer,
    meetings,
    metrics,
    notifications,
    password_reset,
    plans,
    proxies,
    referrals,
    request_bodies,
    request_log,
    roster_pages,
    second_factor,
    security,
    site_header,
    static_files,
    team,
    vocabulary,
    wording,
)
from webui.extensions import csrf

DEFAULTS = {
    "TIMEZONE": "Europe/London",
    "BASE_URL": "http://127.0.0.1:5000",
    "DISABLED_PLUGINS": "",
    "PASSWORD_PROFILE": "production",
    # Years past birth each agency keeps a closed record, over the plugins' own
    # figures: TEAMAROUND_RETENTION_YEARS='{"health": 26}'.
    "RETENTION_YEARS": {},
    # The project's own lifetime, not Flask's 31 days: see core.people.sessions.
    "PERMANENT_SESSION_LIFETIME": sessions.IDLE_TIMEOUT,
    # Renewed when the server sees the session again, not with every answer: webui.auth.
    "SESSION_REFRESH_EACH_REQUEST": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Proxies in front whose X-Forwarded-For/-Proto are believed: none unless set (webui.proxies).
    "TRUSTED_PROXIES": 0,
    # How many days an invitation's link works (core.people.invitations).
    "INVITATION_DAYS": 7,
    # Links to choose a new password asked for from one address (webui.password_reset).
    "PASSWORD_RESET_RATE_LIMIT": "10 per hour",
    # Kinds of account that must sign in with a second factor (webui.second_factor); "" for none.
    "SECOND_FACTOR_REQUIRED_FOR": ",".join(sorted(factors.DEFAULT_REQUIRED_KINDS)),
    # A Fernet key for authenticator apps' secrets; unset, one derived from SECRET_KEY.
    "SECOND_FACTOR_KEY": "",
    # Let webhooks send to http://127.0.0.1 and localhost (tests, a developer's machine): core.webhooks.targets.
    "WEBHOOKS_ALLOW_LOOPBACK": False,
}


class RecordIdConverter(IntegerConverter):
    """Ids in URLs fit the databases' 32-bit keys; a larger number is simply not found."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, *args, min=0, max=LARGEST_ID, **kwargs)


def create_app(config: dict | None = None) -> Flask:
    """Build the app from defaults, ``TEAMAROUND_*`` environment variables, then ``config``."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path())
    app.jinja_environment = jinja_environment.Environment
    app.url_map.converters["int"] = RecordIdConverter
    _configure_settings(app, config or {})
    request_bodies.init_app(app)
    _configure_plugins(app)
    proxies.init_app(app)
    request_log.init_app(app)
    metrics.init_app(app)
    database.init_app(app)
    auth.init_app(app)
    second_factor.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    formatting.init_app(app)
    glossary.init_app(app)
    vocabulary.init_app(app)
    wording.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    static_files.init_app(app)
    site_header.init_app(app)
    kept_parts.init_app(app)
    kept_pages.init_app(app)
    mailer.init_app(app)
    notifications.init_app(app)
    documents.init_app(app)
    _configure_blueprints(app)
    api.init_app(app)
    return app


def instance_path() -> str | None:
    """The instance folder (databases, the secret key, the erasure journal): the setting
    ``TEAMAROUND_INSTANCE_PATH``, or None for Flask's ``instance/`` beside the code."""
    return os.environ.get("TEAMAROUND_INSTANCE_PATH") or None


def _configure_settings(app: Flask, overrides: dict) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("TEAMAROUND")
    app.config.from_mapping(overrides)
    if not app.config.get("DATABASE_URL") and not app.config.get("DB_BIND"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'teamaround.sqlite'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))


def _instance_secret_key(instance: Path) -> str:
    """A key kept in the instance folder, so sessions survive restarts of a single server."""
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(48))
    return key_file.read_text().strip()


def _configure_plugins(app: Flask) -> None:
    disabled = app.config["DISABLED_PLUGINS"]
    if isinstance(disabled, str):
        disabled = [name.strip() for name in disabled.split(",") if name.strip()]
    app.extensions["teamaround.plugins"] = load_plugins(disabled)


def _configure_blueprints(app: Flask) -> None:
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(second_factor.blueprint)
    app.register_blueprint(children.blueprint)
    app.register_blueprint(documents.blueprint)
    app.register_blueprint(bundles.blueprint)
    app.register_blueprint(account_tokens.blueprint)
    app.register_blueprint(team.blueprint)
    app.register_blueprint(meetings.blueprint)
    app.register_blueprint(plans.blueprint)
    app.register_blueprint(ehc.blueprint)
    app.register_blueprint(referrals.blueprint)
    app.register_blueprint(api_docs.blueprint)
    app.register_blueprint(assessments.blueprint)
    app.register_blueprint(glossary.blueprint)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(notifications.blueprint)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(roster_pages.blueprint)
    app.register_blueprint(invitations.blueprint)
    app.register_blueprint(password_reset.blueprint)
    for blueprints in app.extensions["teamaround.plugins"].hook.register_blueprints():
        for blueprint in blueprints or ():
            app.register_blueprint(blueprint)
