"""Educational psychology: the EP's consultations with the team around a child."""

from core import N_, Agency, AssessmentTemplates, Role, hookimpl, rota_slots

from .assessments import ASSESSMENT_TYPES
from .glossary import GLOSSARY

AGENCY = Agency(
    code="educational_psychology",
    name=N_("Educational psychology"),
    roles=(
        Role(
            code="educational_psychologist",
            title=N_("Educational psychologist"),
            plain=N_("Works out with you and school how your child learns best, and what would help."),
        ),
        Role(
            code="assistant_psychologist", title=N_("Assistant psychologist"), plain=N_("Works with the psychologist.")
        ),
    ),
    retention_years=25,
)
SLOTS_SETTING = "TEAMAROUND_EDUCATIONAL_PSYCHOLOGY_SLOTS"
TEMPLATES = AssessmentTemplates(__package__, ASSESSMENT_TYPES)


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
def availability_slots(person, start, end, zone):
    return rota_slots(person, start, end, setting=SLOTS_SETTING, agency=AGENCY.code, zone=zone)


@hookimpl
def render_timeline_entry(entry, viewer, reader):
    return TEMPLATES.render(entry, viewer, reader)
