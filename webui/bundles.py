"""Evidence bundles on the web: the lead's choice of what goes to the local authority, each
bundle's progress while it is built in the background, its PDF, and sharing it with an agency.

One page for the lead and the family alike: the family reads each bundle there before the
lead shares it. The PDF is sent like a document's file, never cached, under a sandbox.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from core.documents import bundles
from core.errors import InvalidInput
from core.models import BundlePurpose
from webui.auth import current_person
from webui.database import get_db, plugin_host
from webui.documents import document_store, guarded

blueprint = Blueprint("bundles", __name__)

CHOSEN_LISTS = ("assessments", "documents")


@blueprint.route("/children/<int:child_id>/bundles")
@login_required
def show(child_id: int, errors=None, form=None, status=200):
    found = bundles.child_bundles(get_db(), current_person(), child_id)
    return render_template(
        "bundles.html",
        found=found,
        child=found.access.child,
        access=found.access,
        purposes=list(BundlePurpose),
        errors=errors or {},
        form=form,
    ), status


@blueprint.route("/children/<int:child_id>/bundles", methods=["POST"])
@login_required
def request_bundle(child_id: int):
    try:
        bundles.request_bundle(get_db(), current_person(), child_id, _selection())
    except InvalidInput as error:
        # A list's answer is refused by its place in the list ("documents.0"): shown at the list.
        errors = {name.split(".")[0]: reasons for name, reasons in error.errors.items()}
        return show(child_id, errors=errors, form=request.form, status=400)
    flash(_("The bundle is being put together. It shows here when it is ready, for you and the family to read."))
    return redirect(url_for("bundles.show", child_id=child_id))


def _selection() -> dict:
    """The form as the service's input: ticked boxes as true, chosen ids as numbers (an id
    that is not a number is left for the service to refuse by name)."""
    form = request.form
    data: dict = {name: form[name] for name in ("purpose", "since", "until") if form.get(name)}
    data |= {name: True for name in ("chronology", "plan") if form.get(name)}
    for name in CHOSEN_LISTS:
        values = form.getlist(name)
        data[name] = [int(value) if value.isdecimal() else value for value in values]
    return data


@blueprint.route("/bundles/<int:bundle_id>/bundle.pdf")
@login_required
def download(bundle_id: int):
    opened = bundles.open_bundle(get_db(), current_person(), bundle_id, store=document_store())
    response = send_file(
        opened.file,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=opened.filename,
        conditional=False,
        etag=False,
        max_age=0,
    )
    return guarded(response)


@blueprint.route("/bundles/<int:bundle_id>/share", methods=["POST"])
@login_required
def share(bundle_id: int):
    db, person = get_db(), current_person()
    try:
        bundle = bundles.share_bundle(
            db, person, bundle_id, {"agency": request.form.get("agency", "")}, host=plugin_host()
        )
    except InvalidInput as error:
        child_id = bundles.readable_bundle(db, person, bundle_id).child_id
        return show(child_id, errors={f"share-{bundle_id}": error.errors.get("agency", [])}, status=400)
    flash(_("The bundle is shared, and the agency is told on the timeline."))
    return redirect(url_for("bundles.show", child_id=bundle.child_id))
