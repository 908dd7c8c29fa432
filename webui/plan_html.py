"""The plan page's form for a reading of each target, built in one pass of Python.

``plan.html`` drew it with three calls of the ``field`` macro and some ten expressions a
target, each a lookup and an escape through Jinja's runtime, for every target of every
page a parent or a teacher reads. Here it is one string, put together as the template laid
it out, whitespace and all, so the page is the same byte for byte; what goes into it is
escaped as autoescape escaped it (:func:`markupsafe.escape`), the page's sentences as
``_()`` gives them, markup with their values escaped into them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from markupsafe import Markup, escape

from core.wording import N_
from webui.errors import reasons

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
