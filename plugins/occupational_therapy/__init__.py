"""Occupational therapy (OT)."""

from flask import Blueprint

from core import N_, Agency, Role, hookimpl, rota_slots

from .assessments import ASSESSMENT_TYPES, SENSORY_PROFILE
from .glossary import GLOSSARY
from .rendering import TEMPLATES

AGENCY = Agency(
    code="occupational_therapy",
    name=N_("Occupational therapy"),
    # Usually an NHS service: children's records are kept to the 25th birthday.
    retention_years=25,
    roles=(
        Role(
            code="occupational_therapist",
            title=N_("Occupational therapist"),
            plain=N_(
                "Helps children with everyday skills: movement, handwriting, dressing, coping with noise and touch."
            ),
        ),
        Role(
            code="ot_assistant",
            title=N_("Occupational therapy assistant"),
            plain=N_("Runs the therapist's programme of activities with your child."),
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


# The sensory profile has a form of its own, a choice per sense; the other forms use the
# generic one. The blueprint serves no pages: it puts this plugin's templates in the web app's reach.
BLUEPRINT = Blueprint("occupational_therapy", __name__, template_folder="templates")
FORM_TEMPLATES = {SENSORY_PROFILE.key: "occupational_therapy/sensory_profile_form.html"}


@hookimpl
def register_blueprints():
    return [BLUEPRINT]


@hookimpl
def assessment_form_template(assessment_type):
    return FORM_TEMPLATES.get(assessment_type.key)


# Occupational therapists' school visits, offered as meeting times:
# a weekly rota kept in TEAMAROUND_OCCUPATIONAL_THERAPY_VISITS (JSON keyed by e-mail; see core.rota_slots).
ROTA_SETTING = "TEAMAROUND_OCCUPATIONAL_THERAPY_VISITS"


@hookimpl
def availability_slots(person, start, end, zone):
    return rota_slots(person, start, end, setting=ROTA_SETTING, agency=AGENCY.code, zone=zone)
