"""Logging in and out, and changing one's password.

A session lives on the server (core.people.sessions): the session cookie holds only its
secret, as flask-login's user id, and the server decides on every request whether that
session is still open.
"""

from __future__ import annotations

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
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from core.errors import InvalidInput
from core.models import Person
from core.people import accounts, factors, sessions
from core.people.passwords import hasher_for
from webui import kept_pages, second_factor
from webui.database import get_db
from webui.extensions import login_manager

blueprint = Blueprint("auth", __name__)


class LoginUser:
    """The flask-login view of a signed-in :class:`Person`; its id is the session's secret."""

    def __init__(
        self,
        person: Person,
        unread_notifications: int | None = None,
        session_secret: str = "",
        enrolment_required: bool = False,
        data_version: int | None = None,
    ):
        self.person = person
        # Counted with the person when the request loaded them (None: not counted); the
        # views that mark notifications read redirect, so a page never shows a stale count.
        self.unread_notifications = unread_notifications
        self.session_secret = session_secret
        # Opens only enrolment of a second factor until one is enrolled (webui.second_factor).
        self.enrolment_required = enrolment_required
        # Read with the person, in the same statement (webui.kept_pages).
        self.data_version = data_version
        self.is_authenticated = True
        self.is_active = person.active
        self.is_anonymous = False

    def get_id(self) -> str:
        return self.session_secret


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed session cookie, whose signer is built once for each set of keys instead
    of twice a request (to read the cookie, then to sign it again): the same keys, salt and
    digest give the same signer, which keeps no state of its own."""

    def __init__(self) -> None:
        self._signers: dict[tuple, object] = {}

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        signer = self._signers.get(keys)
        if signer is None:
            signer = self._signers[keys] = super().get_signing_serializer(app)
        return signer


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookie()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.session_protection = None  # sessions end on the server, not by IP
    app.extensions["teamaround.passwords"] = hasher_for(app.config["PASSWORD_PROFILE"])


@login_manager.user_loader
def _load_user(secret: str):
    signed_in = sessions.resume(get_db(), secret, ahead=kept_pages.ahead_of(secret))
    kept_pages.audited_ahead(signed_in is not None and signed_in.audited_ahead, signed_in and signed_in.newest_still)
    if signed_in is None:
        session.clear()
        flash(_("You were logged out to keep the record safe. Please log in again."))
        return None
    if signed_in.seen_again:
        # The cookie's own idle limit moves on with the server's, once a minute, instead of
        # Flask signing and sending it again with every answer (SESSION_REFRESH_EACH_REQUEST).
        session.modified = True
    return LoginUser(
        signed_in.person, signed_in.unread_notifications, secret, signed_in.enrolment_required, signed_in.data_version
    )


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
    if factors.has_factor(db, person):
        second_factor.await_second_step(person)
        return redirect(url_for("second_factor.second_step"))
    _start_session(person)
    return redirect(url_for("children.index"))


def _start_session(person: Person) -> None:
    """Sign ``person`` in, every step taken; if they must have a second factor and have
    none, the session opens only its enrolment."""
    # A fresh session at every login: nothing set before it survives (no fixation).
    session.clear()
    db = get_db()
    enrolment = factors.enrolment_required(db, second_factor.policy(), person)
    secret = sessions.start(db, person, enrolment_required=enrolment)
    login_user(LoginUser(person, session_secret=secret, enrolment_required=enrolment))
    session.permanent = True  # the browser forgets the cookie after the idle limit too


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    sessions.end(get_db(), current_person(), current_user.session_secret)
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
    try:
        accounts.update_preferences(get_db(), person, preferences_in(request.form))
    except InvalidInput as error:
        return render_template("preferences.html", person=person, errors=error.errors), 400
    flash(_("Your preferences are saved."))
    return redirect(url_for("auth.preferences"))


def preferences_in(form) -> dict:
    """How a person wants to be addressed and contacted, from the fields contact_preferences.html shows."""
    data = {name: form[name] for name in ("addressed_as", "phone", "preferred_contact", "language") if name in form}
    data["interpreter_needed"] = form.get("interpreter_needed") == "yes"
    data["shares_contact_details"] = form.get("shares_contact_details") == "yes"
    return data
