"""The EHC needs assessment and plan on the web: one page per child, where each stage says who
must act and by when.

The lead professional records the request, the local authority's letters (each uploaded with
what it decided), asks the agencies for advice and keeps the annual reviews' steps; a
professional asked for advice uploads it here; the family reads where things are in plain
words and has its say on the draft plan. Every form posts to a view that turns the form into
the service's input, calls one service, and either redirects to the page or shows it again
with the errors beside the form.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask import Blueprint, redirect, render_template, request, url_for
from flask import flash as notify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.datastructures import FileStorage, MultiDict

from core.cases import ehc
from core.cases.ehc_inputs import Decision, ReviewStep
from core.errors import InvalidInput, TooLarge
from core.models import EhcStep
from core.types import utcnow
from webui.auth import current_person
from webui.database import get_db, site
from webui.documents import REQUEST_LIMIT, document_store, file_limit, upload_of
from webui.formatting import school_zone_name
from webui.request_bodies import accepts_upload

blueprint = Blueprint("ehc", __name__)

# The local authority's decisions as the lead picks the one its letter gives.
DECISION_WORDS = {
    Decision.ASSESS: _l("It agreed to carry out the assessment"),
    Decision.NOT_ASSESS: _l("It decided not to carry out the assessment"),
    Decision.DRAFT_ISSUED: _l("It sent the draft plan"),
    Decision.PLAN_ISSUED: _l("It issued the final plan"),
    Decision.NO_PLAN: _l("It decided not to issue a plan"),
    Decision.KEEP: _l("Keep the plan as it is"),
    Decision.AMEND: _l("Amend the plan"),
    Decision.CEASE: _l("Stop the plan"),
}
REVIEW_STEP_WORDS = {
    ReviewStep.REPORTS: _l("Reports sent to everyone invited"),
    ReviewStep.MEETING: _l("The meeting was held"),
    ReviewStep.OUTCOME: _l("The outcome was sent out"),
}


@blueprint.route("/children/<int:child_id>/ehc")
@login_required
def show(child_id: int):
    return _case_page(child_id)


@blueprint.route("/children/<int:child_id>/ehc", methods=["POST"])
@login_required
def open_case(child_id: int):
    data = _fields("requested_by", "requested_on")
    return _saved(
        child_id,
        "open",
        lambda: ehc.open_case(get_db(), current_person(), child_id, data, site=site()),
        _("The request is recorded: each step now shows who must act and by when."),
    )


@blueprint.route("/ehc/<int:case_id>/letters", methods=["POST"])
@accepts_upload(REQUEST_LIMIT)
@login_required
def record_decision(case_id: int):
    data = _fields("decision", "decided_on", "review_id")
    letter = _upload(about_on=data.get("decided_on"))
    form_name = f"letter-{data['review_id']}" if data.get("review_id") else "letter"
    return _saved_in_case(
        case_id,
        form_name,
        lambda db, person: ehc.record_decision(db, person, case_id, data, letter, **_filing()),
        _("The local authority's letter is recorded and kept in the child's file."),
    )


@blueprint.route("/ehc/<int:case_id>/advice", methods=["POST"])
@login_required
def request_advice(case_id: int):
    data = _fields("agency", "due_on")
    return _saved_in_case(
        case_id,
        "ask",
        lambda db, person: ehc.request_advice(db, person, case_id, data, site=site(), today=_today()),
        _("The advice is asked for, and the agency's people in the team are told."),
    )


@blueprint.route("/ehc-advice/<int:stage_id>/answer", methods=["POST"])
@accepts_upload(REQUEST_LIMIT)
@login_required
def answer_advice(stage_id: int):
    db, person = get_db(), current_person()
    access, _stage = ehc.advice_request(db, person, stage_id)
    advice = _upload()
    return _saved(
        access.child.id,
        f"advice-{stage_id}",
        lambda: ehc.answer_advice(db, person, stage_id, None, advice, today=_today(), **_filing()),
        _("Your advice is sent, and kept in the child's file."),
    )


@blueprint.route("/ehc/<int:case_id>/response", methods=["POST"])
@login_required
def respond(case_id: int):
    data = _fields("comments", "school")
    return _saved_in_case(
        case_id,
        "response",
        lambda db, person: ehc.respond_to_draft(db, person, case_id, data, site=site(), today=_today()),
        _("Your comments are kept here, and the team is told."),
    )


@blueprint.route("/ehc/<int:case_id>/reviews", methods=["POST"])
@login_required
def schedule_review(case_id: int):
    data = _fields("meeting_on")
    return _saved_in_case(
        case_id,
        "review",
        lambda db, person: ehc.schedule_review(db, person, case_id, data, site=site()),
        _("The annual review is set: each of its steps now shows by when."),
    )


@blueprint.route("/ehc/<int:case_id>/reviews/<int:review_id>/steps", methods=["POST"])
@login_required
def record_review_step(case_id: int, review_id: int):
    data = _fields("step", "on")
    return _saved_in_case(
        case_id,
        f"review-{review_id}",
        lambda db, person: ehc.record_review_step(db, person, review_id, data, site=site()),
        _("The step of the annual review is recorded."),
    )


# Helpers


def _case_page(child_id: int, *, errors=None, failed_form: str = "", form=None, status=200):
    db, person, today = get_db(), current_person(), _today()
    view = ehc.view_case(db, person, child_id, today, host=site().host)
    return render_template(
        "ehc.html",
        view=view,
        child=view.access.child,
        agencies=view.access.sharing_agencies(db) if view.may_ask_advice else [],
        waiting=sorted(
            (item for item in view.stages if item.done_on is None), key=lambda item: (item.due_on is None, item.due_on)
        ),
        letters=_letters(view),
        review_forms=_review_forms(view) if view.may_manage_reviews else [],
        decision_words=DECISION_WORDS,
        review_step_words=REVIEW_STEP_WORDS,
        errors=errors or {},
        failed_form=failed_form,
        form=form or MultiDict(),
        today=today,
    ), status


# The steps of an annual review the school takes, as the lead records them.
_REVIEW_STEP_OF = {
    EhcStep.REVIEW_REPORTS: ReviewStep.REPORTS,
    EhcStep.REVIEW_MEETING: ReviewStep.MEETING,
    EhcStep.REVIEW_OUTCOME: ReviewStep.OUTCOME,
}


def _letters(view) -> list[tuple[int | None, list[Decision]]]:
    """A letter form for the assessment, and one for each annual review, offering the
    decisions its stages still wait for."""
    offered: dict[int | None, list[Decision]] = {}
    for decision, review_id in view.decisions:
        offered.setdefault(review_id, []).append(decision)
    return list(offered.items())


def _review_forms(view) -> list[tuple]:
    """Each annual review with the school's steps it still waits for."""
    waiting: dict[int, list[ReviewStep]] = {}
    for item in view.stages:
        if item.done_on is None and item.stage.step in _REVIEW_STEP_OF:
            waiting.setdefault(item.stage.review_id, []).append(_REVIEW_STEP_OF[item.stage.step])
    return [(review, waiting[review.id]) for review in view.case.reviews if review.id in waiting]


def _today() -> date:
    """The day at the school: the law's days are counted on its calendar."""
    return utcnow().astimezone(ZoneInfo(school_zone_name())).date()


def _fields(*names) -> dict:
    """The form's answers the service reads; a blank one is left out, for the service to say
    whether it is needed."""
    return {name: request.form[name] for name in names if request.form.get(name, "").strip()}


def _upload(**details) -> dict:
    """The file sent with a form (a letter, a plan, advice), named as its sender named it."""
    data = _fields("title") | {name: value for name, value in details.items() if value}
    return {"data": data, "upload": upload_of(request.files.get("file") or FileStorage())}


def _filing() -> dict:
    return {"site": site(), "store": document_store(), "limit": file_limit()}


def _saved(child_id: int, form_name: str, save, message: str):
    try:
        save()
    except InvalidInput as error:
        return _case_page(child_id, errors=error.errors, failed_form=form_name, form=request.form, status=400)
    except TooLarge as error:
        return _case_page(child_id, errors={"file": [str(error)]}, failed_form=form_name, form=request.form, status=413)
    notify(message)
    return redirect(url_for("ehc.show", child_id=child_id))


def _saved_in_case(case_id: int, form_name: str, save, message: str):
    db, person = get_db(), current_person()
    access, _case = ehc.case_for(db, person, case_id)
    return _saved(access.child.id, form_name, lambda: save(db, person), message)
