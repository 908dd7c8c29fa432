"""Accepting an invitation: the invited person chooses their password, language and how to be
contacted, and is signed in (core.people.invitations)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from core.errors import InvalidInput
from core.people import invitations
from core.wording import N_
from webui.auth import _start_session, preferences_in
from webui.database import get_db, site
from webui.mailer import mail_queued

blueprint = Blueprint("invitations", __name__)


@blueprint.route("/invitations/<secret>", methods=["GET", "POST"])
def accept(secret: str):
    db = get_db()
    person = invitations.invited_by_link(db, secret)  # 404 for a link used, ended, expired or never sent
    if request.method == "GET":
        return _page(person, {})
    form = request.form
    if form.get("password") != form.get("confirm_password"):
        return _page(person, {"confirm_password": [N_("The two passwords differ.")]}), 400
    try:
        accepted = invitations.accept(
            db, current_app.extensions["teamaround.passwords"], secret, form.get("password", ""), preferences_in(form)
        )
    except InvalidInput as error:
        return _page(person, error.errors), 400
    _start_session(accepted.person)
    if accepted.child_id is not None:
        return redirect(url_for("children.child_timeline", child_id=accepted.child_id))
    return redirect(url_for("children.index"))


def _page(person, errors):
    """The form in the language the school has for the person (English if none), before they choose."""
    with force_locale(person.language if person.language in current_app.config["LANGUAGES"] else "en"):
        return render_template("invitation.html", person=person, errors=errors)


def say_invited(person, link: str) -> None:
    """Tell the inviter the invitation is on its way (any sent before no longer works); where mail
    is not set up, hand them the link to pass on."""
    if site().mail_enabled:
        mail_queued()
        flash(_("%(person)s is invited by email to choose their password.", person=person.full_name))
    else:
        flash(_("Mail is not set up here: give %(person)s this link yourself, it works once: %(link)s",
                person=person.full_name, link=link))
