"""A plugin's own templates for showing its assessments on the timeline.

Every form's template extends ``_entry.html`` (kept here, shared by all plugins),
which shows the plain summary to everyone and the form as filled in to those the
access policy lets see it (:func:`core.access.sees_assessment_details`: all but parents);
the plugin's templates live at ``templates/<key, dot as slash>.html`` in its package
and handle every version of the form it still reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from core.access import sees_assessment_details
from core.contributions import AssessmentType, PlainSummary
from core.wording import Translator, Wording, render


def _day(iso: str) -> Markup:
    """An ISO date as a ``<time>`` element that reads like Friday 5 March 2027."""
    when = date.fromisoformat(iso)
    return Markup('<time datetime="{}">{}</time>').format(iso, f"{when:%A} {when.day} {when:%B %Y}")


def parent_summary(entry, assessment_type: AssessmentType | None, reader: Translator) -> PlainSummary | None:
    """What the family reads of an assessment, in ``reader``'s language: the summary its
    author edited before saving (as typed), else the one its plugin makes of the form (None
    when no plugin reads the form any more)."""
    if entry.parent_summary:
        return PlainSummary(**entry.parent_summary)
    if assessment_type is None or entry.payload_version not in assessment_type.schemas:
        return None
    return read_summary(assessment_type.summarise(entry.payload, entry.payload_version), reader)


def read_summary(summary: PlainSummary, reader: Translator) -> PlainSummary:
    """A summary a plugin generated, its words from the plugin's catalogue (``reader.plugin``)
    in the reader's language; a part that is no message is what a person typed."""
    return PlainSummary(**{part.name: _read(getattr(summary, part.name), reader) for part in fields(summary)})


def _read(said: Wording | str, reader: Translator) -> str:
    return render(said, reader, reader.plugin) if isinstance(said, Wording) else said


class AssessmentTemplates:
    """Renders one plugin's assessment entries; build one per plugin, at import."""

    def __init__(self, package: str, assessment_types: Iterable[AssessmentType], **template_globals: Any):
        self.ours = {assessment_type.key: assessment_type for assessment_type in assessment_types}
        self.environment = Environment(
            loader=ChoiceLoader([PackageLoader(package), PackageLoader("core", "templates")]),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.filters["day"] = _day
        self.environment.globals.update(template_globals)

    def assessment_type_of(self, entry) -> AssessmentType | None:
        """The form ``entry`` was saved as, when it is ours in a version still read; else None."""
        assessment_type = self.ours.get(entry.payload_schema)
        if assessment_type is None or entry.payload_version not in assessment_type.schemas or not entry.payload:
            return None
        return assessment_type

    def render(self, entry, viewer, reader: Translator) -> Markup | None:
        """The entry as HTML for ``viewer``, in ``reader``'s language (the summary, the
        headings), or None to leave it to another renderer."""
        assessment_type = self.assessment_type_of(entry)
        if assessment_type is None:
            return None
        template = self.environment.get_template(f"{assessment_type.key.replace('.', '/')}.html")
        return Markup(
            template.render(
                payload=entry.payload,
                version=entry.payload_version,
                summary=parent_summary(entry, assessment_type, reader),
                details=sees_assessment_details(viewer),
                _=lambda message: reader.gettext(None, message),
            )
        )
