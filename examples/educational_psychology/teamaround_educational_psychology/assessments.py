"""The EP consultation record: the question, what was explored, everyone's views,
a formulation in plain words, and what is recommended."""

from marshmallow import Schema, fields, validate

from core import N_, AssessmentType, PlainSummary, Wording


def _text(what: str, longest: int = 2000, **options):
    return fields.String(
        required="load_default" not in options,
        validate=validate.Length(
            min=0 if "load_default" in options else 1, max=longest, error=f"Give {what} (up to {longest} characters)."
        ),
        error_messages={"required": f"Give {what}."},
        **options,
    )


class ConsultationSchema(Schema):
    """Version 1 of the consultation record."""

    question = _text("the question the consultation set out to answer", 500)
    explored = _text("what was explored")
    child_view = _text("what the child said or showed", load_default="")
    parents_view = _text("what the parents said", load_default="")
    school_view = _text("what school said", load_default="")
    formulation = _text("the psychologist's understanding, in plain words")
    recommendations = fields.List(
        _text("a recommendation", 500),
        required=True,
        validate=validate.Length(min=1, error="Give at least one recommendation."),
        error_messages={"required": "Give at least one recommendation."},
    )
    next_steps = _text("what happens next", 500)


def summarise_consultation(payload, version):
    """What the psychologist looked at, understood and recommends, for parents."""
    return PlainSummary(
        measured=Wording(
            N_("The psychologist met with the people who know your child to think about: %(question)s"),
            {"question": payload["question"]},
        ),
        # What the psychologist wrote, as written: their words are the family's to read.
        found=payload["formulation"],
        next_steps=f"{'; '.join(payload['recommendations'])}. {payload['next_steps']}",
    )


EXAMPLE = {
    "question": "Why does Amara find the afternoon so hard, and what would help?",
    "explored": "Observation in class; conversations with Amara, her mum and her teacher.",
    "child_view": "Afternoons are noisy and I get tired.",
    "parents_view": "She comes home exhausted and upset on Tuesdays and Thursdays.",
    "school_view": "She copes well in the morning; after lunch she withdraws.",
    "formulation": "Amara works very hard to listen all morning; by the afternoon a busy room is too much.",
    "recommendations": ["A short quiet break after lunch", "Instructions written down as well as spoken"],
    "next_steps": "We will look again together at the next review meeting.",
}

ASSESSMENT_TYPES = [
    AssessmentType(
        key="educational_psychology.consultation",
        title=N_("Educational psychology consultation"),
        agency="educational_psychology",
        version=1,
        schemas={1: ConsultationSchema},
        summarise=summarise_consultation,
        description=N_("A consultation with the team around the child, and what the psychologist recommends."),
        example=EXAMPLE,
    )
]
