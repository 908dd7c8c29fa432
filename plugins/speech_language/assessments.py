"""Speech and language therapy's forms: the communication assessment and therapy targets.

Summaries are written for parents: test scores are told as where a child sits
among children of the same age, never as bare numbers.

The communication assessment has two versions: version 2 adds where the child was
seen (a child may talk freely at home and hardly at all in a clinic) and what the
child says about their own talking. Assessments saved under version 1 still load
and summarise.
"""

from datetime import date

from marshmallow import Schema, fields, validate

from core import N_, AssessmentType, PlainSummary, Wording, day, sentences, words

AGENCY = "speech_language"

# Standard scores have an average of 100; two thirds of children score 85 to 115.
SCORE_BANDS = (
    (69, N_("well below the usual range for children of the same age")),
    (84, N_("below the usual range for children of the same age")),
    (115, N_("in the usual range for children of the same age")),
    (130, N_("above the usual range for children of the same age")),
    (160, N_("well above the usual range for children of the same age")),
)

# Where the assessment was done, as the summary says it.
SETTINGS = {
    "school": N_("at school"),
    "nursery": N_("at nursery"),
    "clinic": N_("at the clinic"),
    "home": N_("at home"),
    "video_call": N_("on a video call"),
}

# The therapist's observations, under the headings a parent would use.
OBSERVATIONS = (
    (N_("Understanding what people say: %(note)s"), "receptive_language"),
    (N_("Using words and sentences: %(note)s"), "expressive_language"),
    (N_("Saying sounds clearly: %(note)s"), "speech_sounds"),
    (N_("Talking and playing with others: %(note)s"), "social_communication"),
)


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


def _date(what: str):
    """A date in ISO form (``2027-03-05``), as the web form's date picker sends it."""
    return fields.Date(
        required=True,
        error_messages={"required": f"Give {what}.", "invalid": f"Give {what} as a date, like 2027-03-05."},
    )


def _sentence(text: str) -> str:
    """A practitioner's note ended with a full stop, so that notes run on as sentences.

    A note that ends with a quotation ("... talks at once.") is already ended.
    """
    ended = text.rstrip().rstrip("\"'”’").endswith((".", "!", "?"))
    return text if ended else f"{text.rstrip()}."


def _day(iso: str) -> dict:
    """``2027-03-05`` as a parent would say it, in their language: Friday 5 March 2027."""
    return day(date.fromisoformat(iso))


class StandardisedScoreSchema(Schema):
    test_name = _text("the name of the test", 200)
    date = _date("the date the test was done")
    subtest = _text("the part of the test", 200)
    standard_score = fields.Integer(
        required=True,
        validate=validate.Range(min=40, max=160, error="A standard score is between 40 and 160."),
        error_messages={"required": "Give the standard score."},
    )
    percentile = fields.Float(
        required=True,
        validate=validate.Range(min=0, max=100, error="A percentile is between 0 and 100."),
        error_messages={"required": "Give the percentile."},
    )


class CommunicationAssessmentV1Schema(Schema):
    """Version 1: what a speech and language therapist found, test scores and what they saw."""

    standardised_scores = fields.List(fields.Nested(StandardisedScoreSchema), load_default=list)
    receptive_language = _text("what the child understands", 1000)
    expressive_language = _text("how the child uses words and sentences", 1000)
    speech_sounds = _text("how clear the child's speech is", 1000, load_default="")
    social_communication = _text("how the child communicates with others", 1000, load_default="")
    recommendations = fields.List(_text("a recommendation", 500), load_default=list)


class CommunicationAssessmentSchema(CommunicationAssessmentV1Schema):
    """Version 2: the same, with where the child was seen and the child's own view."""

    setting = fields.String(
        required=True,
        validate=validate.OneOf(tuple(SETTINGS), error=f"Choose where the child was seen: {', '.join(SETTINGS)}."),
        error_messages={"required": f"Choose where the child was seen: {', '.join(SETTINGS)}."},
    )
    child_view = _text("what the child says about their talking, in their words", 1000, load_default="")


class TherapyTargetSchema(Schema):
    target = _text("the target", 500)
    how_measured = _text("how progress is measured", 500)
    by_when = _date("the date the target should be met by")


class TherapyTargetsSchema(Schema):
    """The targets a therapist sets, each measurable and with a date, as a SMART outcome is."""

    targets = fields.List(
        fields.Nested(TherapyTargetSchema),
        required=True,
        validate=validate.Length(min=1, error="Set at least one target."),
        error_messages={"required": "Set at least one target."},
    )
    who_helps = _text("who works on the targets, and how often", 500, load_default="")
    home_ideas = fields.List(_text("an idea for home", 500), load_default=list)


def score_band(standard_score: int) -> str:
    """Where a standard score sits among children of the same age, in words."""
    return next(words for highest, words in SCORE_BANDS if standard_score <= highest)


def _out_of_a_hundred(percentile: float) -> Wording:
    """A percentile told as children out of a hundred, the way therapists explain it in clinic."""
    if percentile < 1:
        return Wording(N_("fewer than 1 in 100 children of the same age would score lower"))
    if percentile > 99:
        return Wording(N_("more than 99 in 100 children of the same age would score lower"))
    return Wording(
        N_("about %(number)s in 100 children of the same age would score lower"), {"number": round(percentile)}
    )


def _score_sentence(score) -> Wording:
    return Wording(
        N_("%(part)s (%(test)s): %(band)s; %(lower)s."),
        {
            "part": score["subtest"],
            "test": score["test_name"],
            "band": Wording(score_band(score["standard_score"])),
            "lower": _out_of_a_hundred(score["percentile"]),
        },
    )


def summarise_communication_assessment(payload, version):
    """Tell parents what the therapist tested and saw, with scores put in words."""
    tests = sorted({score["test_name"] for score in payload["standardised_scores"]})
    if tests:
        how = Wording(N_("using the tests %(tests)s"), {"tests": words(tests)})
    else:
        how = Wording(N_("by watching and talking with them"))
    found = [_score_sentence(score) for score in payload["standardised_scores"]]
    for heading, field in OBSERVATIONS:
        if payload[field]:
            found.append(Wording(heading, {"note": _sentence(payload[field])}))
    if version >= 2 and payload["child_view"]:
        found.append(Wording(N_("What your child told us: %(view)s"), {"view": _sentence(payload["child_view"])}))
    if payload["recommendations"]:
        next_steps = Wording(
            N_("The therapist recommends: %(recommendations)s."),
            {"recommendations": "; ".join(payload["recommendations"])},
        )
    else:
        next_steps = Wording(N_("The therapist will talk with you and school about what would help next."))
    if version >= 2:
        measured = Wording(
            N_(
                "How your child understands what people say, talks, and gets on with others when talking, "
                "%(how)s, %(where)s."
            ),
            {"how": how, "where": Wording(SETTINGS[payload["setting"]])},
        )
    else:
        measured = Wording(
            N_("How your child understands what people say, talks, and gets on with others when talking, %(how)s."),
            {"how": how},
        )
    return PlainSummary(measured=measured, found=sentences(found), next_steps=next_steps)


def summarise_therapy_targets(payload, version):
    """Tell parents each target, how it will be checked, and what they can do at home."""
    targets = sorted(payload["targets"], key=lambda target: target["by_when"])
    found = [
        Wording(
            N_("%(number)s) %(target)s (how we will know: %(how)s; by %(day)s)."),
            {
                "number": number,
                "target": target["target"],
                "how": target["how_measured"],
                "day": _day(target["by_when"]),
            },
        )
        for number, target in enumerate(targets, start=1)
    ]
    next_steps = [Wording(N_("The first target will be checked by %(day)s."), {"day": _day(targets[0]["by_when"])})]
    if payload["who_helps"]:
        next_steps.append(Wording(N_("Working on the targets: %(who)s."), {"who": payload["who_helps"]}))
    if payload["home_ideas"]:
        next_steps.append(Wording(N_("Ideas for home: %(ideas)s."), {"ideas": "; ".join(payload["home_ideas"])}))
    return PlainSummary(
        measured=Wording(N_("The goals for your child's talking and understanding, and how progress will be checked.")),
        found=sentences(found),
        next_steps=sentences(next_steps),
    )


EXAMPLE_PAYLOADS = {
    "speech_language.communication_assessment": {
        "standardised_scores": [
            {
                "test_name": "CELF-5 UK",
                "date": "2026-11-03",
                "subtest": "Following directions",
                "standard_score": 78,
                "percentile": 7,
            },
            {
                "test_name": "CELF-5 UK",
                "date": "2026-11-03",
                "subtest": "Word classes",
                "standard_score": 92,
                "percentile": 30,
            },
        ],
        "receptive_language": (
            "Amara follows short instructions well, especially with a picture, but loses track of longer ones "
            "with two or three parts."
        ),
        "expressive_language": "She talks in full sentences but sometimes struggles to find the word she wants.",
        "speech_sounds": "Her speech is clear and easy to understand.",
        "social_communication": "She enjoys play with one friend; busy group games are harder for her.",
        "recommendations": [
            "Give one instruction at a time and show a picture or gesture with it",
            "Weekly small-group sessions in school on understanding longer instructions",
        ],
        "setting": "school",
        "child_view": 'Amara said: "I like talking to Mrs Ali. I don\'t like it when everyone talks at once."',
    },
    "speech_language.therapy_targets": {
        "targets": [
            {
                "target": "Amara will follow a two-part instruction in class without a reminder",
                "how_measured": "teaching assistant's tally in 5 lessons a week",
                "by_when": "2027-02-12",
            },
            {
                "target": "Amara will explain a word she cannot remember by describing what it looks like or does",
                "how_measured": "therapist's check with 10 pictures",
                "by_when": "2027-03-26",
            },
        ],
        "who_helps": "Mrs Ali, teaching assistant, three 10-minute sessions a week",
        "home_ideas": [
            "Play 'I spy' with clues about what things do",
            "Give one instruction at a time and ask Amara to say it back",
        ],
    },
}

COMMUNICATION_ASSESSMENT = AssessmentType(
    key="speech_language.communication_assessment",
    title=N_("Communication assessment"),
    agency=AGENCY,
    version=2,
    schemas={1: CommunicationAssessmentV1Schema, 2: CommunicationAssessmentSchema},
    summarise=summarise_communication_assessment,
    description=N_("Test scores and observations of understanding, talking, speech sounds and social communication."),
    example=EXAMPLE_PAYLOADS["speech_language.communication_assessment"],
)

THERAPY_TARGETS = AssessmentType(
    key="speech_language.therapy_targets",
    title=N_("Speech and language therapy targets"),
    agency=AGENCY,
    version=1,
    schemas={1: TherapyTargetsSchema},
    summarise=summarise_therapy_targets,
    description=N_("Measurable targets with dates, who works on them, and ideas for home."),
    example=EXAMPLE_PAYLOADS["speech_language.therapy_targets"],
)

ASSESSMENT_TYPES = [COMMUNICATION_ASSESSMENT, THERAPY_TARGETS]
