"""A plugin's plain summary as an English reader reads it: what the plugins' tests compare."""

from core.timeline.assessment_templates import read_summary
from core.wording import English


def in_english(summary):
    return read_summary(summary, English())
