"""The school: the SENCO, class teachers and teaching assistants around the child."""

from core import N_, Agency, Role, hookimpl, rota_slots

from .assessments import ASSESSMENT_TYPES
from .glossary import GLOSSARY
from .rendering import TEMPLATES

AGENCY = Agency(
    code="school",
    name=N_("School"),
    # A pupil's SEN file is kept to the 31st birthday (IRMS toolkit for schools).
    retention_years=31,
    roles=(
        Role(
            code="senco",
            title=N_("SENCO"),
            plain=N_("The teacher who coordinates support for children with special needs."),
        ),
        Role(code="class_teacher", title=N_("Class teacher"), plain=N_("Teaches your child's class every day.")),
        Role(
            code="teaching_assistant",
            title=N_("Teaching assistant"),
            plain=N_("Supports your child in class and in small groups."),
        ),
        Role(code="head_teacher", title=N_("Head teacher"), plain=N_("Leads the school.")),
        Role(
            code="designated_safeguarding_lead",
            title=N_("Designated safeguarding lead"),
            plain=N_("The member of staff who deals with any worry about a child's safety."),
        ),
        Role(
            code="pastoral_lead",
            title=N_("Pastoral lead"),
            plain=N_("Looks after children's wellbeing, feelings and friendships in school."),
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


# The SENCO's and teachers' regular times for meeting families, offered as meeting times:
# a weekly rota kept in TEAMAROUND_SCHOOL_MEETING_TIMES (JSON keyed by e-mail; see core.rota_slots).
ROTA_SETTING = "TEAMAROUND_SCHOOL_MEETING_TIMES"


@hookimpl
def availability_slots(person, start, end, zone):
    return rota_slots(person, start, end, setting=ROTA_SETTING, agency=AGENCY.code, zone=zone)
