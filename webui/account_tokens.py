"""The account page where a person makes, names and revokes their own API tokens.

A token is made here, from a signed-in session, never by another token (see
:mod:`webui.api.tokens`); its secret is shown once, on the answer to the form that made it.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import InvalidInput, NotFound
from core.people import tokens as api_tokens
from core.types import utcnow
from webui.database import get_db

blueprint = Blueprint("account_tokens", __name__)

# The lifetimes offered, in days; the core takes any up to api_tokens.MAX_DAYS.
LIFETIMES = (7, 30, api_tokens.DEFAULT_DAYS, 365)


@blueprint.route("/account/tokens")
@login_required
def page():
    return _page(errors={})


@blueprint.route("/account/tokens", methods=["POST"])
@login_required
def create():
    form = {name: request.form[name] for name in ("name", "days", "scope") if request.form.get(name)}
    try:
        token, secret = api_tokens.create(get_db(), current_user.person, form)
    except InvalidInput as error:
        return _page(errors=error.errors, form=request.form), 400
    return _page(errors={}, made=token, secret=secret), 201


@blueprint.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    try:
        api_tokens.revoke(get_db(), current_user.person, token_id)
    except NotFound:
        return _page(errors={}), 404
    flash(_("The token is revoked: it no longer works."))
    return redirect(url_for("account_tokens.page"))


def _page(errors: dict, form=None, made=None, secret=None):
    return render_template(
        "account_tokens.html",
        tokens=api_tokens.list_own(get_db(), current_user.person),
        lifetimes=LIFETIMES,
        default_days=api_tokens.DEFAULT_DAYS,
        errors=errors,
        form=form or {},
        made=made,
        secret=secret,
        now=utcnow(),
    )
