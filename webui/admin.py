"""Administration: accounts, the children register, and subject access exports."""

from __future__ import annotations

import tempfile

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from core.errors import InvalidInput
from core.people import accounts, factors, invitations
from core.people.team import awaits_acceptance
from core.records import archive, subject_access
from core.records import children as records
from webui.auth import current_person
from webui.database import get_db, plugin_host, site
from webui.documents import document_store
from webui.invitations import say_invited
from webui.mailer import mail_queued

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

ACCOUNT_FIELDS = ("full_name", "email", "kind", "agency", "phone")


@blueprint.route("/accounts")
@login_required
def account_list(errors=None, form=None, status=200):
    people = accounts.list_accounts(get_db(), current_person())
    return render_template(
        "admin_accounts.html", people=people, agencies=plugin_host().agencies, errors=errors or {}, form=form or {},
        awaits_acceptance=awaits_acceptance, with_factors=factors.people_with_factors(get_db()),
    ), status


@blueprint.route("/accounts", methods=["POST"])
@login_required
def create_account():
    data = {name: request.form[name] for name in ACCOUNT_FIELDS if request.form.get(name)}
    try:
        person, link = invitations.open_account(get_db(), current_person(), data, site=site())
    except InvalidInput as error:
        return account_list(errors=error.errors, form=request.form, status=400)
    say_invited(person, link)
    return redirect(url_for("admin.account_list"))


@blueprint.route("/accounts/<int:person_id>/invite", methods=["POST"])
@login_required
def invite_again(person_id: int):
    say_invited(*invitations.invite_again(get_db(), current_person(), person_id, site=site()))
    return redirect(url_for("admin.account_list"))


@blueprint.route("/accounts/<int:person_id>/deactivate", methods=["POST"])
@login_required
def deactivate(person_id: int):
    person = accounts.set_active(get_db(), current_person(), person_id, active=False)
    flash(_("The account of %(person)s is closed; they are logged out everywhere.", person=person.full_name))
    return redirect(url_for("admin.account_list"))


@blueprint.route("/accounts/<int:person_id>/reactivate", methods=["POST"])
@login_required
def reactivate(person_id: int):
    person = accounts.set_active(get_db(), current_person(), person_id, active=True)
    flash(_("The account of %(person)s is open again.", person=person.full_name))
    return redirect(url_for("admin.account_list"))


@blueprint.route("/accounts/<int:person_id>/clear-second-factors", methods=["POST"])
@login_required
def clear_second_factors(person_id: int):
    person = factors.clear(get_db(), current_person(), person_id, site=site())
    mail_queued()
    if site().mail_enabled:
        flash(_("Every second step of %(person)s is removed: they are logged out everywhere and told by e-mail.",
                person=person.full_name))
    else:
        flash(_("Every second step of %(person)s is removed: they are logged out everywhere. No mail goes out "
                "from here, so tell them yourself.", person=person.full_name))
    return redirect(url_for("admin.account_list"))


@blueprint.route("/children")
@login_required
def children_register():
    return render_template("admin_children.html", children=records.children_register(get_db(), current_person()))


@blueprint.route("/accounts/<int:person_id>/export.zip")
@login_required
def export_person(person_id: int):
    return _download(subject_access.export_person(get_db(), current_person(), person_id), f"person-{person_id}")


@blueprint.route("/children/<int:child_id>/export.zip")
@login_required
def export_child(child_id: int):
    return _download(subject_access.export_child(get_db(), current_person(), child_id), f"child-{child_id}")


# An export larger than this is spooled to a temporary file instead of held in memory.
_IN_MEMORY = 8 * 1024 * 1024


def _download(export, name):
    """The export as a ZIP of its JSON and its documents' files, never cached."""
    spool = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)
    archive.write_archive(export, name, spool, store=document_store())
    spool.seek(0)
    response = send_file(spool, mimetype="application/zip", as_attachment=True, download_name=f"{name}.zip",
                         conditional=False, etag=False, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
