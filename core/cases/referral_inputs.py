"""What valid input to a referral is: the referral with the family's consent, and each answer to it."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.models import ConsentMethod
from core.schemas import CODE, not_blank, record_id
from core.time_bounds import happened
from core.wording import N_

LONGEST_TEXT = 4000
NO_CONSENT = N_("No referral without the family's consent: say who gave it, when and how.")
MOST_DOCUMENTS = 20


def _text(description: str) -> fields.String:
    return fields.String(
        required=True, validate=[validate.Length(max=LONGEST_TEXT), not_blank], metadata={"description": description}
    )


class ConsentInput(Schema):
    """The family's consent to this referral: who gave it, on what day, and how."""

    given_by = fields.String(
        required=True,
        validate=[validate.Length(max=200), not_blank],
        metadata={"description": "Who in the family agreed: a name, and how they are related to the child"},
    )
    given_on = fields.Date(required=True, validate=happened)
    method = fields.Enum(ConsentMethod, by_value=True, required=True)


class ReferralInput(Schema):
    agency = fields.String(required=True, validate=CODE, metadata={"description": "The receiving agency's code"})
    reason = _text("Why the team asks the agency to see the child")
    answers = fields.Dict(
        keys=fields.String(validate=CODE),
        values=fields.String(),
        load_default=dict,
        metadata={"description": "Answers to the referral's questions by key: the core's, then the agency's"},
    )
    # No consent, no referral: left out, the referral is refused, saying so in words a person reads.
    consent = fields.Nested(ConsentInput, required=True, error_messages={"required": NO_CONSENT, "null": NO_CONSENT})
    document_ids = fields.List(
        record_id(),
        load_default=list,
        validate=validate.Length(max=MOST_DOCUMENTS),
        metadata={"description": "Documents of the child's file sent with the referral"},
    )


class AcceptInput(Schema):
    role = fields.String(
        load_default=None,
        allow_none=True,
        validate=CODE,
        metadata={"description": "The agency's role the person joins the team in; its first by default"},
    )


class DeclineInput(Schema):
    reason = _text("Why the agency declines, for the team and the family")


class MoreInformationInput(Schema):
    question = _text("What the agency needs to know before it answers")


class InformationInput(Schema):
    text = _text("The referrer's answer to the agency's question")
