"""Social care's forms: the early help assessment and the child in need plan.

Both are done with the family, not to it, so the summaries speak to the parent
as a partner: what you told us, what was agreed, when we meet again.

The early help assessment has two versions: version 1 kept the family's view as
one block of text; version 2 gives each family member their own view (a mum and a
grandma rarely say the same thing) and names the lead professional, the family's
one contact for the support agreed. Assessments saved under version 1 still load
and summarise.
"""

from datetime import date

from marshmallow import Schema, fields, validate

from core import N_, AssessmentType, PlainSummary, Wording, day, items, sentences

AGENCY = "social_care"


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


def _list(what: str, item):
    """A list that must hold at least one entry: an assessment with no needs is not finished."""
    return fields.List(
        item,
        required=True,
        validate=validate.Length(min=1, error=f"Give at least one: {what}."),
        error_messages={"required": f"Give {what}."},
    )


def _date(what: str):
    """A date in ISO form (``2027-03-05``), as the web form's date picker sends it."""
    return fields.Date(
        required=True,
        error_messages={"required": f"Give {what}.", "invalid": f"Give {what} as a date, like 2027-03-05."},
    )


def _day(iso: str) -> dict:
    """``2027-03-05`` as a parent would say it, in their language: Friday 5 March 2027."""
    return day(date.fromisoformat(iso))


def _sentence(text: str) -> str:
    """A practitioner's note ended with a full stop, so that notes run on as sentences."""
    return text if text.rstrip().endswith((".", "!", "?")) else f"{text.rstrip()}."


class SupportSchema(Schema):
    support = _text("the support agreed", 500)
    who = _text("who gives it", 200)
    how_often = _text("how often", 200, load_default="")


class FamilyViewSchema(Schema):
    who = _text("who in the family said it, for example 'Grace (mum)'", 200)
    view = _text("what they said")


class EarlyHelpAssessmentV1Schema(Schema):
    """Version 1: an early help assessment, done with the family when needs are emerging."""

    strengths = _list("what is going well", _text("a strength", 500))
    needs = _list("where help is needed", _text("a need", 500))
    family_view = _text("the family's view")
    # The child's own voice is a required part of every assessment (Working Together to Safeguard Children).
    child_view = _text("the child's view, in their words or as shown")
    agreed_support = _list("the support agreed", fields.Nested(SupportSchema))
    review_date = _date("the date of the next review")


class EarlyHelpAssessmentSchema(Schema):
    """Version 2: each family member's own view, and the lead professional."""

    strengths = _list("what is going well", _text("a strength", 500))
    needs = _list("where help is needed", _text("a need", 500))
    family_views = _list("what each family member said", fields.Nested(FamilyViewSchema))
    child_view = _text("the child's view, in their words or as shown")
    agreed_support = _list("the support agreed", fields.Nested(SupportSchema))
    review_date = _date("the date of the next review")
    lead_professional = _text("the lead professional, the family's one contact", 200)


class ActionSchema(Schema):
    action = _text("the action", 500)
    who = _text("who will do it", 200)
    by_when = _date("the date it is done by")


class ChildInNeedPlanSchema(Schema):
    """A child in need plan: the concerns, the outcomes wanted, who does what by when."""

    concerns = _list("the concerns", _text("a concern", 500))
    outcomes = _list("the outcomes wanted", _text("an outcome", 500))
    actions = _list("the actions agreed", fields.Nested(ActionSchema))
    review_date = _date("the date of the next review meeting")


def _support_line(item) -> str:
    details = ", ".join(part for part in (item["who"], item["how_often"]) if part)
    return f"{item['support']} ({details})"


def _family_views(payload, version) -> str:
    if version < 2:
        return _sentence(payload["family_view"])
    return " ".join(f"{item['who']}: {_sentence(item['view'])}" for item in payload["family_views"])


def summarise_early_help_assessment(payload, version):
    """Give the family back what they said and what was agreed, and when it is looked at again."""
    found = [
        Wording(N_("Going well: %(points)s."), {"points": "; ".join(payload["strengths"])}),
        Wording(N_("Where some help would make a difference: %(points)s."), {"points": "; ".join(payload["needs"])}),
        Wording(N_("What you told us: %(views)s"), {"views": _family_views(payload, version)}),
        Wording(N_("What your child told us: %(view)s"), {"view": _sentence(payload["child_view"])}),
    ]
    support = "; ".join(_support_line(item) for item in payload["agreed_support"])
    if version >= 2:
        contact = Wording(
            N_("Your lead professional is %(person)s: ask them whenever you would like to meet sooner."),
            {"person": payload["lead_professional"]},
        )
    else:
        contact = Wording(N_("You can ask for a meeting sooner at any time."))
    return PlainSummary(
        measured=Wording(
            N_(
                "An early help assessment: a look, together with your family, at what is going well "
                "and where some extra help would make a difference."
            )
        ),
        found=sentences(found),
        next_steps=sentences(
            [
                Wording(N_("Support agreed: %(support)s."), {"support": support}),
                Wording(
                    N_("We will meet with you on %(day)s to see how it is going."),
                    {"day": _day(payload["review_date"])},
                ),
                contact,
            ]
        ),
    )


def summarise_child_in_need_plan(payload, version):
    """Tell the family what everyone is worried about, what should change, and who does what by when."""
    actions = sorted(payload["actions"], key=lambda action: action["by_when"])
    agreed = [
        Wording(
            N_("%(action)s (%(person)s, by %(day)s)"),
            {"action": item["action"], "person": item["who"], "day": _day(item["by_when"])},
        )
        for item in actions
    ]
    return PlainSummary(
        measured=Wording(
            N_("Your child's plan with children's social care: the worries, and what everyone wants to change.")
        ),
        found=sentences(
            [
                Wording(N_("What people are worried about: %(points)s."), {"points": "; ".join(payload["concerns"])}),
                Wording(N_("What we want to be different: %(points)s."), {"points": "; ".join(payload["outcomes"])}),
            ]
        ),
        next_steps=sentences(
            [
                Wording(N_("What will be done: %(actions)s."), {"actions": items(agreed)}),
                Wording(
                    N_("The plan will be reviewed at a meeting on %(day)s; you and your child's views are part of it."),
                    {"day": _day(payload["review_date"])},
                ),
            ]
        ),
    )


EXAMPLE_PAYLOADS = {
    "social_care.early_help_assessment": {
        "strengths": [
            "Grace is a loving, determined mum who knows Amara very well",
            "Amara's grandma helps with school pick-ups twice a week",
        ],
        "needs": [
            "Bedtimes are very hard and the whole family is short of sleep",
            "Grace would like to meet other parents of children with similar needs",
        ],
        "family_views": [
            {
                "who": "Grace (mum)",
                "view": (
                    "We are exhausted. Amara is lovely but evenings are a battle and I don't know what else to try."
                ),
            },
            {"who": "Patience (grandma)", "view": "Amara is calmer at my house, where it is quiet."},
        ],
        "child_view": "Amara drew her bedroom and said she doesn't like the dark and the noise from next door.",
        "agreed_support": [
            {"support": "Sleep workshop for parents", "who": "Family hub", "how_often": "4 weekly sessions"},
            {"support": "Home visits to plan a bedtime routine", "who": "Marcus Reid, family support", "how_often": ""},
            {"support": "Introduction to the local parent carer forum", "who": "Marcus Reid", "how_often": "once"},
        ],
        "review_date": "2027-01-22",
        "lead_professional": "Marcus Reid, family support worker",
    },
    "social_care.child_in_need_plan": {
        "concerns": [
            "Amara's needs at home are increasing and Grace is caring for her alone most evenings",
            "Amara has missed school on days after very little sleep",
        ],
        "outcomes": [
            "Grace has regular breaks from caring",
            "Amara sleeps well enough to go to school every day",
        ],
        "actions": [
            {
                "action": "Assess the family for short breaks",
                "who": "Marcus Reid, social worker",
                "by_when": "2026-12-18",
            },
            {
                "action": "Refer to the children's sleep service",
                "who": "Dr Marsh, paediatrician",
                "by_when": "2027-01-08",
            },
            {"action": "Keep a simple sleep diary", "who": "Grace", "by_when": "2027-01-08"},
        ],
        "review_date": "2027-02-19",
    },
}

EARLY_HELP_ASSESSMENT = AssessmentType(
    key="social_care.early_help_assessment",
    title=N_("Early help assessment"),
    agency=AGENCY,
    version=2,
    schemas={1: EarlyHelpAssessmentV1Schema, 2: EarlyHelpAssessmentSchema},
    summarise=summarise_early_help_assessment,
    description=N_("Strengths, needs, the family's and the child's views, and the support agreed."),
    example=EXAMPLE_PAYLOADS["social_care.early_help_assessment"],
)

CHILD_IN_NEED_PLAN = AssessmentType(
    key="social_care.child_in_need_plan",
    title=N_("Child in need plan"),
    agency=AGENCY,
    version=1,
    schemas={1: ChildInNeedPlanSchema},
    summarise=summarise_child_in_need_plan,
    description=N_("Concerns, outcomes wanted, actions with who and by when, and the review date."),
    example=EXAMPLE_PAYLOADS["social_care.child_in_need_plan"],
)

ASSESSMENT_TYPES = [EARLY_HELP_ASSESSMENT, CHILD_IN_NEED_PLAN]
