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

from flask import url_for
from jinja2 import pass_context
from markupsafe import Markup, escape

from core.wording import N_, Nn_
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
_DELIVERED = Nn_(
    "%(delivered)s of %(num)s planned session (%(percent)s%%)",
    "%(delivered)s of %(num)s planned sessions (%(percent)s%%)",
)
_MISSED = Nn_("%(num)d missed", "%(num)d missed")


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


_SAID_BY_THE_LEAD = {
    "change": N_("Change this target"),
    "save": N_("Save the target"),
    "take out": N_("Take this target out of the plan"),
    "smart": N_(
        "A SMART target says what the child will do, how it is counted, where they are now, where they will be, "
        "and by when."
    ),
    "area": N_("Area of need"),
    "text": N_("What the child will do"),
    "unit": N_("How it is counted (for example: times out of 5, words read in a minute)"),
    "baseline_value": N_("Where the child is now"),
    "baseline_on": N_("Measured on"),
    "target_value": N_("The target"),
    "target_on": N_("To be met by"),
    "who leads": N_("Who leads on it"),
    "choose": N_("Choose someone"),
    "a person": N_("A person in the team"),
    "an agency": N_("An agency"),
}
_OUTCOME_INPUTS = (
    ("text", "text", ""),
    ("unit", "text", ""),
    ("baseline_value", "number", ' step="any"'),
    ("baseline_on", "date", ""),
    ("target_value", "number", ' step="any"'),
    ("target_on", "date", ""),
)


@pass_context
def outcome_forms(
    context,
    outcomes: list,
    areas: list,
    responsible,
    *,
    csrf: str,
    errors: Mapping,
    failed_form: str,
    form: Mapping,
) -> dict[int, Markup]:
    """Each target's form for the lead to change it or take it out, by the target's id, as
    ``plan.html`` laid it out after its ``if``; ``responsible`` holds the choices of who leads
    it (webui.plans._Choices), ``errors`` and ``form`` what a failed save of ``failed_form`` said
    and was given."""
    said = {key: Markup(message) for key, message in _lead_words(context).items()}
    area_of_need = partial(context.environment.filters["area_of_need"], context)
    area_words = [(escape(area.value), escape(area_of_need(area))) for area in areas]
    csrf = escape(csrf)
    forms = {}
    for item in outcomes:
        outcome = item.outcome
        prefix = f"outcome-{outcome.id}-"
        errs = errors if failed_form == f"outcome-{outcome.id}" else {}
        if errs:
            values = _typed_outcome(form)
        else:
            values = {
                "area": outcome.area.value,
                "text": outcome.text,
                "unit": outcome.unit,
                "baseline_value": f"{outcome.baseline_value:g}",
                "baseline_on": outcome.baseline_on.isoformat(),
                "target_value": f"{outcome.target_value:g}",
                "target_on": outcome.target_on.isoformat(),
                "responsible": f"person:{outcome.owner_id}" if outcome.owner_id else f"agency:{outcome.owner_agency}",
            }
        changed = (
            f'<p class="field-error" id="{prefix}version" tabindex="-1">{escape(reasons(errs["version"]))}</p>'
            if errs.get("version")
            else ""
        )
        fields = _outcome_fields(prefix, values, errs, said, area_words, responsible)
        change = escape(url_for("plans.change_outcome", outcome_id=outcome.id))
        remove = escape(url_for("plans.remove_outcome", outcome_id=outcome.id))
        forms[outcome.id] = Markup(
            f'\n  \n  \n  \n  <details class="no-print" {"open" if errs else ""}>'
            f"\n    <summary>{said['change']}</summary>"
            f'\n    <form method="post" action="{change}" class="stack">'
            f'\n      <input type="hidden" name="csrf_token" value="{csrf}">'
            f'\n      <input type="hidden" name="version" value="{outcome.version}">'
            f"\n      {changed}\n      {fields}"
            f'\n      <button type="submit">{said["save"]}</button>\n    </form>'
            f'\n    <form method="post" action="{remove}">'
            f'\n      <input type="hidden" name="csrf_token" value="{csrf}">'
            f'\n      <button type="submit" class="secondary">{said["take out"]}</button>\n    </form>\n  </details>'
        )
    return forms


@pass_context
def new_outcome_fields(
    context, areas: list, responsible, *, errors: Mapping, failed_form: str, form: Mapping
) -> Markup:
    """The fields of the lead's form for a new target, as ``plan.html`` laid them out, with
    what a failed save of it was given and said."""
    said = {key: Markup(message) for key, message in _lead_words(context).items()}
    area_of_need = partial(context.environment.filters["area_of_need"], context)
    area_words = [(escape(area.value), escape(area_of_need(area))) for area in areas]
    errs = errors if failed_form == "new-outcome" else {}
    values = _typed_outcome(form if errs else {})
    return Markup(_outcome_fields("new-outcome-", values, errs, said, area_words, responsible))


def _lead_words(context) -> dict[str, str]:
    translations = page_words(context).translations
    return {key: translations.ugettext(message) for key, message in _SAID_BY_THE_LEAD.items()}


def _typed_outcome(form: Mapping) -> dict:
    """A target's form's values as typed, "" for a text or a day left out, None for a number."""
    values = {name: form.get(name) for name in ("area", "responsible", *(name for name, *_ in _OUTCOME_INPUTS))}
    values["text"], values["unit"] = values["text"] or "", values["unit"] or ""
    values["baseline_on"], values["target_on"] = values["baseline_on"] or "", values["target_on"] or ""
    return values


def _outcome_fields(prefix: str, values: Mapping, errs: Mapping, said: Mapping, area_words: list, responsible) -> str:
    """What plan.html's ``outcome_fields`` macro wrote: a target's fields holding ``values``."""
    options = "".join(
        f'<option value="{value}" {"selected" if values["area"] == value else ""}>{words}</option>'
        for value, words in area_words
    )
    inputs = "\n".join(
        _field(name, said[name], errs, "" if values[name] is None else values[name], kind, prefix, extra)
        for name, kind, extra in _OUTCOME_INPUTS
    )
    return (
        f'\n<p class="meta" id="{prefix}_schema">{said["smart"]}</p>\n{_field_errors("_schema", prefix, errs)}'
        f'\n<label for="{prefix}area">{said["area"]}</label>\n{_field_errors("area", prefix, errs)}'
        f'\n<select id="{prefix}area" name="area">{options}</select>\n{inputs}'
        f"\n{_responsible_select(prefix, 'owner_id', said, errs, values['responsible'], responsible)}\n"
    )


@pass_context
def review_fieldsets(
    context, outcomes: list, judgements: list, *, errors: Mapping, failed_form: str, form: Mapping
) -> Markup:
    """The review form's fieldset for each target: how far it was met, and a comment, with
    what a failed save of the review was given."""
    filters = context.environment.filters
    progress, judgement_words = partial(filters["progress"], context), partial(filters["judgement"], context)
    comment = Markup(page_words(context).translations.ugettext(N_("Comment")))
    errs = errors if failed_form == "review" else {}
    choices = [(escape(judgement.value), escape(judgement_words(judgement))) for judgement in judgements]
    statuses: dict = {}
    parts = []
    for item in outcomes:
        outcome_id, status = item.outcome.id, item.status.value
        if status not in statuses:
            statuses[status] = escape(progress(status))
        chosen = form.get(f"judgement_{outcome_id}") if errs else None
        radios = "".join(
            f'<label><input type="radio" name="judgement_{outcome_id}" value="{value}" '
            f"{'checked' if errs and chosen == value else ''}> {words}</label>"
            for value, words in choices
        )
        typed = escape(form.get(f"comment_{outcome_id}", "")) if errs else ""
        parts.append(
            f'\n      \n      <input type="hidden" name="outcome_id" value="{outcome_id}">'
            f"\n      <fieldset><legend>{escape(item.outcome.text)} "
            f'<span class="meta">({statuses[status]})</span></legend>'
            f"\n        {radios}"
            f'\n        <label for="review-comment_{outcome_id}">{comment}</label>'
            f'\n        <input id="review-comment_{outcome_id}" name="comment_{outcome_id}" value="{typed}">'
            "\n      </fieldset>\n      "
        )
    return Markup("".join(parts))


_SAID_OF_SUPPORT = {
    "log": N_("Log a session: %(support)s"),
    "day": N_("Day of the session"),
    "happened": N_("Did it happen?"),
    "delivered": N_("Yes, delivered"),
    "missed": N_("No, missed"),
    "why": N_("If missed, why"),
    "add": N_("Add to the delivery log"),
    "take out": N_("Take this support out of the plan"),
}


@pass_context
def session_forms(
    context, view, *, editing: bool, csrf: str, errors: Mapping, failed_form: str, form: Mapping, today: date
) -> dict[int, Markup]:
    """The form to log a session of each support, by the support's id, for a reader who logs
    its sessions ("" for another), and the lead's button to take it out, as ``plan.html`` laid
    them out after its ``if``, with what a failed save of ``failed_form`` was given and said."""
    translations = page_words(context).translations
    said = {key: Markup(translations.ugettext(message)) for key, message in _SAID_OF_SUPPORT.items()}
    csrf = escape(csrf)
    removing = (
        f'\n  <form method="post" action="{{url}}">\n    <input type="hidden" name="csrf_token" value="{csrf}">'
        f'\n    <button type="submit" class="secondary">{said["take out"]}</button>\n  </form>\n  '
    )
    forms = {}
    for row in view.provision:
        item = row.provision
        if not view.access.may_log_sessions(item):
            forms[item.id] = ""
            continue
        prefix = f"session-{item.id}-"
        errs = errors if failed_form == f"session-{item.id}" else {}
        typed = form.get("delivered") if errs else None
        held_on = _field(
            "held_on", said["day"], errs, form.get("held_on", "") if errs else today.isoformat(), "date", prefix
        )
        reason = _field(
            "missed_reason", said["why"], errs, form.get("missed_reason", "") if errs else "", "text", prefix
        )
        record = escape(url_for("plans.record_session", provision_id=item.id))
        remove = (
            removing.replace("{url}", escape(url_for("plans.remove_provision", provision_id=item.id)))
            if editing
            else ""
        )
        forms[item.id] = Markup(
            f'\n\n\n<details class="no-print" {"open" if errs else ""}>'
            f"\n  <summary>{said['log'] % {'support': item.support}}</summary>"
            f'\n  <form method="post" action="{record}" class="stack">'
            f'\n    <input type="hidden" name="csrf_token" value="{csrf}">'
            f"\n    {held_on}"
            f'\n    <fieldset id="{prefix}delivered"><legend>{said["happened"]}</legend>'
            f"\n      {_field_errors('delivered', prefix, errs)}"
            f'\n      <label><input type="radio" name="delivered" value="true" '
            f"{'checked' if not errs or typed == 'true' else ''}> {said['delivered']}</label>"
            f'\n      <label><input type="radio" name="delivered" value="false" '
            f"{'checked' if errs and typed == 'false' else ''}> {said['missed']}</label>"
            "\n    </fieldset>"
            f"\n    {reason}"
            f'\n    <button type="submit" class="secondary">{said["add"]}</button>\n  </form>'
            f"\n  {remove}\n</details>\n"
        )
    return forms


_SAID_OF_NEW_SUPPORT = {
    "support": N_("What support"),
    "who": N_("Who delivers it"),
    "sessions_per_week": N_("Sessions a week (0.5 for once a fortnight)"),
    "minutes_per_session": N_("Minutes a session"),
    "starts_on": N_("From"),
    "ends_on": N_("Until (optional)"),
}


@pass_context
def new_provision_fields(
    context, responsible, *, errors: Mapping, failed_form: str, form: Mapping, today: date
) -> Markup:
    """The fields of the lead's form for new support, as ``plan.html`` laid them out one under
    another, with what a failed save of it was given and said."""
    translations = page_words(context).translations
    said = {key: Markup(translations.ugettext(message)) for key, message in _SAID_OF_NEW_SUPPORT.items()}
    chooser = {
        key: Markup(translations.ugettext(_SAID_BY_THE_LEAD[key])) for key in ("choose", "a person", "an agency")
    }
    prefix, errs = "new-provision-", errors if failed_form == "new-provision" else {}

    def typed(name: str, otherwise: str = "") -> str:
        return form.get(name, "") if errs else otherwise

    fields = (
        _field("support", said["support"], errs, typed("support"), "text", prefix),
        _responsible_select(
            prefix, "person_id", {**chooser, "who leads": said["who"]}, errs, typed("responsible"), responsible
        ),
        _field(
            "sessions_per_week",
            said["sessions_per_week"],
            errs,
            typed("sessions_per_week"),
            "number",
            prefix,
            ' step="any" min="0"',
        ),
        _field(
            "minutes_per_session",
            said["minutes_per_session"],
            errs,
            typed("minutes_per_session"),
            "number",
            prefix,
            ' min="1"',
        ),
        _field("starts_on", said["starts_on"], errs, typed("starts_on", today.isoformat()), "date", prefix),
        _field("ends_on", said["ends_on"], errs, typed("ends_on"), "date", prefix),
    )
    return Markup("\n    ".join(fields))


def _field_errors(name: str, prefix: str, errors: Mapping) -> str:
    """What plan.html's ``field_errors`` writes: the reasons as the core gave them."""
    problem = errors.get(name)
    return (
        f'<p class="field-error" id="{prefix}{name}-error">{escape(" ".join(map(str, problem)))}</p>' if problem else ""
    )


def _responsible_select(prefix: str, name: str, said: Mapping, errors: Mapping, chosen, choices) -> str:
    """What plan.html's ``responsible_select`` writes for who leads a target."""
    invalid = f'aria-invalid="true" aria-describedby="{prefix}{name}-error"' if errors.get(name) else ""
    people, agencies = (
        "".join(
            f'<option value="{escape(value)}" {"selected" if chosen == value else ""}>{escape(shown)}</option>'
            for value, shown in group
        )
        for group in (choices.people, choices.agencies)
    )
    return (
        f'\n<label for="{prefix}{name}">{said["who leads"]}</label>\n{_field_errors(name, prefix, errors)}'
        f'\n<select id="{prefix}{name}" name="responsible" {invalid}>'
        f'\n  <option value="">{said["choose"]}</option>'
        f'\n  <optgroup label="{said["a person"]}">\n    {people}\n  </optgroup>'
        f'\n  <optgroup label="{said["an agency"]}">\n    {agencies}\n  </optgroup>\n</select>\n'
    )
