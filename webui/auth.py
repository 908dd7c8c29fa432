"""Logging in and out, session lifetimes, and changing one's password."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from core.errors import InvalidInput
from core.messaging import notifications
from core.models import Person
from core.people import accounts
from core.people.passwords import hasher_for
from core.types import utcnow
from webui.database import get_db
from webui.extensions import login_manager

blueprint = Blueprint("auth", __name__)

# Lifetimes chosen for a shared record of children's data (ASVS 3.3): a session
# ends after 30 idle minutes and, whatever happens, 10 hours after logging in.
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=10)


class LoginUser:
    """The flask-login view of a :class:`Person`.

    Its id carries the person's session version, so raising the version (password
    changed, account closed) ends every session that was issued before.
    """

    def __init__(self, person: Person, unread_notifications: int | None = None):
        self.person = person
        # Counted with the person when the request loaded them (None: not counted); the
        # views that mark notifications read redirect, so a page never shows a stale count.
        self.unread_notifications = unread_notifications
        self.is_authenticated = True
        self.is_active = person.active
        self.is_anonymous = False

    def get_id(self) -> str:
        return f"{self.person.id}.{self.person.session_version}"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.session_protection = None  # sessions end by lifetime and version, not by IP
    app.extensions["teamaround.passwords"] = hasher_for(app.config["PASSWORD_PROFILE"])
    app.before_request(_enforce_lifetimes)


@login_manager.user_loader
def _load_user(user_id: str):
    person_id, _, version = user_id.partition(".")
    if not (person_id.isdigit() and version.isdigit()):
        return None
    found = notifications.person_and_unread_count(get_db(), int(person_id))
    if found is None:
        return None
    person, unread = found
    if not person.active or person.session_version != int(version):
        return None
    return LoginUser(person, unread)


def _enforce_lifetimes():
    if "_user_id" not in session:
        return None
    now = utcnow().timestamp()
    started, seen = session.get("started", 0), session.get("seen", 0)
    if now - started > ABSOLUTE_TIMEOUT.total_seconds() or now - seen > IDLE_TIMEOUT.total_seconds():
        session.clear()
        flash(_("You were logged out to keep the record safe. Please log in again."))
        return None
    session["seen"] = now
    return None


def current_person() -> Person:
    return current_user.person


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html")
    db = get_db()
    email = request.form.get("email", "")
    try:
        person = accounts.authenticate(
            db,
            current_app.extensions["teamaround.passwords"],
            email,
            request.form.get("password", ""),
            request.remote_addr or "unknown",
        )
    except accounts.LoginThrottled:
        db.commit()
        return render_template("login.html", throttled=True, email=email), 429
    except accounts.LoginFailed:
        db.commit()  # the failed attempt counts towards the throttle, and is audited
        return render_template("login.html", failed=True, email=email), 401
    _start_session(person)
    return redirect(url_for("children.index"))


def _start_session(person: Person) -> None:
    # A fresh session at every login: nothing set before it survives (no fixation).
    session.clear()
    login_user(LoginUser(person))
    now = utcnow().timestamp()
    session.update(started=now, seen=now)
    session.permanent = True


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    session.clear()
    flash(_("You have logged out."))
    return redirect(url_for("auth.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    if request.method == "GET":
        return render_template("password.html", errors={})
    person = current_person()
    form = request.form
    if form.get("new_password") != form.get("confirm_password"):
        return render_template("password.html", errors={"confirm_password": ["The two new passwords differ."]}), 400
    try:
        accounts.change_password(
            get_db(),
            current_app.extensions["teamaround.passwords"],
            person,
            form.get("current_password", ""),
            form.get("new_password", ""),
        )
    except InvalidInput as error:
        return render_template("password.html", errors=error.errors), 400
    _start_session(person)
    flash(_("Your password is changed. Anyone else logged in as you has been logged out."))
    return redirect(url_for("children.index"))


@blueprint.route("/account/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    person = current_person()
    if request.method == "GET":
        return render_template("preferences.html", person=person, errors={})
    form = request.form
    data = {name: form[name] for name in ("addressed_as", "phone", "preferred_contact", "language") if name in form}
    data["interpreter_needed"] = form.get("interpreter_needed") == "yes"
    data["shares_contact_details"] = form.get("shares_contact_details") == "yes"
    try:
        accounts.update_preferences(get_db(), person, data)
    except InvalidInput as error:
        return render_template("preferences.html", person=person, errors=error.errors), 400
    flash(_("Your preferences are saved."))
    return redirect(url_for("auth.preferences"))
