"""Speech and language therapy (SLT)."""

from core import N_, Agency, ReferralQuestion, Role, hookimpl

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


# What a therapist asks before seeing a child: a child learning two languages is not
# delayed for that, and a hearing loss explains much before therapy does.
REFERRAL_QUESTIONS = (
    ReferralQuestion(key="languages", text=N_("Which languages does the child hear and speak at home?"), required=True),
    ReferralQuestion(key="hearing", text=N_("Has the child's hearing been tested? When, and what was found?")),
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


@hookimpl
def referral_questions(agency):
    return list(REFERRAL_QUESTIONS) if agency == AGENCY.code else None
