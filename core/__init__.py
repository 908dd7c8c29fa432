"""Teamaround's core, and the names a plugin author imports.

Plugins import from here only (``from core import hookimpl, Agency``); the core's
own modules import each other directly, never through this facade.
"""

from core.cases.timescales import ENGLAND, Timescale, Timescales
from core.contributions import (
    Agency,
    AssessmentType,
    GlossaryTerm,
    OfferedSlot,
    PlainSummary,
    ReferralQuestion,
    Role,
)
from core.hookspecs import hookimpl
from core.meetings.rota import rota_slots, weekly_times
from core.models import AreaOfNeed, EntryKind, Person, TimelineEntry, Visibility
from core.timeline.assessment_templates import AssessmentTemplates
from core.wording import N_, Nn_, Wording, day, items, sentences, words

__all__ = [
    "AssessmentTemplates",
    "N_",
    "Nn_",
    "Agency",
    "AreaOfNeed",
    "AssessmentType",
    "ENGLAND",
    "EntryKind",
    "GlossaryTerm",
    "OfferedSlot",
    "Person",
    "PlainSummary",
    "ReferralQuestion",
    "Role",
    "TimelineEntry",
    "Timescale",
    "Timescales",
    "Visibility",
    "Wording",
    "day",
    "hookimpl",
    "items",
    "rota_slots",
    "sentences",
    "weekly_times",
    "words",
]
