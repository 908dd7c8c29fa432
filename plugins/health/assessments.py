"""Health's forms: the individual healthcare plan and the paediatric review.

Summaries are written for parents: what the form covers, what it says, and what
happens next, in words a parent would use with a friend.

The healthcare plan has two versions: version 1 left who to phone in an emergency
to the steps' own words ("call her mum on the number in the office"); version 2
lists the people to phone, in order, with their numbers, as the DfE's template
plan does. Plans saved under version 1 still load and summarise.
"""

from datetime import date

from marshmallow import Schema, fields, validate

from core import N_, AssessmentType, PlainSummary, Wording, day, items, sentences, words

AGENCY = "health"

# Digits with the spaces, brackets, dashes and leading + that people write numbers with.
PHONE_NUMBER = r"\+?\(?[0-9][0-9 ()-]{1,18}[0-9]\Z"

DIAGNOSIS_STATUSES = {
    "confirmed": N_("The doctor has confirmed: %(names)s."),
    "being_considered": N_("The doctor is still finding out whether your child has: %(names)s."),
    "ruled_out": N_("The doctor does not think your child has: %(names)s."),
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


def _texts(what: str, at_least: int = 0):
    """A list of short lines, such as triggers or steps to follow."""
    if at_least:
        return fields.List(
            _text(what, 500),
            required=True,
            validate=validate.Length(min=at_least, error=f"Give at least {at_least} of: {what}."),
            error_messages={"required": f"Give {what}."},
        )
    return fields.List(_text(what, 500), load_default=list)


def _records(schema, missing: str, *, at_least_one: str):
    """A list of records of ``schema`` that must hold at least one."""
    return fields.List(
        fields.Nested(schema),
        required=True,
        validate=validate.Length(min=1, error=at_least_one),
        error_messages={"required": missing},
    )


def _date(what: str, **options):
    """A date in ISO form (``2027-03-05``), as the web form's date picker sends it."""
    return fields.Date(
        required=True,
        error_messages={"required": f"Give {what}.", "invalid": f"Give {what} as a date, like 2027-03-05."},
        **options,
    )


def _day(iso: str) -> dict:
    """``2027-03-05`` as a parent would say it, in their language: Friday 5 March 2027."""
    return day(date.fromisoformat(iso))


class ConditionSchema(Schema):
    name = _text("the name of the condition", 200)
    how_it_affects_school = _text("how it affects the school day", 1000, load_default="")


class MedicationSchema(Schema):
    name = _text("the medicine's name", 200)
    dose = _text("the dose, for example '2 puffs' or '5 ml'", 100)
    times = _texts("when it is given, for example '12:00' or 'when wheezy'", at_least=1)
    given_by = _text("who gives it", 200, load_default="")


class EmergencyContactSchema(Schema):
    name = _text("who to phone", 200)
    relationship = _text("who they are to the child, for example 'Mum' or 'Asthma nurse'", 200, load_default="")
    phone = fields.String(
        required=True,
        validate=validate.Regexp(PHONE_NUMBER, error="Give a phone number, like 07700 900123."),
        error_messages={"required": "Give their phone number."},
    )


class CarePlanV1Schema(Schema):
    """Version 1: an individual healthcare plan, how school keeps a child with a medical condition safe."""

    conditions = _records(
        ConditionSchema,
        "Name the conditions the plan is for.",
        at_least_one="Name at least one condition the plan is for.",
    )
    medication = fields.List(fields.Nested(MedicationSchema), load_default=list)
    triggers = _texts("things that can set it off")
    emergency_steps = _texts("the steps staff take in an emergency, in order", at_least=1)
    review_date = _date("the date the plan is next reviewed")


class CarePlanSchema(CarePlanV1Schema):
    """Version 2: the same plan, with the people to phone in an emergency, in order."""

    emergency_contacts = _records(
        EmergencyContactSchema,
        "Give the people to phone in an emergency, in order.",
        at_least_one="Give at least one person to phone in an emergency.",
    )


class DiagnosisSchema(Schema):
    name = _text("the condition considered", 200)
    status = fields.String(
        required=True,
        validate=validate.OneOf(tuple(DIAGNOSIS_STATUSES), error="Choose confirmed, being_considered or ruled_out."),
        error_messages={"required": "Say whether the condition is confirmed, being considered or ruled out."},
    )


class PaediatricReviewSchema(Schema):
    """A community paediatrician's appointment, written up for the team."""

    reason = _text("why the child was seen")
    findings = _text("what the doctor found")
    diagnoses_considered = fields.List(fields.Nested(DiagnosisSchema), load_default=list)
    recommendations = _texts("recommendations")
    referrals = _texts("services the child is referred to")
    # None means discharged from the clinic: a real outcome, not a missing answer.
    next_review = _date("the next review date, or null when the child is discharged", allow_none=True)


def summarise_care_plan(payload, version):
    """Tell parents what school will do about their child's health, day to day and in an emergency."""
    conditions = words([condition["name"] for condition in payload["conditions"]])
    medicines = [_medicine_line(medicine) for medicine in payload["medication"]]
    found = [
        Wording(N_("Medicine in school: %(medicines)s."), {"medicines": items(medicines)})
        if medicines
        else Wording(N_("No medicine is given in school."))
    ]
    if payload["triggers"]:
        found.append(
            Wording(N_("Things that can set it off: %(triggers)s."), {"triggers": ", ".join(payload["triggers"])})
        )
    steps = "; ".join(f"{number}) {step}" for number, step in enumerate(payload["emergency_steps"], start=1))
    found.append(Wording(N_("In an emergency staff will: %(steps)s."), {"steps": steps}))
    tell = N_("Please tell school straight away if a medicine or dose changes, so the plan can be updated.")
    if version >= 2:
        contacts = [_contact_line(contact) for contact in payload["emergency_contacts"]]
        found.append(Wording(N_("They will phone, in this order: %(contacts)s."), {"contacts": items(contacts)}))
        tell = N_(
            "Please tell school straight away if a medicine, a dose or a phone number changes, "
            "so the plan can be updated."
        )
    return PlainSummary(
        measured=Wording(
            N_("How school looks after your child's %(conditions)s during the school day."), {"conditions": conditions}
        ),
        found=sentences(found),
        next_steps=sentences(
            [
                Wording(N_("The plan will be checked again by %(day)s."), {"day": _day(payload["review_date"])}),
                Wording(tell),
            ]
        ),
    )


def _medicine_line(medicine) -> Wording:
    values = {"medicine": medicine["name"], "dose": medicine["dose"], "times": words(medicine["times"])}
    if medicine["given_by"]:
        return Wording(
            N_("%(medicine)s, %(dose)s, %(times)s (given by %(person)s)"), values | {"person": medicine["given_by"]}
        )
    return Wording(N_("%(medicine)s, %(dose)s, %(times)s"), values)


def _contact_line(contact) -> Wording:
    values = {"person": contact["name"], "phone": contact["phone"]}
    if contact["relationship"]:
        return Wording(
            N_("%(person)s (%(relationship)s) on %(phone)s"), values | {"relationship": contact["relationship"]}
        )
    return Wording(N_("%(person)s on %(phone)s"), values)


def summarise_paediatric_review(payload, version):
    """Tell parents what the children's doctor looked at, thinks, and plans."""
    found = [payload["findings"]]
    for status, opening in DIAGNOSIS_STATUSES.items():
        names = [item["name"] for item in payload["diagnoses_considered"] if item["status"] == status]
        if names:
            found.append(Wording(opening, {"names": ", ".join(names)}))
    if payload["recommendations"]:
        found.append(
            Wording(
                N_("The doctor suggests: %(recommendations)s."),
                {"recommendations": "; ".join(payload["recommendations"])},
            )
        )
    next_steps = []
    if payload["referrals"]:
        next_steps.append(
            Wording(
                N_("Your child has been referred to: %(services)s. They will contact you."),
                {"services": ", ".join(payload["referrals"])},
            )
        )
    if payload["next_review"]:
        next_steps.append(
            Wording(N_("The next appointment is planned for around %(day)s."), {"day": _day(payload["next_review"])})
        )
    else:
        next_steps.append(
            Wording(N_("No further appointment is planned. Ask your GP if you would like your child seen again."))
        )
    return PlainSummary(
        measured=Wording(
            N_("An appointment with the children's doctor about: %(reason)s"), {"reason": payload["reason"]}
        ),
        found=sentences(found),
        next_steps=sentences(next_steps),
    )


EXAMPLE_PAYLOADS = {
    "health.care_plan": {
        "conditions": [
            {"name": "asthma", "how_it_affects_school": "Can get wheezy in PE and on cold days outside."},
        ],
        "medication": [
            {
                "name": "Blue reliever inhaler (salbutamol)",
                "dose": "2 puffs through a spacer",
                "times": ["when wheezy or coughing", "10 minutes before PE"],
                "given_by": "Amara, watched by a trained member of staff",
            }
        ],
        "triggers": ["cold air", "running games", "colds and coughs", "dust"],
        "emergency_steps": [
            "Sit Amara upright and stay calm with her",
            "Give 1 puff of the blue inhaler every 30 to 60 seconds, up to 10 puffs",
            "If she is no better, or you are worried, call 999",
            "Phone the people below, in order, until one answers",
        ],
        "emergency_contacts": [
            {"name": "Grace Okafor", "relationship": "Mum", "phone": "07700 900123"},
            {"name": "Patience Okafor", "relationship": "Grandma", "phone": "07700 900456"},
            {"name": "Children's asthma nurse", "relationship": "", "phone": "0161 496 0000"},
        ],
        "review_date": "2027-09-10",
    },
    "health.paediatric_review": {
        "reason": "Concerns from home and school about attention, sleep and how Amara gets on with other children.",
        "findings": (
            "Amara was friendly and chatty. She is growing well. She finds it hard to settle to sleep, "
            "often lying awake for over an hour, and is easily distracted in class."
        ),
        "diagnoses_considered": [
            {"name": "autism", "status": "being_considered"},
            {"name": "a hearing problem", "status": "ruled_out"},
        ],
        "recommendations": [
            "A calm bedtime routine with screens off an hour before bed",
            "Short, clear instructions in class, one step at a time",
        ],
        "referrals": ["the autism assessment team"],
        "next_review": "2027-05-14",
    },
}

CARE_PLAN = AssessmentType(
    key="health.care_plan",
    title=N_("Individual healthcare plan"),
    agency=AGENCY,
    version=2,
    schemas={1: CarePlanV1Schema, 2: CarePlanSchema},
    summarise=summarise_care_plan,
    description=N_("How school manages a medical condition: medicines, triggers and what to do in an emergency."),
    example=EXAMPLE_PAYLOADS["health.care_plan"],
)

PAEDIATRIC_REVIEW = AssessmentType(
    key="health.paediatric_review",
    title=N_("Paediatric review"),
    agency=AGENCY,
    version=1,
    schemas={1: PaediatricReviewSchema},
    summarise=summarise_paediatric_review,
    description=N_("A children's doctor's appointment: why, what was found, what is being considered, what next."),
    example=EXAMPLE_PAYLOADS["health.paediatric_review"],
)

ASSESSMENT_TYPES = [CARE_PLAN, PAEDIATRIC_REVIEW]
