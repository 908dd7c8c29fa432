"""Social care: social workers, early help and family support."""

from core import N_, Agency, Role, hookimpl, rota_slots

from .assessments import ASSESSMENT_TYPES
from .glossary import GLOSSARY
from .rendering import TEMPLATES

# No retention_years: a looked-after child's file is kept to the 75th birthday, other
# children's records for far less, and one number per agency cannot say both.
AGENCY = Agency(
    code="social_care",
    name=N_("Social care"),
    roles=(
        Role(
            code="social_worker",
            title=N_("Social worker"),
            plain=N_("Works with families to keep children safe and well."),
        ),
        Role(
            code="family_support_worker",
            title=N_("Family support worker"),
            plain=N_("Gives practical help to the family at home."),
        ),
        Role(
            code="early_help_practitioner",
            title=N_("Early help practitioner"),
            plain=N_("Works with the family early on, before problems grow, and often leads the family's support."),
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


# Social workers' regular times for meetings in school, offered as meeting times:
# a weekly rota kept in TEAMAROUND_SOCIAL_CARE_VISITS (JSON keyed by e-mail; see core.rota_slots).
ROTA_SETTING = "TEAMAROUND_SOCIAL_CARE_VISITS"


@hookimpl
def availability_slots(person, start, end, zone):
    return rota_slots(person, start, end, setting=ROTA_SETTING, agency=AGENCY.code, zone=zone)
