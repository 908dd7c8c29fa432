"""The child's plan on the web: what the target is, what the data shows, who does what and
how often. The lead professional writes, agrees and reviews it; the team records readings and
sessions; the family reads it in plain words and adds readings from home.

Every form posts to a view that turns the form into the service's input, calls one service,
and either redirects to the plan or shows the plan again with the errors beside the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask import flash as notify
from flask_babel import get_translations
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict

from core import timefmt
from core.access import Action
from core.documents import attachments
from core.errors import InvalidInput, StaleVersion
from core.models import AreaOfNeed, Judgement, Outcome, Provision, Strategy, StrategyPlace
from core.plans import content as plans
from core.plans import reviews
from core.plans import versions as plan_versions
from core.types import utcnow
from webui import kept_pages
from webui.auth import current_person
from webui.charts import chart_words, progress_chart
from webui.database import get_db, plugin_host, site
from webui.errors import changed_meanwhile
from webui.formatting import format_day
from webui.plan_html import (
    new_outcome_fields,
    new_provision_fields,
    outcome_forms,
    plan_parts,
    reading_forms,
    review_fieldsets,
    session_forms,
)
from webui.vocabulary import PROGRESS_WORDS
from webui.wording import agency_name

blueprint = Blueprint("plans", __name__)
blueprint.add_app_template_global(plan_parts)
blueprint.add_app_template_global(outcome_forms)
blueprint.add_app_template_global(new_outcome_fields)
blueprint.add_app_template_global(review_fieldsets)
blueprint.add_app_template_global(session_forms)
blueprint.add_app_template_global(new_provision_fields)

OUTCOME_FIELDS = ("area", "text", "unit", "baseline_value", "baseline_on", "target_value", "target_on")
PROVISION_FIELDS = ("support", "sessions_per_week", "minutes_per_session", "starts_on", "ends_on")


@blueprint.app_template_filter("isoday")
def isoday(value: str) -> str:
    """A day kept as ISO text in an agreed version's snapshot, in words."""
    return format_day(date.fromisoformat(value))


# Reading the plan


@blueprint.route("/children/<int:child_id>/plan")
@login_required
def show(child_id: int):
    db, person, today = get_db(), current_person(), utcnow().date()
    return kept_pages.answer(
        lambda: _rendered_plan_page(child_id, today=today),
        again=lambda plan_id: plans.view_plan_again(db, person, child_id, plan_id),
        also=(today,),  # what is due or overdue is said of today
        also_now=lambda: (utcnow().date(),),
    )


@blueprint.route("/children/<int:child_id>/plan/print")
@login_required
def transition_pack(child_id: int):
    """The plan on paper, in plain words, for a relief teacher or a new school."""
    return _plan_page(child_id, printing=True)


@blueprint.route("/children/<int:child_id>/plan/versions")
@login_required
def versions(child_id: int):
    access, found = plan_versions.list_versions(get_db(), current_person(), child_id)
    return render_template("plan_versions.html", versions=found, child=access.child)


@blueprint.route("/plan-versions/<int:version_id>")
@login_required
def version(version_id: int):
    access, found = plan_versions.view_version(get_db(), current_person(), version_id)
    return render_template(
        "plan_version.html", version=found, child=access.child, snapshot=found.snapshot, **_words()
    )


# Writing the plan (the lead professional)


@blueprint.route("/children/<int:child_id>/plan", methods=["POST"])
@login_required
def start(child_id: int):
    data = {"parent_views": request.form["parent_views"]} if request.form.get("parent_views") else {}
    return _saved(
        child_id, "start", lambda: plans.create_plan(get_db(), current_person(), child_id, data, site=site()),
        _("The plan is started: add its targets, strategies and support."),
    )


@blueprint.route("/plans/<int:plan_id>", methods=["POST"])
@login_required
def update(plan_id: int):
    form = request.form
    data = {
        "needs": {area.value: form.get(f"needs_{area.value}", "") for area in AreaOfNeed},
        "child_views": form.get("child_views", ""),
        "parent_views": form.get("parent_views", ""),
    }
    return _saved_in_plan(
        plan_id, "plan",
        lambda db, person: plans.update_plan(db, person, plan_id, data, expected_version=_version(), site=site()),
        _("The plan is saved."),
    )


@blueprint.route("/plans/<int:plan_id>/outcomes", methods=["POST"])
@login_required
def add_outcome(plan_id: int):
    data = _outcome_input(request.form)
    return _saved_in_plan(
        plan_id, "new-outcome",
        lambda db, person: plans.add_outcome(db, person, plan_id, data, site=site()),
        _("The target is added to the plan."),
    )


@blueprint.route("/outcomes/<int:outcome_id>", methods=["POST"])
@login_required
def change_outcome(outcome_id: int):
    data = _outcome_input(request.form)
    return _saved_in_part(
        Outcome, outcome_id, f"outcome-{outcome_id}",
        lambda db, person: plans.change_outcome(
            db, person, outcome_id, data, expected_version=_version(), site=site()
        ),
        _("The target is changed."),
    )


@blueprint.route("/outcomes/<int:outcome_id>/remove", methods=["POST"])
@login_required
def remove_outcome(outcome_id: int):
    return _saved_in_part(
        Outcome, outcome_id, f"outcome-{outcome_id}",
        lambda db, person: plans.remove_outcome(db, person, outcome_id, site=site()),
        _("The target is taken out of the plan."),
    )


@blueprint.route("/outcomes/<int:outcome_id>/readings", methods=["POST"])
@login_required
def record_reading(outcome_id: int):
    form = request.form
    data = {"taken_on": form.get("taken_on", ""), "value": form.get("value", ""), "note": form.get("note", "")}
    return _saved_in_part(
        Outcome, outcome_id, f"reading-{outcome_id}",
        lambda db, person: plans.record_reading(db, person, outcome_id, data),
        _("The reading is saved."), anchor=f"outcome-{outcome_id}",
    )


@blueprint.route("/plans/<int:plan_id>/strategies", methods=["POST"])
@login_required
def add_strategy(plan_id: int):
    data = {"text": request.form.get("text", ""), "where": request.form.get("where", "")}
    return _saved_in_plan(
        plan_id, "new-strategy",
        lambda db, person: plans.add_strategy(db, person, plan_id, data, site=site()),
        _("The strategy is added to the plan."),
    )


@blueprint.route("/strategies/<int:strategy_id>/remove", methods=["POST"])
@login_required
def remove_strategy(strategy_id: int):
    return _saved_in_part(
        Strategy, strategy_id, "strategies",
        lambda db, person: plans.remove_strategy(db, person, strategy_id, site=site()),
        _("The strategy is taken out of the plan."),
    )


@blueprint.route("/plans/<int:plan_id>/provision", methods=["POST"])
@login_required
def add_provision(plan_id: int):
    form = request.form
    data = {name: form.get(name, "") for name in PROVISION_FIELDS}
    data["ends_on"] = data["ends_on"] or None
    data.update(_responsible(form, "person_id", "agency"))
    return _saved_in_plan(
        plan_id, "new-provision",
        lambda db, person: plans.add_provision(db, person, plan_id, data, site=site()),
        _("The support is added to the plan."),
    )


@blueprint.route("/provision/<int:provision_id>/remove", methods=["POST"])
@login_required
def remove_provision(provision_id: int):
    return _saved_in_part(
        Provision, provision_id, "provision",
        lambda db, person: plans.remove_provision(db, person, provision_id, site=site()),
        _("The support is taken out of the plan."),
    )


@blueprint.route("/provision/<int:provision_id>/sessions", methods=["POST"])
@login_required
def record_session(provision_id: int):
    form = request.form
    data = {
        "held_on": form.get("held_on", ""),
        "delivered": form.get("delivered", ""),
        "missed_reason": form.get("missed_reason", ""),
    }
    return _saved_in_part(
        Provision, provision_id, f"session-{provision_id}",
        lambda db, person: plans.record_session(db, person, provision_id, data),
        _("The session is in the delivery log."), anchor="provision",
    )


@blueprint.route("/plans/<int:plan_id>/agree", methods=["POST"])
@login_required
def agree(plan_id: int):
    return _saved_in_plan(
        plan_id, "agree",
        lambda db, person: plan_versions.agree_plan(db, person, plan_id, expected_version=_version(), site=site()),
        _("The plan is agreed; this version is kept in its history."),
    )


@blueprint.route("/plans/<int:plan_id>/review-date", methods=["POST"])
@login_required
def schedule_review(plan_id: int):
    data = {"due_on": request.form.get("due_on", "")}
    return _saved_in_plan(
        plan_id, "review-date",
        lambda db, person: reviews.schedule_review(db, person, plan_id, data, site=site()),
        _("The review date is set."),
    )


@blueprint.route("/plans/<int:plan_id>/review", methods=["POST"])
@login_required
def hold_review(plan_id: int):
    form = request.form
    # A target left unjudged is left out, so the service names it in plain words.
    judgements = [
        {
            "outcome_id": int(value),
            "judgement": form[f"judgement_{value}"],
            "comment": form.get(f"comment_{value}", ""),
        }
        for value in form.getlist("outcome_id")
        if value.isdecimal() and form.get(f"judgement_{value}")
    ]
    data = {"held_on": form.get("held_on") or None, "judgements": judgements, "summary": form.get("summary", "")}
    return _saved_in_plan(
        plan_id, "review",
        lambda db, person: reviews.hold_review(db, person, plan_id, data, site=site()),
        _("The review is recorded. Start the next plan from it when you are ready."),
    )


@blueprint.route("/plans/<int:plan_id>/next", methods=["POST"])
@login_required
def start_next(plan_id: int):
    data = {"review_due_on": request.form.get("review_due_on", "")}
    return _saved_in_plan(
        plan_id, "next",
        lambda db, person: reviews.start_next_plan(db, person, plan_id, data, site=site()),
        _("The next plan is started from the review, as a draft to agree."),
    )


# Helpers


def _plan_page(child_id: int, *, errors=None, failed_form: str = "", form=None, printing=False, status=200):
    html, _ = _rendered_plan_page(child_id, errors=errors, failed_form=failed_form, form=form, printing=printing)
    return html, status


def _rendered_plan_page(
    child_id: int, *, errors=None, failed_form: str = "", form=None, printing=False, today: date | None = None
) -> tuple[str, int | None]:
    """The page, and the plan it shows (what reading it again audits)."""
    db, person, today = get_db(), current_person(), today or utcnow().date()
    view = plans.view_plan(db, person, child_id, today=today)
    editing = view.access.can(Action.MANAGE_PLAN) and not printing
    members = plans.choosable_members(db, view.access) if editing else []
    charts = _charts(view.outcomes)
    reviews = [review for review in (view.next_review, view.last_review) if review is not None]
    attached = attachments.attached_to_reviews(db, view.access, [review.id for review in reviews])
    papers = [(review, attached[review.id]) for review in reviews]
    errors, form = errors or {}, form or MultiDict()
    html = render_template(
        "plan.html",
        view=view,
        printing=printing,
        child=view.access.child,
        charts=charts,
        how_often=plans.how_often,
        agencies=plugin_host().agencies,
        responsible=_responsible_choices(members) if editing else None,
        errors=errors,
        failed_form=failed_form,
        form=form,
        today=today,
        reading_forms=_reading_forms(view, errors, failed_form, form, today) if not printing else {},
        papers=papers,
        attachable=attachments.attachable(db, view.access) if papers and not printing else [],
        **_words(),
    )
    return html, view.plan.id if view.plan else None


@dataclass(frozen=True)
class _Choices:
    """Who a target or support can be given to, in words, as (value, words) for the forms' options."""

    people: list[tuple[str, str]]
    agencies: list[tuple[str, str]]


def _responsible_choices(members) -> _Choices:
    """The forms' choices of who is responsible, worded once a page: the lead's page has one for
    each target besides the new target's and the new support's."""
    role_title = current_app.jinja_env.filters["role_title"]
    return _Choices(
        people=[(f"person:{who.person_id}", f"{who.full_name} ({role_title(who.role)})") for who in members],
        agencies=[(f"agency:{code}", agency_name(code)) for code in plugin_host().agencies],
    )


def _reading_forms(view, errors, failed_form: str, form, today: date) -> dict:
    """Each target's form for a reading by its id, for a reader who may record them."""
    if not view.access.may_record_readings():
        return {}
    return reading_forms(
        view.outcomes,
        gettext=get_translations().ugettext,
        from_home=view.access.is_parent,
        csrf=generate_csrf(),
        url=lambda outcome_id: url_for("plans.record_reading", outcome_id=outcome_id),
        errors=errors,
        failed_form=failed_form,
        form=form,
        today=today,
    )


def _words() -> dict:
    """What the plan's forms offer to choose from."""
    return {"areas": list(AreaOfNeed), "places": list(StrategyPlace), "judgements": list(Judgement)}


def _charts(outcomes) -> dict:
    """Each outcome's chart by its id, with what the charts say alike looked up once a page."""
    words, gettext = chart_words(), get_translations().ugettext
    said = _SummaryWords(
        unread=gettext("Counted as %(unit)s: from %(baseline)s on %(since)s to %(target)s by %(by)s. No readings yet."),
        read=gettext(
            "Counted as %(unit)s: from %(baseline)s on %(since)s to %(target)s by %(by)s. "
            "Latest reading: %(latest)s on %(day)s (%(status)s)."
        ),
        statuses={item.status: str(PROGRESS_WORDS[item.status]).lower() for item in outcomes},
        day=lambda value: timefmt.day(value, words.zone, words.locale),
    )
    return {
        item.outcome.id: progress_chart(
            chart_id=f"outcome-{item.outcome.id}-chart",
            title=item.outcome.text,
            unit=item.outcome.unit,
            baseline=(item.outcome.baseline_on, item.outcome.baseline_value),
            target=(item.outcome.target_on, item.outcome.target_value),
            readings=[(reading.taken_on, reading.value) for reading in item.readings],
            summary=_summary(item, said),
            words=words,
        )
        for item in outcomes
    }


@dataclass(frozen=True)
class _SummaryWords:
    """The charts' text alternatives' sentences and words, in the page's language."""

    unread: str
    read: str
    statuses: dict
    day: Callable[[date], str]


def _summary(item, said: _SummaryWords) -> str:
    """The chart's text alternative: from where, to where, by when, and where the child is now.

    The unit is what a person typed ("times out of 5", "upsets a week"): it is named once,
    apart from the numbers, as no language can make typed words agree with a number.
    """
    outcome, latest = item.outcome, item.latest
    words = {
        "baseline": f"{outcome.baseline_value:g}",
        "target": f"{outcome.target_value:g}",
        "unit": outcome.unit,
        "since": said.day(outcome.baseline_on),
        "by": said.day(outcome.target_on),
    }
    if latest is None:
        return said.unread % words
    return said.read % {
        **words,
        "latest": f"{latest.value:g}",
        "day": said.day(latest.taken_on),
        "status": said.statuses[item.status],
    }


def _outcome_input(form) -> dict:
    """An outcome's form as the service's input: blanks left out, so SMART names what is missing."""
    data = {name: form[name] for name in OUTCOME_FIELDS if form.get(name, "").strip()}
    data.update(_responsible(form, "owner_id", "owner_agency"))
    return data


def _responsible(form, person_field: str, agency_field: str) -> dict:
    """Who is responsible: ``person:<id>`` for a member of the team, ``agency:<code>`` for an agency."""
    kind, _colon, value = form.get("responsible", "").partition(":")
    if kind == "person" and value.isdecimal():
        return {person_field: int(value), agency_field: None}
    if kind == "agency" and value:
        return {person_field: None, agency_field: value}
    return {}


def _version() -> int:
    value = request.form.get("version", "")
    if not value.isdecimal():
        raise InvalidInput({"version": ["Reload the plan and try again: the form is missing its version."]})
    return int(value)


def _saved(child_id: int, form_name: str, save, message: str, anchor: str = ""):
    try:
        save()
    except InvalidInput as error:
        return _plan_page(child_id, errors=error.errors, failed_form=form_name, form=request.form, status=400)
    except StaleVersion:
        return _plan_page(child_id, errors=changed_meanwhile(), failed_form=form_name, form=request.form, status=409)
    notify(message)
    return redirect(url_for("plans.show", child_id=child_id) + (f"#{anchor}" if anchor else ""))


def _saved_in_plan(plan_id: int, form_name: str, save, message: str):
    db, person = get_db(), current_person()
    access, _plan = plans.plan_for(db, person, plan_id)
    return _saved(access.child.id, form_name, lambda: save(db, person), message, anchor=form_name)


def _saved_in_part(model, part_id: int, form_name: str, save, message: str, anchor: str = ""):
    db, person = get_db(), current_person()
    access, _plan, _part = plans.part_of_plan(db, person, model, part_id)
    return _saved(access.child.id, form_name, lambda: save(db, person), message, anchor=anchor or form_name)
