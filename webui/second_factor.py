"""The second step of signing in (an authenticator app's code, a recovery code, a passkey),
signing in with a passkey instead of a password, and enrolling second factors from the
account page.

Which kinds of account must have a second factor is the setting
``TEAMAROUND_SECOND_FACTOR_REQUIRED_FOR`` (kinds, comma-separated; empty: nobody must).
A session of one who must and has none opens only the pages here (and logging out)
until they have enrolled one; API tokens are not affected.
"""

from __future__ import annotations

from functools import lru_cache

import segno
from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import Forbidden
from core.models import Person
from core.people import factors, passkeys, recovery_codes, sign_in_steps, throttle, totp
from core.people.accounts import LoginFailed, LoginThrottled
from core.people.factor_secrets import secret_box
from core.records import audit
from webui.database import get_db

blueprint = Blueprint("second_factor", __name__)

PENDING = "second_factor_step"  # the session key holding the secret of a sign-in that awaits its second step
PASSKEY_STEP = "passkey_step"

# What a session that must enrol first may still open.
OPEN_WHILE_ENROLLING = frozenset(
    {
        "auth.logout",
        "second_factor.account",
        "second_factor.start_app",
        "second_factor.confirm_app",
        "second_factor.passkey_enrolment_options",
        "second_factor.register_passkey",
        # Open to anyone signed in or not; and asking counts first, before a session is read.
        "password_reset.forgotten",
    }
)


def init_app(app: Flask) -> None:
    # A kind misspelt in the setting stops the start, rather than every request after it.
    factors.FactorPolicy.from_setting(app.config["SECOND_FACTOR_REQUIRED_FOR"])
    app.before_request(_enrol_first)
    app.context_processor(lambda: {"second_factor_optional": not policy().required_kinds})


def policy() -> factors.FactorPolicy:
    setting = current_app.config["SECOND_FACTOR_REQUIRED_FOR"]
    if not isinstance(setting, str):
        return factors.FactorPolicy.from_setting(setting)
    return _policy_of(setting)


@lru_cache(maxsize=16)  # every page asks it (second_factor_optional); a setting is read once
def _policy_of(setting: str) -> factors.FactorPolicy:
    return factors.FactorPolicy.from_setting(setting)


def _box():
    return secret_box(current_app.config.get("SECOND_FACTOR_KEY"), current_app.config["SECRET_KEY"])


def _hasher():
    return current_app.extensions["teamaround.passwords"]


def _relying_party() -> passkeys.RelyingParty:
    return passkeys.RelyingParty.from_base_url(current_app.config["BASE_URL"])


def _address() -> str:
    return request.remote_addr or "unknown"


def _enrol_first():
    if request.endpoint in OPEN_WHILE_ENROLLING or request.endpoint is None or request.endpoint.endswith("static"):
        return None
    # The API asks this itself (webui.api._authenticate), once it has counted the request:
    # reading the session here would begin the request's transaction, which on SQLite holds
    # the one write lock the counter waits for. A page reads no token, so a header there
    # opens nothing.
    if request.blueprint and request.blueprint.startswith("api"):
        return None
    if not (current_user.is_authenticated and current_user.enrolment_required):
        return None
    return redirect(url_for("second_factor.account"))


def await_second_step(person: Person) -> None:
    """After ``person``'s right password: their sign-in waits for the second step."""
    session.clear()
    session[PENDING] = sign_in_steps.begin(get_db(), sign_in_steps.SECOND_FACTOR, person)


def _waiting_person() -> Person | None:
    step = sign_in_steps.waiting(get_db(), session.get(PENDING), sign_in_steps.SECOND_FACTOR)
    return get_db().get(Person, step.person_id) if step is not None else None


def _signed_in(person: Person):
    from webui.auth import _start_session  # noqa: PLC0415 (auth imports this module)

    sign_in_steps.take(get_db(), session.get(PENDING), sign_in_steps.SECOND_FACTOR)
    _start_session(person)
    return url_for("children.index")


@blueprint.route("/login/second-step", methods=["GET", "POST"])
def second_step():
    db = get_db()
    person = _waiting_person()
    if person is None:
        flash(_("Your sign-in took too long. Please log in again."))
        return redirect(url_for("auth.login"))
    has_passkey = any(factor.kind.value == "passkey" for factor in factors.confirmed_factors(db, person))
    if request.method == "GET":
        return render_template("second_step.html", has_passkey=has_passkey)
    try:
        factors.second_step(db, _box(), _hasher(), person, request.form.get("code", ""), _address())
    except LoginThrottled:
        db.commit()
        return render_template("second_step.html", has_passkey=has_passkey, throttled=True), 429
    except LoginFailed:
        db.commit()  # the failed attempt counts towards the throttle, and is audited
        return render_template("second_step.html", has_passkey=has_passkey, failed=True), 401
    return redirect(_signed_in(person))


@blueprint.route("/login/passkey/options", methods=["POST"])
def passkey_sign_in_options():
    """Options for a passkey: the waiting person's own after a password, any without one."""
    db = get_db()
    person = _waiting_person()
    options, challenge = passkeys.authentication_options(db, _relying_party(), person)
    session[PASSKEY_STEP] = sign_in_steps.begin(db, sign_in_steps.PASSKEY_SIGN_IN, person, challenge)
    return current_app.response_class(options, mimetype="application/json")


@blueprint.route("/login/passkey", methods=["POST"])
def sign_in_with_passkey():
    db = get_db()
    step = sign_in_steps.take(db, session.pop(PASSKEY_STEP, None), sign_in_steps.PASSKEY_SIGN_IN)
    if step is None:
        return jsonify(error=_("Your sign-in took too long. Please try again.")), 400
    expected = db.get(Person, step.person_id) if step.person_id is not None else None
    if expected is not None and throttle.paused(db, expected.email, throttle.network_of(_address())):
        audit.record(db, None, "login.throttled", subject=f"person:{expected.id}", detail={"address": _address()})
        db.commit()
        return jsonify(error=_("There have been too many tries to log in. Wait 15 minutes and try again.")), 429
    try:
        person = passkeys.authenticate(db, _relying_party(), request.get_data(as_text=True), step.challenge, expected)
    except passkeys.PasskeyRefused as refused:
        factors.failed(db, refused.args[0], _address(), "passkey")
        db.commit()
        return jsonify(error=_("This passkey is not one we know for your account. Try another way to log in.")), 401
    audit.record(
        db,
        person,
        "login.succeeded",
        subject=f"person:{person.id}",
        detail={"address": _address(), "factor": "passkey"},
    )
    return jsonify(redirect=_signed_in(person))


@blueprint.route("/account/sign-in")
@login_required
def account():
    db, person = get_db(), current_user.person
    return render_template(
        "sign_in_settings.html",
        factors=factors.confirmed_factors(db, person),
        recovery_codes_left=recovery_codes.remaining(db, person),
        must_enrol=current_user.enrolment_required,
        errors={},
    )


@blueprint.route("/account/sign-in/app", methods=["POST"])
@login_required
def start_app():
    _factor, secret = totp.start_enrolment(get_db(), current_user.person, _box())
    return _app_page(secret, errors={})


def _app_page(secret: str, errors: dict):
    uri = totp.provisioning_uri(secret, current_user.person)
    grouped = " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    return render_template("enrol_app.html", qr=qr, secret=grouped, errors=errors)


@blueprint.route("/account/sign-in/app/confirm", methods=["POST"])
@login_required
def confirm_app():
    db, person = get_db(), current_user.person
    enrolling = totp.unconfirmed(db, person)
    if enrolling is None:
        return redirect(url_for("second_factor.account"))
    if totp.confirm(db, person, _box(), request.form.get("code", "")) is None:
        errors = {"code": [_("That code is not right. Type the code your app shows now.")]}
        return _app_page(totp.secret_of(enrolling, _box()), errors), 400
    return _enrolled(person)


def _enrolled(person: Person):
    db = get_db()
    factors.enrolled(db, person)
    if recovery_codes.remaining(db, person):
        flash(_("Your new way to sign in is ready."))
        return redirect(url_for("second_factor.account"))
    return _show_recovery_codes(person)


def _show_recovery_codes(person: Person):
    codes = recovery_codes.issue(get_db(), person, _hasher())
    return render_template("recovery_codes.html", codes=codes)


@blueprint.route("/account/sign-in/recovery-codes", methods=["POST"])
@login_required
def new_recovery_codes():
    if not factors.has_factor(get_db(), current_user.person):
        return redirect(url_for("second_factor.account"))
    return _show_recovery_codes(current_user.person)


@blueprint.route("/account/sign-in/passkey/options", methods=["POST"])
@login_required
def passkey_enrolment_options():
    db = get_db()
    options, challenge = passkeys.registration_options(db, current_user.person, _relying_party())
    session[PASSKEY_STEP] = sign_in_steps.begin(db, sign_in_steps.PASSKEY_ENROLMENT, current_user.person, challenge)
    return current_app.response_class(options, mimetype="application/json")


@blueprint.route("/account/sign-in/passkey", methods=["POST"])
@login_required
def register_passkey():
    db, person = get_db(), current_user.person
    step = sign_in_steps.take(db, session.pop(PASSKEY_STEP, None), sign_in_steps.PASSKEY_ENROLMENT)
    if step is None or step.person_id != person.id:
        return jsonify(error=_("This took too long. Please try again.")), 400
    passkeys.register(db, person, _relying_party(), request.get_data(as_text=True), step.challenge)
    factors.enrolled(db, person)
    flash(_("Your passkey is ready."))
    return jsonify(redirect=url_for("second_factor.account"))


@blueprint.route("/account/sign-in/factors/<int:factor_id>/remove", methods=["POST"])
@login_required
def remove_factor(factor_id: int):
    try:
        factors.remove(get_db(), policy(), current_user.person, factor_id)
    except Forbidden:
        flash(_("Add another way to sign in before you remove your last one."))
        return redirect(url_for("second_factor.account"))
    flash(_("That way to sign in is removed."))
    return redirect(url_for("second_factor.account"))
