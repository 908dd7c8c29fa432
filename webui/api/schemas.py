"""What the API returns, as marshmallow schemas: they serialise responses and document them.

What the API accepts is described by the core's own input schemas (core/schemas.py),
the same ones its services validate with.
"""

from marshmallow import Schema, fields


class PersonRef(Schema):
    id = fields.Integer()
    name = fields.String(attribute="full_name")


class ChildOut(Schema):
    id = fields.Integer()
    full_name = fields.String()
    preferred_name = fields.String()
    date_of_birth = fields.Date()
    year_group = fields.String()
    sen_status = fields.String(attribute="sen_status.value")
    closed = fields.Function(lambda child: child.closed_at is not None, metadata={"type": "boolean"})


class ChildPage(Schema):
    children = fields.List(fields.Nested(ChildOut))
    next_cursor = fields.String(allow_none=True)


class MemberOut(Schema):
    person = fields.Nested(PersonRef)
    role = fields.String()
    agency = fields.String(allow_none=True)
    is_lead = fields.Boolean()


class AcknowledgementOut(Schema):
    person = fields.Nested(PersonRef)
    acknowledged_at = fields.AwareDateTime()


class EntryOut(Schema):
    id = fields.Integer()
    child_id = fields.Integer()
    kind = fields.String(attribute="kind.value")
    title = fields.String()
    body = fields.String()
    occurred_at = fields.AwareDateTime()
    posted_at = fields.AwareDateTime()
    visibility = fields.String(attribute="visibility.value")
    agency = fields.String(allow_none=True)
    author = fields.Nested(PersonRef)
    assessment_type = fields.String(attribute="payload_schema", allow_none=True)
    payload_version = fields.Integer(allow_none=True)
    payload = fields.Dict(allow_none=True)
    acknowledgements = fields.List(fields.Nested(AcknowledgementOut))
    version = fields.Integer()


class TimelinePageOut(Schema):
    entries = fields.List(fields.Nested(EntryOut))
    next_cursor = fields.String(allow_none=True)


class AttendeeOut(Schema):
    person = fields.Nested(PersonRef)
    required = fields.Boolean()
    rsvp = fields.String(attribute="rsvp.value")


class MeetingOut(Schema):
    id = fields.Integer()
    child_id = fields.Integer()
    title = fields.String()
    purpose = fields.String(attribute="purpose.value")
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    location = fields.String()
    online_link = fields.String()
    status = fields.String(attribute="status.value")
    uid = fields.String()
    sequence = fields.Integer()
    attendees = fields.List(fields.Nested(AttendeeOut))
    agenda = fields.Dict()
    notes = fields.Dict()


class SlotOut(Schema):
    id = fields.Integer()
    kind = fields.String(attribute="kind.value")
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    weekly_until = fields.Date(allow_none=True)
    where = fields.String()
    source = fields.String(attribute="source.value")


class GlossaryTermOut(Schema):
    term = fields.String()
    plain = fields.String()
    agency = fields.String(allow_none=True)


class AssessmentTypeOut(Schema):
    key = fields.String()
    title = fields.String()
    agency = fields.String()
    version = fields.Integer()
    description = fields.String()


class PluginOut(Schema):
    name = fields.String()
    agencies = fields.List(fields.String())
    assessment_types = fields.List(fields.String())
    glossary_terms = fields.List(fields.String())
    hooks = fields.List(fields.String())


class TokenOut(Schema):
    id = fields.Integer()
    name = fields.String()
    created_at = fields.AwareDateTime()
    last_used_at = fields.AwareDateTime(allow_none=True)


class NewTokenOut(TokenOut):
    token = fields.String(metadata={"description": "The secret: shown this once, never again."})


class ApiError(Schema):
    """Every error answer: a message, and for bad input every field with its reasons."""

    message = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
