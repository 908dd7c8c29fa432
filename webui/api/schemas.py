"""What the API returns, as marshmallow schemas: they serialise responses and document them.

What the API accepts is described by the core's own input schemas (core/schemas.py),
the same ones its services validate with.
"""

from functools import cached_property

from marshmallow import Schema, fields, missing, post_dump

from core.models import (
    AreaOfNeed,
    AvailabilityKind,
    AvailabilitySource,
    EntryKind,
    MeetingPurpose,
    MeetingStatus,
    PersonKind,
    PlanStatus,
    Rsvp,
    SenStatus,
    StrategyPlace,
    TokenScope,
    Visibility,
)
from core.plans.progress import OnTrack
from webui.wording import Reader, entry_title, stored_part


class Answer(Schema):
    """What the API answers with: every field is always there (null where it has no value),
    so the document marks each one required and a generated client types none as optional."""

    def _serialize(self, obj, *, many=False):
        """marshmallow's own loop over the fields (``Schema._serialize``), each field's value read
        and formatted in one step instead of through ``Field.serialize`` and ``Field.get_value``
        (the same reading, the same ``_serialize``): a timeline page's 50 entries are some
        1,000 fields, and those two layers were half the cost of writing them."""
        if many and obj is not None:
            return [self._serialize(each) for each in obj]
        answer = self.dict_class()
        read = self.get_attribute
        for key, name, field, attribute in self._fields_to_write:
            if attribute is _OWN_WAY:
                value = field.serialize(name, obj, accessor=read)
            elif attribute is None:  # a field that reads the whole object (Function, Method)
                value = field._serialize(None, name, obj)
            else:
                value = read(obj, attribute, missing)
                if value is missing:
                    value = field.dump_default() if callable(field.dump_default) else field.dump_default
                if value is not missing:
                    value = field._serialize(value, name, obj)
            if value is not missing:
                answer[key] = value
        return answer

    @cached_property
    def _fields_to_write(self) -> list[tuple[str, str, fields.Field, object]]:
        """Each field to write: its key in the answer, its name, the field, and the attribute it
        reads (None for one reading the whole object), as ``Field.serialize`` finds them."""
        written = []
        for name, field in self.dump_fields.items():
            key = name if field.data_key is None else field.data_key
            if _reads_its_own_way(field):
                attribute = _OWN_WAY
            elif not field._CHECK_ATTRIBUTE:
                attribute = None
            else:
                attribute = name if field.attribute is None else field.attribute
            written.append((key, name, field, attribute))
        return written


_OWN_WAY = object()  # a field that reads or writes its own way: asked through Field.serialize


def _reads_its_own_way(field: fields.Field) -> bool:
    kind = type(field)
    return kind.serialize is not fields.Field.serialize or kind.get_value is not fields.Field.get_value


class PersonRef(Answer):
    id = fields.Integer()
    name = fields.String(attribute="full_name")


class ChildOut(Answer):
    id = fields.Integer()
    full_name = fields.String()
    preferred_name = fields.String()
    date_of_birth = fields.Date()
    year_group = fields.String()
    sen_status = fields.Enum(SenStatus, by_value=fields.String)
    closed = fields.Function(lambda child: child.closed_at is not None, metadata={"type": "boolean"})
    upn = fields.String(allow_none=True, metadata={"description": "The Unique Pupil Number; null if not recorded"})
    nhs_number = fields.String(allow_none=True, metadata={"description": "The NHS number; null if not recorded"})


class ChildPage(Answer):
    children = fields.List(fields.Nested(ChildOut))
    next_cursor = fields.String(allow_none=True)


class IdentifierOut(Answer):
    system = fields.String(attribute="source", metadata={"description": "The system that gives the identifier"})
    value = fields.String(attribute="identifier", metadata={"description": "The person's identifier there"})


class PersonOut(Answer):
    """An account as a school's or an agency's system keeps it in step."""

    id = fields.Integer()
    full_name = fields.String()
    email = fields.String()
    phone = fields.String()
    kind = fields.Enum(PersonKind, by_value=fields.String)
    agency = fields.String(allow_none=True)
    active = fields.Boolean()
    identifiers = fields.List(fields.Nested(IdentifierOut))


class PersonPage(Answer):
    people = fields.List(fields.Nested(PersonOut))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Ask with after= this for the next page"})


class MemberOut(Answer):
    person = fields.Nested(PersonRef)
    role = fields.String()
    agency = fields.String(allow_none=True)
    is_lead = fields.Boolean()


class AcknowledgementOut(Answer):
    person = fields.Nested(PersonRef)
    acknowledged_at = fields.AwareDateTime()


class WithdrawalOut(Answer):
    by = fields.Nested(PersonRef)
    at = fields.AwareDateTime()


class EntryOut(Answer):
    """An entry; one that was withdrawn keeps its place and says who withdrew it, not its words."""

    id = fields.Integer()
    child_id = fields.Integer()
    kind = fields.Enum(EntryKind, by_value=fields.String)
    title = fields.Function(
        entry_title,
        metadata={"description": "In the requester's language: their account's, else their Accept-Language's"},
    )
    body = fields.Function(
        lambda entry: stored_part(entry, "body"),
        metadata={"description": "In the requester's language: their account's, else their Accept-Language's"},
    )
    wording = fields.Dict(
        allow_none=True,
        metadata={
            "description": "What the system wrote, as data: by part (title, body), the English message "
            "that keys every catalogue, its values, and for a plugin's words the plugin's catalogue "
            "(domain); null for what a person typed, which title and body give as typed"
        },
    )
    occurred_at = fields.AwareDateTime()
    posted_at = fields.AwareDateTime()
    visibility = fields.Enum(Visibility, by_value=fields.String)
    agency = fields.String(allow_none=True)
    author = fields.Nested(PersonRef)
    assessment_type = fields.String(attribute="payload_schema", allow_none=True)
    payload_version = fields.Integer(allow_none=True)
    payload = fields.Dict(allow_none=True)
    document_id = fields.Integer(
        allow_none=True, metadata={"description": "The document this entry tells of, in the child's file"}
    )
    acknowledgements = fields.List(fields.Nested(AcknowledgementOut))
    version = fields.Integer()
    withdrawn = fields.Nested(
        WithdrawalOut,
        attribute="withdrawal",
        allow_none=True,
        metadata={"description": "Who withdrew the entry and when; null while it stands"},
    )

    def get_attribute(self, obj, attr, default):
        """Each field straight off the entry, always an object: marshmallow first tries an
        object as a mapping, which for an entry read through its summary (an attribute-proxy,
        webui.api.timeline) raised and caught an AttributeError for every field of it."""
        return getattr(obj, attr, default)

    @post_dump(pass_original=True)
    def without_withdrawn_words(self, data, entry, **_):
        if entry.withdrawn_at is None:
            return data
        withdrawn = {"title": "", "body": "", "wording": None, "payload": None, "assessment_type": None}
        return data | withdrawn | {"acknowledgements": []}


def entry_answer(entry, sees_assessment_details: bool, reading: Reader) -> dict:
    """What :class:`EntryOut` writes of ``entry`` as someone who does or does not see assessments'
    details reads it (:func:`webui.api.timeline.readable_entry`), in ``reading``'s language,
    written field by field: through marshmallow, a timeline page's fifty entries were a quarter
    of the read's CPU. EntryOut still documents the answer, and
    tests/webui/test_api_entry_answers.py keeps the two the same."""
    if entry.withdrawn_at is not None:
        title, body, wording, payload, assessment_type, acknowledgements = "", "", None, None, None, []
        withdrawn = {"by": _person_answer(entry.withdrawn_by), "at": entry.withdrawn_at.isoformat()}
    else:
        title, body, wording = entry_title(entry, reading), stored_part(entry, "body", reading), entry.wording
        payload = entry.payload if sees_assessment_details else None
        assessment_type, withdrawn = entry.payload_schema, None
        acknowledgements = [
            {"person": _person_answer(seen.person), "acknowledged_at": seen.acknowledged_at.isoformat()}
            for seen in entry.acknowledgements
        ]
    return {
        "id": entry.id,
        "child_id": entry.child_id,
        "kind": entry.kind.value,
        "title": title,
        "body": body,
        "wording": wording,
        "occurred_at": entry.occurred_at.isoformat(),
        "posted_at": entry.posted_at.isoformat(),
        "visibility": entry.visibility.value,
        "agency": entry.agency,
        "author": _person_answer(entry.author),
        "assessment_type": assessment_type,
        "payload_version": entry.payload_version,
        "payload": payload,
        "document_id": entry.document_id,
        "acknowledgements": acknowledgements,
        "version": entry.version,
        "withdrawn": withdrawn,
    }


def _person_answer(person) -> dict | None:
    """What :class:`PersonRef` writes of ``person``."""
    return None if person is None else {"id": person.id, "name": person.full_name}


class TimelinePageOut(Answer):
    entries = fields.List(fields.Nested(EntryOut))
    next_cursor = fields.String(allow_none=True)


class PlanRef(Answer):
    """A plan named by the changes feed: read it whole at ``/children/{child_id}/plan``."""

    id = fields.Integer()
    child_id = fields.Integer()
    version = fields.Integer()
    status = fields.Enum(PlanStatus, by_value=fields.String)


class ChangeOut(Answer):
    """One record's latest change: ``kind`` says which of ``entry``, ``meeting`` or ``plan`` holds it
    (the other two are null); ``child_erased``, with all three null, that the child's case
    (``id`` and ``child_id``) was erased: a copy drops every record of that child."""

    sequence = fields.Integer()
    kind = fields.String(metadata={"enum": ["entry", "meeting", "plan", "child_erased"]})
    id = fields.Integer()
    child_id = fields.Integer()
    entry = fields.Nested(lambda: EntryOut(), allow_none=True)
    meeting = fields.Nested(lambda: MeetingOut(), allow_none=True)
    plan = fields.Nested(PlanRef, allow_none=True)


class ChangesPageOut(Answer):
    changes = fields.List(fields.Nested(ChangeOut))
    next_cursor = fields.String(metadata={"description": "Ask with this next time"})
    more = fields.Boolean(metadata={"description": "Whether changes wait already: ask again at once"})


class AttendeeOut(Answer):
    person = fields.Nested(PersonRef)
    required = fields.Boolean()
    rsvp = fields.Enum(Rsvp, by_value=fields.String)


class MeetingOut(Answer):
    id = fields.Integer()
    child_id = fields.Integer()
    title = fields.String()
    purpose = fields.Enum(MeetingPurpose, by_value=fields.String)
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    location = fields.String()
    online_link = fields.String()
    status = fields.Enum(MeetingStatus, by_value=fields.String)
    uid = fields.String()
    sequence = fields.Integer()
    attendees = fields.List(fields.Nested(AttendeeOut))
    agenda = fields.Dict()
    notes = fields.Dict()


class MeetingPage(Answer):
    meetings = fields.List(fields.Nested(lambda: MeetingOut()))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Ask with after= this for the next page"})


class SlotOut(Answer):
    id = fields.Integer()
    kind = fields.Enum(AvailabilityKind, by_value=fields.String)
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    weekly_until = fields.Date(allow_none=True)
    where = fields.String()
    source = fields.Enum(AvailabilitySource, by_value=fields.String)


class GlossaryTermOut(Answer):
    term = fields.String()
    plain = fields.String()
    agency = fields.String(allow_none=True)


class AssessmentTypeOut(Answer):
    key = fields.String()
    title = fields.String()
    agency = fields.String()
    version = fields.Integer()
    description = fields.String()


class AssessmentTypeDetailOut(Answer):
    """An assessment type and what posting one takes: ``payload_schema`` is the JSON schema
    (from the plugin's own schema) of the payload its current ``version`` accepts."""

    key = fields.String(attribute="kind.key")
    title = fields.String(attribute="kind.title")
    agency = fields.String(attribute="kind.agency")
    version = fields.Integer(attribute="kind.version")
    description = fields.String(attribute="kind.description")
    payload_schema = fields.Dict(metadata={"description": "A JSON schema (the OpenAPI 3.0 dialect)"})
    example = fields.Dict(allow_none=True, metadata={"description": "A payload this type accepts"})


class PluginOut(Answer):
    name = fields.String()
    agencies = fields.List(fields.String())
    assessment_types = fields.List(fields.String())
    glossary_terms = fields.List(fields.String())
    hooks = fields.List(fields.String())


class TokenOut(Answer):
    id = fields.Integer()
    name = fields.String()
    created_at = fields.AwareDateTime()
    last_used_at = fields.AwareDateTime(allow_none=True)


    expires_at = fields.AwareDateTime(metadata={"description": "From then on the token is refused (401)"})
    scope = fields.Enum(TokenScope, by_value=fields.String)
class NewTokenOut(TokenOut):
    token = fields.String(metadata={"description": "The secret: shown this once, never again."})


class WebhookOut(Answer):
    id = fields.Integer()
    url = fields.String()
    child_ids = fields.List(
        fields.Integer(), allow_none=True,
        metadata={"description": "Only these children; null: every child you may read"},
    )
    created_at = fields.AwareDateTime()
    enabled = fields.Function(lambda webhook: webhook.disabled_at is None, metadata={"type": "boolean"})
    disabled_at = fields.AwareDateTime(
        allow_none=True, metadata={"description": "When it was turned off; null while on"}
    )
    disabled_reason = fields.String(metadata={"description": "Why it was turned off; empty while on"})


class NewWebhookOut(WebhookOut):
    secret = fields.String(
        metadata={"description": "The key that signs every delivery (HMAC-SHA256): shown this once, never again."}
    )


class WebhookAttemptOut(Answer):
    """One try at sending a delivery."""

    attempted_at = fields.AwareDateTime()
    response_code = fields.Integer(allow_none=True, metadata={"description": "The answer's status; null: none came"})
    error = fields.String(metadata={"description": "What went wrong; empty when it was delivered"})


class WebhookDeliveryOut(Answer):
    """One change sent, or waiting to be, to a webhook, and how its attempts went."""

    id = fields.String(attribute="public_id", metadata={"description": "As in the Teamaround-Delivery header"})
    child_id = fields.Integer()
    kind = fields.String(metadata={"enum": ["entry", "meeting", "plan", "child_erased"]})
    cursor = fields.Function(lambda delivery: str(delivery.sequence), metadata={"type": "string"})
    status = fields.String(
        metadata={
            "enum": ["pending", "delivered", "withheld"],
            "description": "withheld: you may no longer read the child, so it was never sent",
        }
    )
    attempts = fields.Integer()
    response_code = fields.Integer(allow_none=True, metadata={"description": "The last attempt's answer, if any"})
    error = fields.String(metadata={"description": "What went wrong at the last attempt; empty once delivered"})
    created_at = fields.AwareDateTime()
    last_attempt_at = fields.AwareDateTime(allow_none=True)
    delivered_at = fields.AwareDateTime(allow_none=True)
    attempt_log = fields.List(
        fields.Nested(WebhookAttemptOut),
        metadata={"description": "Every attempt, oldest first (of attempts before this log was kept, only the last)"},
    )


class DeliveryLogOut(Answer):
    deliveries = fields.List(fields.Nested(WebhookDeliveryOut))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Ask with before= this for older ones"})


class ApiError(Answer):
    """Every error answer: a message, and for bad input every field with its reasons."""

    message = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


def optional_person(person_of):
    """A person, or null where there is none (an outcome owned by an agency alone)."""
    return fields.Function(
        lambda item: PersonRef().dump(person) if (person := person_of(item)) else None,
        metadata={
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            "required": ["id", "name"],
        },
    )


class ReadingOut(Answer):
    id = fields.Integer()
    taken_on = fields.Date()
    value = fields.Float()
    note = fields.String()
    from_home = fields.Boolean()
    recorded_by = fields.Nested(PersonRef)


class OutcomeOut(Answer):
    """A SMART outcome, its readings, and whether they show it on track."""

    id = fields.Integer(attribute="outcome.id")
    area = fields.Enum(AreaOfNeed, by_value=fields.String, attribute="outcome.area")
    text = fields.String(attribute="outcome.text")
    unit = fields.String(attribute="outcome.unit")
    baseline_value = fields.Float(attribute="outcome.baseline_value")
    baseline_on = fields.Date(attribute="outcome.baseline_on")
    target_value = fields.Float(attribute="outcome.target_value")
    target_on = fields.Date(attribute="outcome.target_on")
    owner = optional_person(lambda item: item.outcome.owner)
    owner_agency = fields.String(attribute="outcome.owner_agency", allow_none=True)
    status = fields.Enum(OnTrack, by_value=fields.String)
    readings = fields.List(fields.Nested(ReadingOut))
    version = fields.Integer(attribute="outcome.version")


class StrategyOut(Answer):
    id = fields.Integer()
    text = fields.String()
    where = fields.Enum(StrategyPlace, by_value=fields.String)


class SessionOut(Answer):
    id = fields.Integer()
    held_on = fields.Date()
    delivered = fields.Boolean()
    missed_reason = fields.String()


class DeliveryOut(Answer):
    planned = fields.Integer()
    delivered = fields.Integer()
    missed = fields.Integer()
    share = fields.Float(allow_none=True, metadata={"description": "Delivered over planned so far; null: none due"})


class ProvisionOut(Answer):
    """Support the child gets, and how much of it was delivered so far."""

    id = fields.Integer(attribute="provision.id")
    support = fields.String(attribute="provision.support")
    person = optional_person(lambda item: item.provision.person)
    agency = fields.String(attribute="provision.agency", allow_none=True)
    sessions_per_week = fields.Float(attribute="provision.sessions_per_week")
    minutes_per_session = fields.Integer(attribute="provision.minutes_per_session")
    starts_on = fields.Date(attribute="provision.starts_on")
    ends_on = fields.Date(attribute="provision.ends_on", allow_none=True)
    delivery = fields.Nested(DeliveryOut)


class PlanOut(Answer):
    """The child's current plan as the caller may read it."""

    id = fields.Integer(attribute="plan.id")
    cycle = fields.Integer(attribute="plan.cycle")
    status = fields.Enum(PlanStatus, by_value=fields.String, attribute="plan.status")
    needs = fields.Dict(attribute="plan.needs", keys=fields.String(), values=fields.String())
    child_views = fields.String(attribute="plan.child_views")
    parent_views = fields.String(attribute="plan.parent_views")
    agreed_version = fields.Function(
        lambda view: view.agreed.number if view.agreed else None,
        metadata={"type": "integer", "nullable": True, "description": "The latest agreed version, if any"},
    )
    review_due_on = fields.Function(
        lambda view: view.next_review.due_on.isoformat() if view.next_review else None,
        metadata={"type": "string", "format": "date", "nullable": True},
    )
    outcomes = fields.List(fields.Nested(OutcomeOut))
    strategies = fields.List(fields.Nested(StrategyOut))
    provision = fields.List(fields.Nested(ProvisionOut))
    version = fields.Integer(attribute="plan.version")
