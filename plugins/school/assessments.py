"""The school's forms: the attainment and attendance snapshot and the one-page profile.

The one-page profile has two versions: version 1 kept each section as one block of
text; version 2 keeps a list, so each way to support a child reads as a separate
point. Profiles saved under version 1 still load and summarise.
"""

from marshmallow import Schema, fields, validate

from core import N_, AssessmentType, PlainSummary, Wording, sentences

AGENCY = "school"

TERMS = ("autumn", "spring", "summer")

# Since national curriculum levels ended in 2014, schools report against the
# expected standard for the year group; the engagement model and the pre-key stage
# standards cover pupils working below it.
WORKING_AT = {
    "engagement_model": N_("learning at an early stage, where progress is seen in how they explore and join in"),
    "pre_key_stage": N_("working on earlier steps than those set for their year group"),
    "working_towards": N_("working towards the level expected for their year group"),
    "expected": N_("working at the level expected for their year group"),
    "greater_depth": N_("working beyond the level expected for their year group"),
}

# Missing 10% of sessions or more is "persistent absence" in the DfE's attendance guidance.
PERSISTENT_ABSENCE_AT_OR_BELOW = 90


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


def _points(what: str):
    """A section of the profile as a list of points, at least one."""
    return fields.List(
        _text(what, 500),
        required=True,
        validate=validate.Length(min=1, error=f"Give at least one point: {what}."),
        error_messages={"required": f"Give {what}."},
    )


# A school year such as 2026-27, the second year following the first: a pattern (not a
# function) so that the API's document, read from this schema, says exactly what is taken.
_SCHOOL_YEAR = validate.Regexp(
    r"^[0-9]{2}(?:" + "|".join(f"{year:02d}-{(year + 1) % 100:02d}" for year in range(100)) + r")$",
    error="Give the school year like 2026-27.",
)


class SubjectSchema(Schema):
    subject = _text("the subject", 100)
    working_at = fields.String(
        required=True,
        validate=validate.OneOf(tuple(WORKING_AT), error=f"Choose one of: {', '.join(WORKING_AT)}."),
        error_messages={"required": "Say where the child is working in this subject."},
    )
    note = _text("a note", 500, load_default="")


class AttainmentAttendanceSchema(Schema):
    """A termly snapshot: how often the child was in school and where they are in each subject."""

    term = fields.String(
        required=True,
        validate=validate.OneOf(TERMS, error="Choose autumn, spring or summer."),
        error_messages={"required": "Give the term."},
    )
    school_year = fields.String(
        required=True, validate=_SCHOOL_YEAR, error_messages={"required": "Give the school year, like 2026-27."}
    )
    attendance_percentage = fields.Float(
        required=True,
        validate=validate.Range(min=0, max=100, error="Attendance is a percentage between 0 and 100."),
        error_messages={"required": "Give the attendance for the term, as a percentage."},
    )
    subjects = fields.List(
        fields.Nested(SubjectSchema),
        required=True,
        validate=validate.Length(min=1, error="Give at least one subject."),
        error_messages={"required": "Give the subjects."},
    )
    next_steps = _text("what school will do next", 1000, load_default="")


class OnePageProfileV1Schema(Schema):
    """Version 1: each section one block of text."""

    like_and_admire = _text("what people like and admire about the child")
    important_to_me = _text("what is important to the child")
    how_to_support = _text("how best to support the child")


class OnePageProfileSchema(Schema):
    """Version 2: each section a list of points, and who wrote the profile with the child."""

    like_and_admire = _points("what people like and admire about the child")
    important_to_me = _points("what is important to the child")
    how_to_support = _points("how best to support the child")
    written_with = _text("who wrote the profile with the child", 300, load_default="")


# What a termly snapshot looked at, and when the next one comes, by term.
_LOOKED_AT_IN = {
    "autumn": N_(
        "How often your child was in school in the autumn term %(year)s, and how they are getting on in each subject."
    ),
    "spring": N_(
        "How often your child was in school in the spring term %(year)s, and how they are getting on in each subject."
    ),
    "summer": N_(
        "How often your child was in school in the summer term %(year)s, and how they are getting on in each subject."
    ),
}
_NEXT_UPDATE_AFTER = {
    "autumn": N_("The next update comes at the end of the autumn term."),
    "spring": N_("The next update comes at the end of the spring term."),
    "summer": N_("The next update comes at the end of the summer term."),
}


def summarise_attainment_attendance(payload, version):
    """Tell parents how often their child was in school and where they are in each subject."""
    attendance = payload["attendance_percentage"]
    found = [Wording(N_("Your child was in school for %(percent)s%% of the term."), {"percent": f"{attendance:g}"})]
    if attendance <= PERSISTENT_ABSENCE_AT_OR_BELOW:
        found.append(
            Wording(
                N_("That is about one day in ten or more missed, so school will offer to talk about what would help.")
            )
        )
    for subject in payload["subjects"]:
        values = {"subject": subject["subject"], "level": Wording(WORKING_AT[subject["working_at"]])}
        if subject["note"]:
            found.append(Wording(N_("%(subject)s: %(level)s (%(note)s)."), values | {"note": subject["note"]}))
        else:
            found.append(Wording(N_("%(subject)s: %(level)s."), values))
    following = TERMS[(TERMS.index(payload["term"]) + 1) % len(TERMS)]
    next_steps = [payload["next_steps"]] if payload["next_steps"] else []
    next_steps.append(Wording(_NEXT_UPDATE_AFTER[following]))
    return PlainSummary(
        measured=Wording(_LOOKED_AT_IN[payload["term"]], {"year": payload["school_year"]}),
        found=sentences(found),
        next_steps=sentences(next_steps),
    )


def _as_lists(payload) -> dict:
    """A version 1 profile in the shape of version 2: each block of text becomes one point."""
    return {
        "like_and_admire": [payload["like_and_admire"]],
        "important_to_me": [payload["important_to_me"]],
        "how_to_support": [payload["how_to_support"]],
        "written_with": "",
    }


def summarise_one_page_profile(payload, version):
    """Tell parents what the profile says about their child, and what everyone is asked to do."""
    profile = payload if version >= 2 else _as_lists(payload)
    measured = [
        Wording(
            N_(
                "Your child's one-page profile: a short picture of them, written with them, "
                "for everyone who works with them."
            )
        )
    ]
    if profile["written_with"]:
        measured.append(Wording(N_("Written with: %(people)s."), {"people": profile["written_with"]}))
    return PlainSummary(
        measured=sentences(measured),
        found=sentences(
            [
                Wording(
                    N_("What people like and admire: %(points)s."), {"points": "; ".join(profile["like_and_admire"])}
                ),
                Wording(
                    N_("What is important to your child: %(points)s."),
                    {"points": "; ".join(profile["important_to_me"])},
                ),
            ]
        ),
        next_steps=sentences(
            [
                Wording(
                    N_("Everyone who works with your child is asked to: %(points)s."),
                    {"points": "; ".join(profile["how_to_support"])},
                ),
                Wording(
                    N_("The profile is updated when things change: tell school if something here is no longer true.")
                ),
            ]
        ),
    )


EXAMPLE_PAYLOADS = {
    "school.attainment_attendance": {
        "term": "autumn",
        "school_year": "2026-27",
        "attendance_percentage": 88.5,
        "subjects": [
            {"subject": "Reading", "working_at": "working_towards", "note": "reads short books with confidence"},
            {"subject": "Writing", "working_at": "pre_key_stage", "note": "writes simple sentences with support"},
            {"subject": "Maths", "working_at": "expected", "note": ""},
        ],
        "next_steps": "Amara will keep her daily reading with Mrs Ali and start a small writing group in January.",
    },
    "school.one_page_profile": {
        "like_and_admire": ["Kind to younger children", "Brilliant at drawing animals", "A great sense of humour"],
        "important_to_me": [
            "My cat, Biscuit",
            "Knowing what is happening next in the day",
            "Sitting near the door",
        ],
        "how_to_support": [
            "Tell me about changes before they happen",
            "Give me one instruction at a time",
            "Let me use my ear defenders when it is noisy",
            "Give me a job to do when I am worried, like taking the register",
        ],
        "written_with": "Amara, her mum Grace and Mr Hughes",
    },
}

ATTAINMENT_ATTENDANCE = AssessmentType(
    key="school.attainment_attendance",
    title=N_("Attainment and attendance"),
    agency=AGENCY,
    version=1,
    schemas={1: AttainmentAttendanceSchema},
    summarise=summarise_attainment_attendance,
    description=N_("A termly snapshot of attendance and where the child is working in each subject."),
    example=EXAMPLE_PAYLOADS["school.attainment_attendance"],
)

ONE_PAGE_PROFILE = AssessmentType(
    key="school.one_page_profile",
    title=N_("One-page profile"),
    agency=AGENCY,
    version=2,
    schemas={1: OnePageProfileV1Schema, 2: OnePageProfileSchema},
    summarise=summarise_one_page_profile,
    description=N_("What people like about the child, what matters to them, and how best to support them."),
    example=EXAMPLE_PAYLOADS["school.one_page_profile"],
)

ASSESSMENT_TYPES = [ATTAINMENT_ATTENDANCE, ONE_PAGE_PROFILE]
