"""Educational psychology: the EP's consultations with the team around a child."""

from core import N_, Agency, AssessmentTemplates, ReferralQuestion, Role, hookimpl, rota_slots

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


# A psychologist's time is scarce: they ask what school has found and tried itself first.
REFERRAL_QUESTIONS = (
    ReferralQuestion(
        key="school_assessments",
        text=N_("What did the school's own assessments find?"),
        hint=N_("Reading, spelling, number and memory: the tests and their scores."),
        required=True,
    ),
    ReferralQuestion(key="ehc_request", text=N_("Is the school or the family asking for an EHC needs assessment?")),
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
def availability_slots(person, start, end, zone):
    return rota_slots(person, start, end, setting=SLOTS_SETTING, agency=AGENCY.code, zone=zone)


@hookimpl
def render_timeline_entry(entry, viewer, reader):
    return TEMPLATES.render(entry, viewer, reader)


@hookimpl
def referral_questions(agency):
    return list(REFERRAL_QUESTIONS) if agency == AGENCY.code else None
