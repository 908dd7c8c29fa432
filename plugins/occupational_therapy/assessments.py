"""Occupational therapy's forms: the sensory profile and the motor skills assessment.

Field names are everyday words (``movement``, not vestibular) so that an entry
still reads plainly when it is shown without this plugin.

The sensory profile has two versions: version 2 adds a seventh sense, the signals
from inside the body (interoception: hunger, thirst, needing the toilet, feeling
hot or upset), which therapists now ask about because it lies behind many
toileting accidents and sudden meltdowns. Profiles saved under version 1 still
load and summarise.
"""

from datetime import date

from marshmallow import Schema, fields, validate

from core import N_, AssessmentType, PlainSummary

AGENCY = "occupational_therapy"

# The senses of a sensory profile, as a parent would name them: version 1 asked about six.
SENSES_V1 = {
    "auditory": "sounds",
    "visual": "things they see",
    "touch": "touch",
    "movement": "movement, such as swinging or spinning",
    "body_awareness": "pushing, pulling and knowing where their body is",
    "oral": "tastes and textures in the mouth",
}
SENSES = {**SENSES_V1, "inside_the_body": "signals from inside their body, like hunger, thirst or needing the toilet"}

PATTERNS = {
    "seeking": "Looks for more",
    "avoiding": "Tends to avoid or is upset by",
    "typical": "Responds like most children of the same age to",
}

SKILL_LEVELS = {
    "independent": "Can do on their own",
    "with_help": "Can do with some help",
    "not_yet": "Not yet able to",
}


def _text(what: str, longest: int = 2000, **options):
    """A text box; its messages name what is missing in the words of the paper form.

    Optional boxes (given a ``load_default``) may be left empty; required ones may not.
    """
    optional = "load_default" in options
    return fields.String(
        required=not optional,
        validate=validate.Length(
            min=0 if optional else 1, max=longest, error=f"Give {what} (up to {longest} characters)."
        ),
        error_messages={"required": f"Give {what}."},
        **options,
    )


def _choice(what: str, choices):
    """One of a fixed set of answers; the message lists them."""
    listed = ", ".join(choices)
    return fields.String(
        required=True,
        validate=validate.OneOf(tuple(choices), error=f"Choose {what}: {listed}."),
        error_messages={"required": f"Choose {what}: {listed}."},
    )


def _spoken_date(iso: str) -> str:
    """``2027-03-05`` as a parent would say it: Friday 5 March 2027."""
    day = date.fromisoformat(iso)
    return f"{day:%A} {day.day} {day:%B %Y}"


def _joined(items) -> str:
    """Items that may contain commas, kept apart."""
    return "; ".join(items)


def _review_date():
    """When the therapist will check progress; None while no date is agreed yet."""
    return fields.Date(
        load_default=None,
        allow_none=True,
        error_messages={"invalid": "Give the review date as a date, like 2027-03-05."},
    )


class SenseSchema(Schema):
    pattern = _choice("how the child responds", PATTERNS)
    note = _text("a note", 500, load_default="")


def _sense():
    """One sense of the profile: every sense asked about is answered."""
    return fields.Nested(
        SenseSchema, required=True, error_messages={"required": "Choose how the child responds to this sense."}
    )


class SensoryProfileV1Schema(Schema):
    """Version 1: how a child responds to each of six senses, looks for more, avoids, or as expected."""

    auditory = _sense()
    visual = _sense()
    touch = _sense()
    movement = _sense()
    body_awareness = _sense()
    oral = _sense()
    strategies = fields.List(_text("a strategy", 500), load_default=list)
    review_date = _review_date()


class SensoryProfileSchema(SensoryProfileV1Schema):
    """Version 2: the same, and the signals from inside the body (interoception)."""

    inside_the_body = _sense()


class MotorSkillSchema(Schema):
    skill = _text("the skill", 200)
    level = _choice("how well the child manages it", SKILL_LEVELS)
    note = _text("a note", 500, load_default="")


def _skills(what: str):
    """The skills looked at in one area; an assessment records at least one."""
    return fields.List(
        fields.Nested(MotorSkillSchema),
        required=True,
        validate=validate.Length(min=1, error=f"Record at least one {what} skill."),
        error_messages={"required": f"Record the {what} skills looked at."},
    )


class MotorSkillsSchema(Schema):
    """Fine motor (hands: writing, cutting, fastening) and gross motor (whole body) skills."""

    fine_motor = _skills("fine motor")
    gross_motor = _skills("gross motor")
    tests_used = fields.List(_text("a test", 200), load_default=list)
    recommendations = fields.List(_text("a recommendation", 500), load_default=list)
    equipment = fields.List(_text("a piece of equipment", 200), load_default=list)
    review_date = _review_date()


def _review(payload) -> str:
    """When progress is checked; without a date, say a date will be agreed rather than leave it out."""
    if payload["review_date"]:
        return f"The therapist will check how things are going by {_spoken_date(payload['review_date'])}."
    return "The therapist will agree a date with you and school to check how things are going."


def summarise_sensory_profile(payload, version):
    """Tell parents which senses their child seeks out or avoids, and what will help."""
    asked = SENSES if version >= 2 else SENSES_V1
    found = []
    for pattern, opening in PATTERNS.items():
        senses = [
            asked[sense] + (f" ({payload[sense]['note']})" if payload[sense]["note"] else "")
            for sense in asked
            if payload[sense]["pattern"] == pattern
        ]
        if senses:
            found.append(f"{opening}: {_joined(senses)}.")
    next_steps = (
        [f"Ideas to try at school and at home: {_joined(payload['strategies'])}."] if payload["strategies"] else []
    )
    next_steps.append(_review(payload))
    if version >= 2:
        last = "tastes and textures in the mouth, and signals from inside their body"
    else:
        last = "and tastes and textures in the mouth"
    return PlainSummary(
        measured=f"How your child responds to sounds, sights, touch, movement, pushing and pulling, {last}.",
        found=" ".join(found),
        next_steps=" ".join(next_steps),
    )


def _skills_sentence(heading: str, skills) -> str:
    parts = []
    for level, opening in SKILL_LEVELS.items():
        named = [
            skill["skill"] + (f" ({skill['note']})" if skill["note"] else "")
            for skill in skills
            if skill["level"] == level
        ]
        if named:
            parts.append(f"{opening.lower()}: {', '.join(named)}")
    return f"{heading}, {_joined(parts)}."


def summarise_motor_skills(payload, version):
    """Tell parents what their child can do with their hands and whole body, and what will help."""
    found = [
        _skills_sentence("Using their hands", payload["fine_motor"]),
        _skills_sentence("Moving their whole body", payload["gross_motor"]),
    ]
    next_steps = []
    if payload["recommendations"]:
        next_steps.append(f"The therapist recommends: {_joined(payload['recommendations'])}.")
    if payload["equipment"]:
        next_steps.append(f"Equipment that will help: {_joined(payload['equipment'])}.")
    next_steps.append(_review(payload))
    tests = f" The therapist used: {', '.join(payload['tests_used'])}." if payload["tests_used"] else ""
    return PlainSummary(
        measured=(
            "How your child uses their hands for careful tasks, like writing, cutting and doing up buttons, "
            f"and their whole body for bigger movements, like running, balancing and catching.{tests}"
        ),
        found=" ".join(found),
        next_steps=" ".join(next_steps),
    )


EXAMPLE_PAYLOADS = {
    "occupational_therapy.sensory_profile": {
        "auditory": {"pattern": "avoiding", "note": "covers her ears in assembly and the dinner hall"},
        "visual": {"pattern": "typical", "note": ""},
        "touch": {"pattern": "avoiding", "note": "dislikes labels in clothes and messy play"},
        "movement": {"pattern": "seeking", "note": "spins and rocks on her chair, especially after lunch"},
        "body_awareness": {"pattern": "seeking", "note": "likes tight hugs and crashing onto cushions"},
        "oral": {"pattern": "typical", "note": ""},
        "inside_the_body": {"pattern": "avoiding", "note": "gets very upset when she is hungry or thirsty"},
        "strategies": [
            "Ear defenders in assembly and a quiet place to eat lunch",
            "A movement break before tasks that need sitting still, such as carrying the PE bag",
            "Labels cut out of school uniform",
            "A snack and a drink at morning break, before she asks",
        ],
        "review_date": "2027-02-05",
    },
    "occupational_therapy.motor_skills": {
        "fine_motor": [
            {"skill": "Holding a pencil", "level": "with_help", "note": "grips tightly and tires quickly"},
            {"skill": "Cutting along a line with scissors", "level": "not_yet", "note": ""},
            {"skill": "Doing up coat zip", "level": "independent", "note": ""},
        ],
        "gross_motor": [
            {"skill": "Running and stopping safely", "level": "independent", "note": ""},
            {"skill": "Catching a large ball", "level": "with_help", "note": "catches when it is thrown gently"},
            {"skill": "Balancing on one foot", "level": "not_yet", "note": "manages 2 seconds"},
        ],
        "tests_used": ["Movement ABC-2", "watching Amara in PE and in class"],
        "recommendations": [
            "Daily 10-minute hand and finger games before writing",
            "Spring-loaded scissors for cutting tasks",
        ],
        "equipment": ["Sloping writing board", "Triangular pencil grip"],
        "review_date": "2027-03-19",
    },
}

SENSORY_PROFILE = AssessmentType(
    key="occupational_therapy.sensory_profile",
    title=N_("Sensory profile"),
    agency=AGENCY,
    version=2,
    schemas={1: SensoryProfileV1Schema, 2: SensoryProfileSchema},
    summarise=summarise_sensory_profile,
    description=N_("How a child responds to each of seven senses, with strategies for school and home."),
    example=EXAMPLE_PAYLOADS["occupational_therapy.sensory_profile"],
)

MOTOR_SKILLS = AssessmentType(
    key="occupational_therapy.motor_skills",
    title=N_("Fine and gross motor assessment"),
    agency=AGENCY,
    version=1,
    schemas={1: MotorSkillsSchema},
    summarise=summarise_motor_skills,
    description=N_("What a child can do with their hands and whole body, with recommendations and equipment."),
    example=EXAMPLE_PAYLOADS["occupational_therapy.motor_skills"],
)

ASSESSMENT_TYPES = [SENSORY_PROFILE, MOTOR_SKILLS]
