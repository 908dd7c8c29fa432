"""A person's children and each child's shared timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from core.documents import attachments, filing
from core.errors import InvalidInput
from core.messaging import caseload, dashboard
from core.models import EntryKind
from core.timeline import chronology
from core.timeline import entries as timeline
from core.types import utcnow
from webui import caseload_html, entry_list_html, glossary, kept_pages, timeline_html
from webui.auth import current_person
from webui.coming_up_html import meeting_items, review_items
from webui.database import get_db, plugin_host
from webui.formatting import school_zone_name, typed_time
from webui.kept_parts import STAND_IN_NUMBER
from webui.vocabulary import ENTRY_KIND_WORDS
from webui.wording import PageSentences, Reader, agency_name, form_reader, reader

blueprint = Blueprint("children", __name__)
blueprint.add_app_template_global(caseload_html.caseload_rows)
blueprint.add_app_template_global(entry_list_html.entry_items)
blueprint.add_app_template_global(review_items)
blueprint.add_app_template_global(meeting_items)

ENTRY_FIELDS = ("kind", "title", "body", "visibility")


# What narrows the caseload on the home page (core.schemas.CaseloadQuery).
CASELOAD_FIELDS = ("name", "needs", "plan", "year", "order")


@blueprint.route("/")
@login_required
def index():
    # Said of the minute it is, as the meetings page is, and of the reader's last look at a
    # timeline, which says what is new to them: the page is kept under both.
    db, person, now = get_db(), current_person(), kept_pages.end_of_the_minute(utcnow())
    return kept_pages.answer(
        lambda: _rendered_home(now),
        again=lambda looked_at: _look_at_home_again(*looked_at),
        also=(now,),
        also_now=lambda: (kept_pages.end_of_the_minute(utcnow()),),
        read_newest=lambda: dashboard.last_look(db, person),
    )


def _rendered_home(now: datetime) -> tuple[str, tuple[list[int], list[int], list[int] | None]]:
    """The home page, and the children its parts showed (what reading it again audits)."""
    db, person, zone = get_db(), current_person(), current_app.config["TIMEZONE"]
    board = dashboard.dashboard(db, person, now, zone)
    found = None
    if not person.is_parent:  # a family's two or three children need no search
        query = {name: request.args[name] for name in CASELOAD_FIELDS if name in request.args}
        found = caseload.caseload(db, person, now, zone, query, host=plugin_host())
    page = render_template("children.html", board=board, children=board.children, caseload=found)
    return page, (
        sorted(child.id for child in board.children),
        board.actions.children,
        None if found is None else sorted(row.child.id for row in found.rows),
    )


def _look_at_home_again(on_the_board: list[int], with_actions: list[int], on_the_caseload: list[int] | None) -> None:
    db, person = get_db(), current_person()
    dashboard.view_dashboard_again(db, person, on_the_board, with_actions)
    if on_the_caseload is not None:
        caseload.view_caseload_again(db, person, on_the_caseload)


@blueprint.route("/children/<int:child_id>")
@login_required
def child_timeline(child_id: int):
    db, person = get_db(), current_person()
    return kept_pages.answer(
        lambda: _rendered_timeline(child_id),
        again=lambda entry_ids: timeline.read_timeline_again(db, person, child_id, entry_ids),
    )


@blueprint.route("/children/<int:child_id>/entries", methods=["POST"])
@login_required
def post_entry(child_id: int):
    data = {name: request.form[name] for name in ENTRY_FIELDS if request.form.get(name)}
    if request.form.get("reply_to", "").isdecimal():
        data["reply_to"] = int(request.form["reply_to"])
    if occurred_at := typed_time(request.form, "occurred_at"):
        data["occurred_at"] = occurred_at
    try:
        timeline.post_entry(get_db(), current_person(), child_id, data, host=plugin_host(), zone=school_zone_name())
    except InvalidInput as error:
        return _render_timeline(child_id, errors=error.errors, form=request.form), 400
    flash(_("Your entry is on the timeline."))
    return redirect(url_for("children.child_timeline", child_id=child_id))


@blueprint.route("/entries/<int:entry_id>/receipts")
@login_required
def receipts(entry_id: int):
    db, person = get_db(), current_person()
    found = timeline.read_receipts(db, person, entry_id)
    _, entry = timeline.get_entry(db, person, entry_id)
    return render_template("receipts.html", entry=entry, receipts=found)


@blueprint.route("/entries/<int:entry_id>/withdraw", methods=["POST"])
@login_required
def withdraw(entry_id: int):
    entry = timeline.withdraw_entry(get_db(), current_person(), entry_id)
    flash(_("The entry is withdrawn."))
    return redirect(url_for("children.child_timeline", child_id=entry.child_id))


@blueprint.route("/entries/<int:entry_id>/acknowledge", methods=["POST"])
@login_required
def acknowledge(entry_id: int):
    acknowledgement = timeline.acknowledge(get_db(), current_person(), entry_id)
    return redirect(url_for("children.child_timeline", child_id=acknowledgement.entry.child_id))


def _render_timeline(child_id: int, errors=None, form=None) -> str:
    return _rendered_timeline(child_id, errors, form)[0]


def _rendered_timeline(child_id: int, errors=None, form=None) -> tuple[str, list[int]]:
    """The page, and the entries it shows (what reading it again audits)."""
    db, person, host = get_db(), current_person(), plugin_host()
    query = {
        "cursor": request.args.get("after") or None,
        "kinds": [kind for kind in request.args.getlist("kind") if kind],
        "agencies": [agency for agency in request.args.getlist("agency") if agency],
    }
    page = timeline.read_timeline(db, person, child_id, query)
    access = page.access
    in_words = reader()  # looked up once, not for each entry
    attachable = attachments.attachable_to_entries(db, access, page.entries)
    items = timeline_html.timeline_items(
        page,
        reading=in_words,
        explainer=glossary.explainer(in_words),
        links=_entry_links(),
        forms=timeline_html.item_forms(
            PageSentences().gettext,
            generate_csrf(),
            reply_url=url_for("children.post_entry", child_id=child_id),
            attach_url=url_for("documents.attach"),
            attachable=attachable,
        ),
        plugin_parts={
            entry.id: _rendered(host, entry, person, in_words)
            for entry in page.entries
            if entry.withdrawn_at is None and entry.payload
        },
        attached=attachments.attached_to_entries(db, access, page.entries),
        previewed=filing.previewed(db, access, [entry.document_id for entry in page.entries if entry.document_id]),
        may_attach_any=bool(attachable),
    )
    postable = tuple(kind for kind in _POSTABLE if access.may_post(kind))
    assessment_types = [kind for kind in host.assessment_types.values() if access.may_record(kind)]
    html = render_template(
        "child.html",
        access=access,
        child=access.child,
        page=page,
        items=items,
        agencies=host.agencies,
        postable_kinds=postable,
        assessment_types=assessment_types,
        errors=errors or {},
        form=form or {},
        kinds=list(EntryKind),
        chosen={"kind": query["kinds"], "agency": query["agencies"]},
    )
    return html, [entry.id for entry in page.entries]


def _rendered(host, entry, person, in_words: Reader) -> Markup:
    """An assessment's form as its plugin shows it (the core's renderer otherwise), in the reader's language."""
    assessment_type = host.assessment_types.get(entry.payload_schema or "")
    return Markup(
        host.hook.render_timeline_entry(
            entry=entry, viewer=person, assessment_type=assessment_type, reader=form_reader(assessment_type, in_words)
        )
    )


# Far more than the endpoints linked this way times a deployment's script roots.
_MOST_URLS_KEPT = 256


@blueprint.app_template_global()
def url_for_each(endpoint: str, name: str, **values) -> Callable[[int], str]:
    """``endpoint``'s URL for any whole number as its argument ``name``, built once: a page
    that links each of its 50 entries to the same endpoint (acknowledge, receipts, withdraw)
    otherwise had the URL map build each link from its rule. The URL's parts are kept for
    the app and script root, which are all that a path built from a rule depends on."""
    key = (endpoint, name, tuple(sorted(values.items())), request.script_root)
    kept: dict[tuple, tuple[str, str]] = current_app.extensions.setdefault("teamaround.url_parts", {})
    if (parts := kept.get(key)) is None:
        parts = tuple(url_for(endpoint, **values, **{name: STAND_IN_NUMBER}).split(str(STAND_IN_NUMBER)))
        if len(kept) < _MOST_URLS_KEPT:
            kept[key] = parts
    before, after = parts
    return lambda number: f"{before}{int(number)}{after}"


def _entry_links() -> timeline_html.Links:
    return timeline_html.Links(
        document=url_for_each("documents.of_entry", "entry_id"),
        preview=url_for_each("documents.preview", "document_id"),
        download=url_for_each("documents.download", "document_id"),
        receipts=url_for_each("children.receipts", "entry_id"),
        acknowledge=url_for_each("children.acknowledge", "entry_id"),
        withdraw=url_for_each("children.withdraw", "entry_id"),
    )


# The kinds the page has a form for, in the order it offers them; who may post each is
# ChildAccess's to say (documents come with uploads, core.documents).
_POSTABLE = (EntryKind.HOME_OBSERVATION, EntryKind.UPDATE, EntryKind.MESSAGE)


@blueprint.route("/children/<int:child_id>/chronology")
@login_required
def chronology_page(child_id: int):
    found = chronology.chronology(get_db(), current_person(), child_id, _range_args())
    return render_template("chronology.html", found=found, child=found.child)


@blueprint.route("/children/<int:child_id>/chronology.csv")
@login_required
def chronology_csv(child_id: int):
    found = chronology.chronology(get_db(), current_person(), child_id, _range_args())
    agency_names = {code: agency_name(code) for code in plugin_host().agencies}
    kind_words = {kind: str(words) for kind, words in ENTRY_KIND_WORDS.items()}
    body = chronology.as_csv(found, reader(), agency_names, kind_words)
    name = f"chronology-{found.child.known_as.lower()}-{utcnow():%Y-%m-%d}.csv"
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def _range_args() -> dict:
    return {name: request.args[name] for name in ("since", "until") if request.args.get(name)}
