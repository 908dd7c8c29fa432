"""Health: paediatricians, school nurses and health visitors."""

from core import N_, Agency, ReferralQuestion, Role, hookimpl, rota_slots

from .assessments import ASSESSMENT_TYPES
from .glossary import GLOSSARY
from .rendering import TEMPLATES

AGENCY = Agency(
    code="health",
    name=N_("Health"),
    # NHS children's records are kept to the 25th birthday (Records Management Code of Practice).
    retention_years=25,
    roles=(
        Role(code="paediatrician", title=N_("Paediatrician"), plain=N_("A doctor who specialises in children.")),
        Role(
            code="school_nurse",
            title=N_("School nurse"),
            plain=N_("A nurse who looks after children's health in school."),
        ),
        Role(
            code="health_visitor",
            title=N_("Health visitor"),
            plain=N_("A nurse who supports families with young children."),
        ),
        Role(
            code="community_nurse",
            title=N_("Children's community nurse"),
            plain=N_("A nurse who cares for children with complex health needs at home and in school."),
        ),
        Role(
            code="clinical_psychologist",
            title=N_("Clinical psychologist"),
            plain=N_("Helps children and families with feelings, behaviour and how a child thinks and learns."),
        ),
    ),
)


# A paediatrician asks what the family's doctor knows and what the child already takes.
REFERRAL_QUESTIONS = (
    ReferralQuestion(key="gp_knows", text=N_("Does the family's GP know about the concern?"), required=True),
    ReferralQuestion(key="medicines", text=N_("Does the child take any medicines? Which, and how much?")),
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


# School nurses' drop-in clinics and paediatricians' school sessions, offered as meeting times:
# a weekly rota kept in TEAMAROUND_HEALTH_CLINICS (JSON keyed by e-mail; see core.rota_slots).
ROTA_SETTING = "TEAMAROUND_HEALTH_CLINICS"


@hookimpl
def availability_slots(person, start, end, zone):
    return rota_slots(person, start, end, setting=ROTA_SETTING, agency=AGENCY.code, zone=zone)


@hookimpl
def referral_questions(agency):
    return list(REFERRAL_QUESTIONS) if agency == AGENCY.code else None
