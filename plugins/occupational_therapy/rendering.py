"""Showing occupational therapy's forms on a child's timeline, through this plugin's own templates."""

from core import AssessmentTemplates

from .assessments import ASSESSMENT_TYPES

TEMPLATES = AssessmentTemplates(__package__, ASSESSMENT_TYPES)
