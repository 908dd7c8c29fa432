"""The core's own hook implementations: fallbacks that plugins can override.

They are the core's behaviour, not a plugin's (telling people of a new entry, showing
an entry whose plugin is gone), so they are always registered and cannot be disabled.
"""

from __future__ import annotations

from markupsafe import Markup

from core.access import sees_assessment_details
from core.cases.timescales import ENGLAND
from core.hookspecs import hookimpl
from core.messaging import notifications
from core.timeline.assessment_templates import parent_summary
from core.wording import N_, Wording, render

_SUMMARY_HEADINGS = (N_("What was looked at"), N_("What was found"), N_("What happens next"))
_ASK_THE_AUTHOR = N_("The details are kept safely. Ask %(person)s to go through them with you.")


@hookimpl(trylast=True)
def render_timeline_entry(entry, viewer, assessment_type, reader):
    """Show any entry's recorded form, even one whose plugin is disabled or uninstalled.

    With its plugin present, an assessment shows the plugin's plain summary (or the
    one its author edited, which shows even without the plugin); without either,
    professionals see its recorded fields as they were saved, and
    parents, who would otherwise get scores and codes with nothing to explain them,
    are told whom to ask. (The page shows the entry's title, author and words itself.)
    """
    if not entry.payload:
        return Markup("")
    summary = parent_summary(entry, assessment_type, reader)
    if summary is not None:
        parts = zip(_SUMMARY_HEADINGS, (summary.measured, summary.found, summary.next_steps), strict=True)
        rows = Markup("").join(
            Markup("<dt>{}</dt><dd>{}</dd>").format(reader.gettext(None, heading), said) for heading, said in parts
        )
        return Markup('<dl class="summary">{}</dl>').format(rows)
    if not sees_assessment_details(viewer):
        return Markup('<p class="payload-kept">{}</p>').format(
            render(Wording(_ASK_THE_AUTHOR, {"person": entry.author.full_name}), reader)
        )
    rows = Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(key.replace("_", " "), _plain(value))
        for key, value in entry.payload.items()
    )
    return Markup('<dl class="payload">{}</dl>').format(rows)


def _plain(value):
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {_plain(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(str(_plain(item)) for item in value)
    return str(value)


@hookimpl(trylast=True)
def assessment_form_template(assessment_type):
    """Record any assessment in the web UI's form built from its schema, unless its plugin has its own."""
    return "assessment_form.html"


@hookimpl
def timeline_entry_posted(entry, db, zone):
    """Tell everyone who may read a new entry that it is there."""
    notifications.about_entry(db, entry, zone=zone)


@hookimpl(trylast=True)
def ehc_timescales():
    """England's timescales, unless a plugin gives another nation's."""
    return ENGLAND
