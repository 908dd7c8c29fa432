"""Showing speech and language therapy's forms on a child's timeline, through this plugin's own templates."""

from core import AssessmentTemplates

from .assessments import ASSESSMENT_TYPES, SETTINGS

# The settings are told in the summary's words: "at the clinic", "on a video call".
TEMPLATES = AssessmentTemplates(__package__, ASSESSMENT_TYPES, settings=SETTINGS)
