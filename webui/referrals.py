"""Referrals between agencies on the web: a child's referrals for the team and the family, the
form to refer, the receiving agency's referrals, and one referral with its answers.

The pages only read the form and call :mod:`core.cases.referrals`; who sees what is decided
by :func:`core.access.referral_access`.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from core.cases import referral_views, referrals
from core.errors import InvalidInput
from core.models import ConsentMethod
from core.types import utcnow
from webui.auth import current_person
from webui.database import get_db, plugin_host, site
from webui.documents import document_store, file_response

blueprint = Blueprint("referrals", __name__)

ANSWERS = {
    "accept": (referrals.accept, ()),
    "decline": (referrals.decline, ("reason",)),
    "ask": (referrals.ask_for_information, ("question",)),
    "inform": (referrals.give_information, ("text",)),
}


@blueprint.route("/children/<int:child_id>/referrals")
@login_required
def child_referrals(child_id: int):
    """Where each of the child's referrals is and how long it has waited, and the start of a new one."""
    access, views = referral_views.child_referrals(get_db(), current_person(), child_id, site=site(), now=utcnow())
    return render_template("referrals.html", child=access.child, access=access, views=views, agencies=_agencies(access))


@blueprint.route("/children/<int:child_id>/referrals/new")
@login_required
def new_referral(child_id: int, errors=None, form=None, status=200):
    """The form to refer the child to the agency chosen: its questions, the family's consent, documents."""
    agency = (form or request.args).get("agency", "")
    found = referral_views.referral_form(get_db(), current_person(), child_id, agency, host=plugin_host())
    return render_template(
        "referral_form.html",
        found=found,
        child=found.access.child,
        agency=agency,
        methods=list(ConsentMethod),
        errors=errors or {},
        form=form or {},
    ), status


@blueprint.route("/children/<int:child_id>/referrals", methods=["POST"])
@login_required
def refer(child_id: int):
    form = request.form
    answers = {name.removeprefix("answers."): value for name, value in form.items() if name.startswith("answers.")}
    data = {
        "agency": form.get("agency", ""),
        "reason": form.get("reason", ""),
        "answers": answers,
        "document_ids": [int(value) if value.isdecimal() else value for value in form.getlist("document_ids")],
    }
    if form.get("consent.given"):
        data["consent"] = {name: form.get(f"consent.{name}", "") for name in ("given_by", "given_on", "method")}
    try:
        referral = referrals.refer(get_db(), current_person(), child_id, data, site=site())
    except InvalidInput as error:
        errors = {
            name.split(".")[0] if name.startswith("document_ids") else name: reasons
            for name, reasons in error.errors.items()
        }
        return new_referral(child_id, errors=errors, form=form, status=400)
    flash(_("The referral is made. You can follow it here."))
    return redirect(url_for("referrals.show", referral_id=referral.id))


@blueprint.route("/referrals")
@login_required
def received():
    """The referrals made to the person's agency: those waiting for its answer first."""
    views = referral_views.received(get_db(), current_person(), site=site(), now=utcnow())
    return render_template("referrals_received.html", views=views)


@blueprint.route("/referrals/<int:referral_id>")
@login_required
def show(referral_id: int, errors=None, form=None, status=200):
    access, view = referral_views.read(get_db(), current_person(), referral_id, site=site(), now=utcnow())
    roles = plugin_host().agencies[view.referral.agency].roles if view.referral.agency in plugin_host().agencies else ()
    return render_template(
        "referral.html",
        access=access,
        view=view,
        referral=view.referral,
        roles=roles,
        errors=errors or {},
        form=form or {},
    ), status


@blueprint.route("/referrals/<int:referral_id>/<any(accept, decline, ask, inform):answer>", methods=["POST"])
@login_required
def answer(referral_id: int, answer: str):
    """The receiving agency's answer (accept, decline, ask for more) or the referrer's information."""
    service, fields = ANSWERS[answer]
    data = {name: request.form.get(name, "") for name in fields}
    if answer == "accept" and request.form.get("role"):
        data["role"] = request.form["role"]
    try:
        service(get_db(), current_person(), referral_id, data, site=site())
    except InvalidInput as error:
        return show(
            referral_id,
            errors={f"{answer}.{name}": reasons for name, reasons in error.errors.items()},
            form=request.form,
            status=400,
        )
    flash(_("Your answer is recorded, and the team can read it on the timeline."))
    return redirect(url_for("referrals.show", referral_id=referral_id))


@blueprint.route("/referrals/<int:referral_id>/documents/<int:document_id>")
@login_required
def sent_document(referral_id: int, document_id: int):
    """A document sent with the referral, for the receiving agency (the team reads it in the child's file)."""
    opened = referral_views.open_sent_document(
        get_db(), current_person(), referral_id, document_id, store=document_store()
    )
    return file_response(opened, shown=False)


def _agencies(access) -> list[str]:
    """The agencies a referral can go to, for those who may refer: every one installed but their own."""
    if not access.may_refer():
        return []
    return sorted(code for code in plugin_host().agencies if code != access.agency)
