"""Speech and language therapy (SLT)."""

from core import N_, Agency, Role, hookimpl

from .assessments import ASSESSMENT_TYPES
from .glossary import GLOSSARY
from .rendering import TEMPLATES
from .visits import visit_slots

AGENCY = Agency(
    code="speech_language",
    name=N_("Speech and language therapy"),
    # Part of the NHS: children's records are kept to the 25th birthday.
    retention_years=25,
    roles=(
        Role(
            code="speech_language_therapist",
            title=N_("Speech and language therapist"),
            plain=N_("Helps children understand words, talk and get on with others."),
        ),
        Role(
            code="slt_assistant",
            title=N_("Speech and language therapy assistant"),
            plain=N_("Runs the therapist's activities with your child."),
        ),
    ),
)


@hookimpl
def register_agencies():
    return [AGENCY]


@hookimpl
def register_assessment_types():
    return ASSESSMENT_TYPES


@hookimpl
def register_glossary_terms():
    return GLOSSARY


@hookimpl
def render_timeline_entry(entry, viewer, reader):
    return TEMPLATES.render(entry, viewer, reader)


@hookimpl
def availability_slots(person, start, end, zone):
    return visit_slots(person, start, end, zone)
