"""The plan page's parts repeated for each target, strategy and support, built in one pass of Python.

``plan.html`` drew it with three calls of the ``field`` macro and some ten expressions a
target, each a lookup and an escape through Jinja's runtime, for every target of every
page a parent or a teacher reads. Here it is one string, put together as the template laid
it out, whitespace and all, so the page is the same byte for byte; what goes into it is
escaped as autoescape escaped it (:func:`markupsafe.escape`), the page's sentences as
``_()`` gives them, markup with their values escaped into them.

:func:`plan_parts` does the same for what every reader reads of each target (its heading,
area, lead, status, chart and reading form), strategy and support (the table's rows, the
missed sessions): some forty filters and translations a page through Jinja's runtime,
here each word, filter and explanation called once as a plain function, through the
page's own filters so that every reader reads them in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial

from jinja2 import pass_context
from markupsafe import Markup, escape

from core.wording import N_
from webui.errors import reasons
from webui.wording import page_words

_SAID = {
    "add a reading": N_("Add a reading"),
    "from home": N_("from home"),
    "date": N_("Date"),
    "reading": N_("Reading (%(unit)s)"),
    "note": N_("Note (optional)"),
    "save": N_("Save the reading"),
}


def reading_forms(
    outcomes: list,
    *,
    gettext: Callable[[str], str],
    from_home: bool,
    csrf: str,
    url: Callable[[int], str],
    errors: Mapping,
    failed_form: str,
    form: Mapping,
    today: date,
) -> dict[int, Markup]:
    """Each outcome's form for a reading by the outcome's id, with the whitespace the template
    left around it; ``url`` gives where an outcome's readings are posted, ``errors`` and ``form``
    what a failed save of ``failed_form`` said and was given."""
    said = {key: Markup(gettext(message)) for key, message in _SAID.items()}
    summary = said["add a reading"] + (Markup(" ") + said["from home"] if from_home else "")
    csrf = escape(csrf)
    forms = {}
    for item in outcomes:
        outcome_id = item.outcome.id
        prefix = f"reading-{outcome_id}-"
        errs = errors if failed_form == f"reading-{outcome_id}" else {}
        fields = (
            _field(
                "taken_on", said["date"], errs, form.get("taken_on", "") if errs else today.isoformat(), "date", prefix
            ),
            _field(
                "value",
                said["reading"] % {"unit": item.outcome.unit},
                errs,
                form.get("value", "") if errs else "",
                "number",
                prefix,
                ' step="any"',
            ),
            _field("note", said["note"], errs, form.get("note", "") if errs else "", "text", prefix),
        )
        forms[outcome_id] = Markup(
            f'\n  \n  \n  <details class="no-print" {"open" if errs else ""}>'
            f"\n    <summary>{summary}</summary>"
            f'\n    <form method="post" action="{escape(url(outcome_id))}" class="stack">'
            f'\n      <input type="hidden" name="csrf_token" value="{csrf}">'
            f"\n      {fields[0]}\n      {fields[1]}\n      {fields[2]}"
            f'\n      <button type="submit" class="secondary">{said["save"]}</button>'
            "\n    </form>\n  </details>\n  "
        )
    return forms


def _field(name: str, label: Markup, errors: Mapping, value, kind: str, prefix: str, extra: str = "") -> str:
    """What macros.html's ``field`` writes for an input with ``extra`` attributes."""
    error_id = f"{prefix}{name}-error"
    problem = errors.get(name)
    shown = f'<p class="field-error" id="{error_id}">{escape(reasons(problem))}</p>' if problem else ""
    invalid = f'aria-invalid="true" aria-describedby="{error_id}"' if problem else ""
    return (
        f'\n<label for="{prefix}{name}">{label}</label>\n{shown}'
        f'\n<input id="{prefix}{name}" name="{name}" type="{kind}" value="{escape(value)}"'
        f"\n  {invalid}\n  {extra}>\n"
    )


_SAID_EACH = {
    "led by person": N_("led by %(person)s"),
    "led by agency": N_("led by %(agency)s"),
    "support": N_("Support"),
    "who": N_("Who"),
    "how often": N_("How often"),
    "delivered so far": N_("Delivered so far"),
    "from": N_("from %(day)s"),
    "to": N_("to %(day)s"),
    "none due": N_("None due yet"),
    "no support": N_("No support set out yet."),
    "missed sessions of": N_("Missed sessions of %(support)s:"),
}
_DELIVERED = (
    N_("%(delivered)s of %(num)s planned session (%(percent)s%%)"),
    N_("%(delivered)s of %(num)s planned sessions (%(percent)s%%)"),
)
_MISSED = (N_("%(num)d missed"), N_("%(num)d missed"))


@dataclass(frozen=True)
class PlanParts:
    """What ``plan.html`` writes of each part of the plan, by the part's id (the provision's
    table rows as one), whitespace as the template left it."""

    outcomes: dict[int, Markup]  # from <section ...> to the reading form
    strategies: dict[int, Markup]  # from <li> to the place
    provision_rows: Markup  # the table body's loop, its empty row included
    missed: dict[int, Markup]  # a support's missed sessions, "" without any


@pass_context
def plan_parts(
    context, view, charts: Mapping[int, Markup], forms: Mapping[int, Markup], agencies: Mapping, how_often: Callable
) -> PlanParts:
    """The parts of ``view`` (core.plans.content.PlanView) as ``plan.html`` laid them out,
    in the page's language; ``charts`` and ``forms`` are each target's chart and reading
    form, ``agencies`` the agencies named by their codes, ``how_often`` a support's sessions
    as words."""
    filters = context.environment.filters
    explain = partial(filters["explain"], context)
    in_words = {name: partial(filters[name], context) for name in ("area_of_need", "progress", "strategy_place")}
    in_reader = {name: partial(filters[name], context) for name in ("agency_name", "words")}
    agency_name, day = in_reader["agency_name"], partial(filters["day"], context)
    translations = page_words(context).translations
    said = {key: Markup(translations.ugettext(message)) for key, message in _SAID_EACH.items()}

    outcomes = {}
    for item in view.outcomes:
        outcome = item.outcome
        if outcome.owner:
            led = f" · {said['led by person'] % {'person': outcome.owner.full_name}}"
        elif outcome.owner_agency in agencies:
            led = f" · {said['led by agency'] % {'agency': agency_name(outcome.owner_agency)}}"
        else:
            led = ""
        status = item.status.value
        outcomes[outcome.id] = Markup(
            f'<section class="panel outcome" id="outcome-{outcome.id}" aria-labelledby="outcome-{outcome.id}-heading">'
            f'\n  <h3 id="outcome-{outcome.id}-heading" dir="auto">{explain(outcome.text)}</h3>'
            f'\n  <p class="meta">{explain(in_words["area_of_need"](outcome.area))}\n    {led}</p>'
            f'\n  <p><strong class="status status-{escape(status)}">{escape(in_words["progress"](status))}</strong></p>'
            f"\n  {charts[outcome.id]}\n  {forms.get(outcome.id, '')}"
        )
    strategies = {
        strategy.id: Markup(
            f"<li><bdi>{explain(strategy.text)}</bdi> "
            f'<span class="meta">· {escape(in_words["strategy_place"](strategy.where))}</span>'
        )
        for strategy in view.strategies
    }
    rows, missed = [], {}
    for row in view.provision:
        item, delivery = row.provision, row.delivery
        who = f"<bdi>{escape(item.person.full_name) if item.person else ''}</bdi>"
        if item.agency in agencies:
            who += f" ({escape(agency_name(item.agency))})"
        when = str(said["from"] % {"day": day(item.starts_on)})
        if item.ends_on:
            when += f" {said['to'] % {'day': day(item.ends_on)}}"
        if delivery.share is None:
            delivered = str(said["none due"])
        else:
            # the counts are whole numbers of sessions, as ngettext() takes them
            delivered = str(
                Markup(translations.ungettext(*_DELIVERED, delivery.planned))
                % {
                    "num": delivery.planned,
                    "delivered": delivery.delivered,
                    "percent": int(round(delivery.share * 100, 0)),
                }
            )
            if delivery.missed:
                delivered += f"; {Markup(translations.ungettext(*_MISSED, delivery.missed)) % {'num': delivery.missed}}"
        rows.append(
            f'\n  \n  <tr><td data-label="{said["support"]}"><bdi>{explain(item.support)}</bdi></td>'
            f'\n    <td data-label="{said["who"]}">{who}</td>'
            f'\n    <td data-label="{said["how often"]}">{escape(in_reader["words"](how_often(item)))}'
            f'<br><span class="meta">{when}</span></td>'
            f'\n    <td data-label="{said["delivered so far"]}">{delivered}</td></tr>\n  '
        )
        sessions = [session for session in item.sessions if not session.delivered]
        missed[item.id] = Markup(
            f'\n<p class="meta">{said["missed sessions of"] % {"support": item.support}}\n  '
            + "; ".join(f"{escape(day(session.held_on))} ({escape(session.missed_reason)})" for session in sessions)
            + "</p>\n"
            if sessions
            else ""
        )
    if not rows:
        rows.append(f'<tr><td colspan="4">{said["no support"]}</td></tr>')
    return PlanParts(outcomes, strategies, Markup("".join(rows)), missed)
