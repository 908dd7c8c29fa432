"""A forgotten password: asking for a link, and choosing a new password from it
(core.people.password_reset).

The answer to asking is one page, whether or not an account has the address. Asking is
limited per address (PASSWORD_RESET_RATE_LIMIT, counted in the store the API's limits
use), so nobody sends a school's parents a flood of mail from one machine.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from limits import parse
from limits.strategies import FixedWindowRateLimiter

from core.errors import InvalidInput
from core.people import password_reset
from core.people.throttle import network_of
from core.wording import N_
from webui.api import rate_limits
from webui.database import get_db, site
from webui.mailer import mail_queued

blueprint = Blueprint("password_reset", __name__, url_prefix="/password")


@blueprint.route("/forgotten", methods=["GET", "POST"])
def forgotten():
    if request.method == "GET":
        return render_template("password_forgotten.html")
    address = request.remote_addr or "unknown"
    if not _within_allowance(address):
        return render_template("password_forgotten.html", throttled=True), 429
    password_reset.ask(get_db(), request.form.get("email", ""), address, site=site())
    mail_queued()
    return render_template("password_forgotten.html", asked=True)


def _within_allowance(address: str) -> bool:
    rate_limits.before_the_transaction()
    limiter = FixedWindowRateLimiter(current_app.extensions[rate_limits.EXTENSION])
    return limiter.hit(parse(current_app.config["PASSWORD_RESET_RATE_LIMIT"]), "password_reset", network_of(address))


@blueprint.route("/reset/<secret>", methods=["GET", "POST"])
def reset(secret: str):
    db = get_db()
    person = password_reset.check(db, secret)  # 404 for a link used, ended, expired or never sent
    if request.method == "GET":
        return render_template("password_reset.html", person=person, errors={})
    form = request.form
    if form.get("password") != form.get("confirm_password"):
        errors = {"confirm_password": [N_("The two passwords differ.")]}
        return render_template("password_reset.html", person=person, errors=errors), 400
    try:
        password_reset.reset(db, current_app.extensions["teamaround.passwords"], secret, form.get("password", ""))
    except InvalidInput as error:
        return render_template("password_reset.html", person=person, errors=error.errors), 400
    flash(_("Your password is changed, and you are logged out everywhere. Log in with the new one."))
    return redirect(url_for("auth.login"))
