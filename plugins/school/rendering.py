"""Showing the school's forms on a child's timeline, through this plugin's own templates."""

from core import AssessmentTemplates

from .assessments import ASSESSMENT_TYPES, PERSISTENT_ABSENCE_AT_OR_BELOW

# Professionals see persistent absence marked by the same rule the parents' summary uses.
TEMPLATES = AssessmentTemplates(
    __package__, ASSESSMENT_TYPES, persistent_absence_at_or_below=PERSISTENT_ABSENCE_AT_OR_BELOW
)
