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

from core import N_, AssessmentType, PlainSummary, Wording, day, items, sentences

AGENCY = "occupational_therapy"

# The senses of a sensory profile, as a parent would name them: version 1 asked about six.
SENSES_V1 = {
    "auditory": N_("sounds"),
    "visual": N_("things they see"),
    "touch": N_("touch"),
    "movement": N_("movement, such as swinging or spinning"),
    "body_awareness": N_("pushing, pulling and knowing where their body is"),
    "oral": N_("tastes and textures in the mouth"),
}
SENSES = {
    **SENSES_V1,
    "inside_the_body": N_("signals from inside their body, like hunger, thirst or needing the toilet"),
}

# How a child responds to senses, as the summary says it of those senses.
PATTERNS = {
    "seeking": N_("Looks for more: %(senses)s."),
    "avoiding": N_("Tends to avoid or is upset by: %(senses)s."),
    "typical": N_("Responds like most children of the same age to: %(senses)s."),
}

# How well a child manages skills, as the summary says it of those skills.
SKILL_LEVELS = {
    "independent": N_("can do on their own: %(skills)s"),
    "with_help": N_("can do with some help: %(skills)s"),
    "not_yet": N_("not yet able to: %(skills)s"),
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


def _day(iso: str) -> dict:
    """``2027-03-05`` as a parent would say it, in their language: Friday 5 March 2027."""
    return day(date.fromisoformat(iso))


def _joined(typed) -> str:
    """Items that may contain commas, kept apart."""
    return "; ".join(typed)


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


def _review(payload) -> Wording:
    """When progress is checked; without a date, say a date will be agreed rather than leave it out."""
    if payload["review_date"]:
        return Wording(
            N_("The therapist will check how things are going by %(day)s."), {"day": _day(payload["review_date"])}
        )
    return Wording(N_("The therapist will agree a date with you and school to check how things are going."))


def _noted(sense: str, note: str) -> Wording:
    """A sense, with the therapist's note on it."""
    return Wording(N_("%(sense)s (%(note)s)"), {"sense": Wording(sense), "note": note}) if note else Wording(sense)


def summarise_sensory_profile(payload, version):
    """Tell parents which senses their child seeks out or avoids, and what will help."""
    asked = SENSES if version >= 2 else SENSES_V1
    found = []
    for pattern, said in PATTERNS.items():
        senses = [
            _noted(asked[sense], payload[sense]["note"]) for sense in asked if payload[sense]["pattern"] == pattern
        ]
        if senses:
            found.append(Wording(said, {"senses": items(senses)}))
    next_steps = []
    if payload["strategies"]:
        next_steps.append(
            Wording(N_("Ideas to try at school and at home: %(ideas)s."), {"ideas": _joined(payload["strategies"])})
        )
    next_steps.append(_review(payload))
    if version >= 2:
        measured = N_(
            "How your child responds to sounds, sights, touch, movement, pushing and pulling, "
            "tastes and textures in the mouth, and signals from inside their body."
        )
    else:
        measured = N_(
            "How your child responds to sounds, sights, touch, movement, pushing and pulling, "
            "and tastes and textures in the mouth."
        )
    return PlainSummary(measured=Wording(measured), found=sentences(found), next_steps=sentences(next_steps))


def _skills_sentence(heading: str, skills) -> Wording:
    levels = []
    for level, said in SKILL_LEVELS.items():
        named = [
            skill["skill"] + (f" ({skill['note']})" if skill["note"] else "")
            for skill in skills
            if skill["level"] == level
        ]
        if named:
            levels.append(Wording(said, {"skills": ", ".join(named)}))
    return Wording(heading, {"levels": items(levels)})


def summarise_motor_skills(payload, version):
    """Tell parents what their child can do with their hands and whole body, and what will help."""
    found = [
        _skills_sentence(N_("Using their hands, %(levels)s."), payload["fine_motor"]),
        _skills_sentence(N_("Moving their whole body, %(levels)s."), payload["gross_motor"]),
    ]
    next_steps = []
    if payload["recommendations"]:
        next_steps.append(
            Wording(N_("The therapist recommends: %(ideas)s."), {"ideas": _joined(payload["recommendations"])})
        )
    if payload["equipment"]:
        next_steps.append(
            Wording(N_("Equipment that will help: %(things)s."), {"things": _joined(payload["equipment"])})
        )
    next_steps.append(_review(payload))
    measured = [
        Wording(
            N_(
                "How your child uses their hands for careful tasks, like writing, cutting and doing up buttons, "
                "and their whole body for bigger movements, like running, balancing and catching."
            )
        )
    ]
    if payload["tests_used"]:
        measured.append(Wording(N_("The therapist used: %(tests)s."), {"tests": ", ".join(payload["tests_used"])}))
    return PlainSummary(measured=sentences(measured), found=sentences(found), next_steps=sentences(next_steps))


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
