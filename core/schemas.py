"""Input schemas of the core services: one place that says what valid input is."""

from __future__ import annotations

from datetime import timedelta

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates, validates_schema

from core.access import POSTED_BY_HAND
from core.models import (
    AreaOfNeed,
    AvailabilityKind,
    ContactChannel,
    DocumentKind,
    EntryKind,
    Judgement,
    MeetingPurpose,
    MeetingStatus,
    PersonKind,
    Rsvp,
    SenStatus,
    StrategyPlace,
    Visibility,
)
from core.records.identifiers import nhs_number_field, upn_field
from core.time_bounds import clamp_happened, clamp_planned, happened, planned, plausible
from core.types import LARGEST_ID, utcnow
from core.wall_clock import WallClockProblem, instant
from core.wording import N_

CODE = validate.Regexp(r"^[a-z][a-z0-9_]{0,63}$", error="Use lower-case letters, digits and _.")


def not_blank(value: str) -> None:
    """Text with something in it besides spaces (the API's document says so with a pattern:
    webui.api.accepted)."""
    if not value.strip():
        raise ValidationError(N_("Please fill this in."))


def record_id(**options) -> fields.Integer:
    """The id of a record: a whole number that fits the databases' 32-bit keys."""
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=LARGEST_ID), **options)


def _values(enum_class) -> list[str]:
    return [member.value for member in enum_class]


class SchoolTime(fields.AwareDateTime):
    """A moment: an ISO time with its offset from UTC, or as people type it, a wall-clock time in
    the school's zone (the ``zone`` of a :class:`ZonedInput`), refused when the clocks skip it or
    repeat it (see :mod:`core.wall_clock`)."""

    def __init__(self, **options):
        metadata = options.setdefault("metadata", {})
        how = (
            "With an offset (2027-10-31T01:30:00+01:00), or without one as a time in the school's zone, "
            "refused when the clocks skip it or repeat it"
        )
        metadata["description"] = f"{metadata['description']} {how}" if "description" in metadata else how
        super().__init__(**options)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = fields.DateTime._deserialize(self, value, attr, data, **kwargs)
        if moment.tzinfo is not None and moment.utcoffset() is not None:
            return moment
        zone = getattr(self.root, "zone", None)
        if zone is None:
            raise self.make_error("invalid_awareness", awareness=self.AWARENESS)
        try:
            return instant(moment, zone, field=self.name)
        except WallClockProblem as problem:
            raise ValidationError(problem.reason) from None


class ZonedInput(Schema):
    """Input with times people type: ``zone`` is the school's, which reads a time given without an offset."""

    def __init__(self, *args, zone: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone


class PersonInput(Schema):
    full_name = fields.String(required=True, validate=[validate.Length(max=200), not_blank])
    addressed_as = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(required=True, validate=validate.Length(max=320))
    phone = fields.String(load_default="", validate=validate.Length(max=40))
    kind = fields.Enum(PersonKind, by_value=True, required=True)
    agency = fields.String(load_default=None, allow_none=True, validate=CODE)
    preferred_contact = fields.Enum(ContactChannel, by_value=True, load_default=ContactChannel.EMAIL)
    language = fields.String(load_default="en", validate=validate.Regexp(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"))
    interpreter_needed = fields.Boolean(load_default=False)

    @validates_schema
    def professionals_have_an_agency(self, data, **_):
        if data.get("kind") is PersonKind.PROFESSIONAL and not data.get("agency"):
            raise ValidationError("An agency professional needs an agency.", "agency")

    @validates_schema
    def parents_have_none(self, data, **_):
        """An agency stands for consent to share and for what an agency reads: never a family's."""
        if data.get("kind") is PersonKind.PARENT and data.get("agency"):
            raise ValidationError("A parent or carer belongs to no agency: leave it empty.", "agency")


# A system's name, as the identifiers it gives are kept under it (core.people.directory).
SYSTEM = validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$", error="Use lower-case letters, digits and _, 40 at most.")
MAX_IDENTIFIERS = 10


class IdentifierInput(Schema):
    """An identifier a school's or an agency's system knows a person by: unique in that system."""

    system = fields.String(
        required=True,
        validate=SYSTEM,
        metadata={
            "description": "The system that gives the identifier, named as you choose and always alike: "
            "oneroster or csv for the identifiers of the school's roster import",
            "example": "hillside_mis",
        },
    )
    value = fields.String(
        required=True,
        validate=[validate.Length(max=200), not_blank],
        metadata={
            "description": "The person's identifier in that system; surrounding spaces are ignored",
            "example": "T0042",
        },
    )


class IdentifierChange(IdentifierInput):
    """An identifier as a change takes it: null for the value removes the system's identifier."""

    value = fields.String(
        required=True,
        allow_none=True,
        validate=[validate.Length(max=200), not_blank],
        metadata={"description": "The person's identifier in that system; null to remove it", "example": "T0042"},
    )


def _one_per_system(identifiers) -> dict[int, dict[str, list[str]]]:
    """The identifiers after the first that a system gives, by their place in the list."""
    seen, again = set(), {}
    for at, identifier in enumerate(identifiers or []):
        if identifier["system"] in seen:
            again[at] = {"system": ["A system gives a person one identifier: send it once."]}
        seen.add(identifier["system"])
    return again


class AccountInput(PersonInput):
    """An account another system opens, with the identifiers it and others know the person by."""

    identifiers = fields.List(
        fields.Nested(IdentifierInput), load_default=list, validate=validate.Length(max=MAX_IDENTIFIERS)
    )

    @validates_schema
    def one_identifier_per_system(self, data, **_):
        if again := _one_per_system(data.get("identifiers")):
            raise ValidationError({"identifiers": again})


class AccountChange(Schema):
    """What another system changes of an account, those fields sent only; how the person is
    addressed and contacted is theirs (PreferencesInput), and the kind of account stays."""

    full_name = fields.String(validate=[validate.Length(max=200), not_blank])
    email = fields.Email(validate=validate.Length(max=320))
    phone = fields.String(validate=validate.Length(max=40))
    active = fields.Boolean(metadata={"description": "false closes the account, ending its sessions and tokens"})
    identifiers = fields.List(
        fields.Nested(IdentifierChange),
        validate=validate.Length(max=MAX_IDENTIFIERS),
        metadata={"description": "Each system's identifier set or, with a null value, removed; others kept"},
    )

    @validates_schema
    def one_identifier_per_system(self, data, **_):
        if again := _one_per_system(data.get("identifiers")):
            raise ValidationError({"identifiers": again})


class PeopleQuery(Schema):
    """Accounts a page at a time, or the one a system knows by an identifier."""

    after = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0, max=LARGEST_ID),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    system = fields.String(
        load_default=None,
        validate=SYSTEM,
        metadata={"description": "With identifier: the person that system knows by it"},
    )
    identifier = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "With system: the person that system knows by it"},
    )

    @validates_schema
    def both_or_neither(self, data, **_):
        for name, other in (("system", "identifier"), ("identifier", "system")):
            if data.get(name) is not None and data.get(other) is None:
                raise ValidationError(f"Send {other} with {name}: an identifier is one system's.", other)


class PreferencesInput(Schema):
    """How a person wants to be contacted and addressed; all optional, only what is sent changes."""

    addressed_as = fields.String(validate=validate.Length(max=200))
    phone = fields.String(validate=validate.Length(max=40))
    preferred_contact = fields.Enum(ContactChannel, by_value=True)
    language = fields.String(validate=validate.Regexp(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"))
    interpreter_needed = fields.Boolean()
    shares_contact_details = fields.Boolean()


# What the child needs, in the words of each broad area of need that applies.
NeedsInput = Schema.from_dict(
    {area.value: fields.String(validate=validate.Length(max=4000)) for area in AreaOfNeed}, name="NeedsInput"
)


class ChildInput(Schema):
    full_name = fields.String(required=True, validate=[validate.Length(max=200), not_blank])
    preferred_name = fields.String(load_default="", validate=validate.Length(max=100))
    date_of_birth = fields.Date(required=True)
    year_group = fields.String(load_default="", validate=validate.Length(max=40))
    sen_status = fields.Enum(SenStatus, by_value=True, load_default=SenStatus.SEN_SUPPORT)
    # An object, not a free dict, so the document names the areas of need, the only keys taken.
    needs = fields.Nested(NeedsInput, load_default=dict)
    strengths = fields.String(load_default="", validate=validate.Length(max=4000))
    about_me = fields.String(load_default="", validate=validate.Length(max=4000))
    upn = upn_field(load_default=None, allow_none=True)
    nhs_number = nhs_number_field(load_default=None, allow_none=True)

    @validates("date_of_birth")
    def born_in_the_past(self, value, **_):
        if value > utcnow().date():
            raise ValidationError("A date of birth cannot be in the future.")
        happened(value)


class MembershipInput(Schema):
    person_id = record_id(load_default=None, allow_none=True)
    email = fields.Email(load_default=None, allow_none=True)
    role = fields.String(required=True, validate=CODE)
    is_lead = fields.Boolean(load_default=False)

    @validates_schema
    def names_one_person(self, data, **_):
        if (data.get("person_id") is None) == (data.get("email") is None):
            raise ValidationError("Give the person's account id or email address.", "person_id")


class EntryInput(ZonedInput):
    # The other kinds are written by the services that own them (core.timeline.entries refuses them).
    kind = fields.Enum(
        EntryKind, by_value=True, required=True, metadata={"enum": sorted(kind.value for kind in POSTED_BY_HAND)}
    )
    title = fields.String(required=True, validate=[validate.Length(max=200), not_blank])
    body = fields.String(load_default="", validate=validate.Length(max=20000))
    occurred_at = SchoolTime(load_default=None, allow_none=True, validate=happened)
    visibility = fields.Enum(Visibility, by_value=True, load_default=Visibility.TEAM)
    reply_to = record_id(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "The message this one answers, in a message (kind message); a reply keeps its "
            "thread's visibility."
        },
    )


class ParentSummaryInput(Schema):
    """An assessment's plain summary for the family, as its author edited it: each part said."""

    measured = fields.String(required=True, validate=[validate.Length(max=2000), not_blank])
    found = fields.String(required=True, validate=[validate.Length(max=2000), not_blank])
    next_steps = fields.String(required=True, validate=[validate.Length(max=2000), not_blank])


class AssessmentInput(ZonedInput):
    assessment_type = fields.String(required=True, validate=validate.Length(max=100))
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    body = fields.String(load_default="", validate=validate.Length(max=20000))
    occurred_at = SchoolTime(load_default=None, allow_none=True, validate=happened)
    visibility = fields.Enum(Visibility, by_value=True, load_default=Visibility.PROFESSIONALS)
    payload = fields.Dict(required=True)
    parent_summary = fields.Nested(
        ParentSummaryInput,
        load_default=None,
        allow_none=True,
        metadata={
            "description": "The plain summary for the family, where its author changed the one the form generates."
        },
    )


class EntryEditInput(ZonedInput):
    """A correction by the entry's author: the title, the words or when it happened; never who
    posted it or when."""

    title = fields.String(validate=[validate.Length(max=200), not_blank])
    body = fields.String(validate=validate.Length(max=20000))
    occurred_at = SchoolTime(validate=happened)


class TimelineQuery(Schema):
    cursor = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    kinds = fields.List(fields.Enum(EntryKind, by_value=True), load_default=list)
    agencies = fields.List(fields.String(validate=CODE), load_default=list)
    since = fields.Date(load_default=None, allow_none=True, metadata={"description": "Entries on or after this day"})
    until = fields.Date(load_default=None, allow_none=True, metadata={"description": "Entries on or before this day"})

    @post_load
    def within_plausible_days(self, data, **_):
        return data | {"since": clamp_happened(data["since"]), "until": clamp_happened(data["until"])}


class CaseloadQuery(Schema):
    """A caseload narrowed and ordered (core.messaging.caseload); an empty field narrows nothing."""

    name = fields.String(load_default="", validate=validate.Length(max=200))
    needs = fields.String(load_default="", validate=validate.OneOf(["", "overdue", "attention"]))
    plan = fields.String(load_default="", validate=validate.OneOf(["", *_values(SenStatus)]))
    year = fields.String(load_default="", validate=validate.Length(max=40))
    order = fields.String(load_default="urgency", validate=validate.OneOf(["urgency", "name"]))


STRUCTURED_CONVERSATION = ("explore", "focus", "plan", "review")
MAX_MEETING_LENGTH = timedelta(hours=8)


class ConversationInput(Schema):
    """The structured conversation's four parts: explore, focus, plan, review."""

    explore = fields.String(load_default="", validate=validate.Length(max=10000))
    focus = fields.String(load_default="", validate=validate.Length(max=10000))
    plan = fields.String(load_default="", validate=validate.Length(max=10000))
    review = fields.String(load_default="", validate=validate.Length(max=10000))


class AttendeeInput(Schema):
    person_id = record_id(required=True)
    required = fields.Boolean(load_default=True)


def _check_times(data):
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends:
        if ends <= starts:
            raise ValidationError("A meeting ends after it starts.", "ends_at")
        if ends - starts > MAX_MEETING_LENGTH:
            raise ValidationError("A meeting lasts at most 8 hours.", "ends_at")


class MeetingInput(ZonedInput):
    purpose = fields.Enum(MeetingPurpose, by_value=True, required=True)
    title = fields.String(load_default="", validate=validate.Length(max=200))
    starts_at = SchoolTime(required=True, validate=planned)
    ends_at = SchoolTime(required=True, validate=planned)
    location = fields.String(load_default="", validate=validate.Length(max=300))
    online_link = fields.Url(load_default="", schemes={"https"}, validate=validate.Length(max=500))
    status = fields.Enum(
        MeetingStatus,
        by_value=True,
        load_default=MeetingStatus.CONFIRMED,
        validate=validate.OneOf([MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED]),
    )
    attendees = fields.List(fields.Nested(AttendeeInput), load_default=list, validate=validate.Length(max=50))
    agenda = fields.Nested(ConversationInput, load_default=dict)

    @validates_schema
    def times_make_sense(self, data, **_):
        _check_times(data)


class MeetingChangeInput(ZonedInput):
    """A change of time or place: the invite goes out again with a higher SEQUENCE."""

    title = fields.String(validate=validate.Length(max=200))
    starts_at = SchoolTime(validate=planned)
    ends_at = SchoolTime(validate=planned)
    location = fields.String(validate=validate.Length(max=300))
    online_link = fields.Url(schemes={"https"}, validate=validate.Length(max=500))
    status = fields.Enum(
        MeetingStatus, by_value=True, validate=validate.OneOf([MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED])
    )
    agenda = fields.Nested(ConversationInput)


class ActionInput(Schema):
    owner_id = record_id(required=True)
    text = fields.String(required=True, validate=[validate.Length(max=2000), not_blank])
    due_on = fields.Date(required=True, validate=planned)


class RsvpInput(Schema):
    answer = fields.Enum(
        Rsvp, by_value=True, required=True, validate=validate.OneOf([Rsvp.ACCEPTED, Rsvp.TENTATIVE, Rsvp.DECLINED])
    )


class AvailabilityInput(ZonedInput):
    """A time someone can come (free) or cannot (busy), once or weekly until a date."""

    kind = fields.Enum(AvailabilityKind, by_value=True, load_default=AvailabilityKind.FREE)
    starts_at = SchoolTime(required=True, validate=planned)
    ends_at = SchoolTime(
        required=True, validate=planned, metadata={"description": "After starts_at, and at most a day later."}
    )
    weekly_until = fields.Date(
        load_default=None,
        allow_none=True,
        validate=planned,
        metadata={"description": "On or after the day it starts, and at most a year later."},
    )
    where = fields.String(load_default="", validate=validate.Length(max=200))

    @validates_schema
    def times_make_sense(self, data, **_):
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            raise ValidationError("The time must end after it starts.", "ends_at")
        if starts and ends and ends - starts > timedelta(hours=24):
            raise ValidationError("Offer at most a day at a time; repeat it weekly instead.", "ends_at")
        until = data.get("weekly_until")
        if until and starts and until < starts.date():
            raise ValidationError("The last week comes after the first.", "weekly_until")
        if until and starts and until > starts.date() + timedelta(days=366):
            raise ValidationError("Repeat weekly for a year at most.", "weekly_until")


class TimeFinderInput(Schema):
    required = fields.List(
        record_id(),
        required=True,
        validate=[
            validate.Length(min=1, error=N_("Choose at least one person who must come.")),
            validate.Length(max=30),
        ],
        error_messages={"required": N_("Choose at least one person who must come.")},
    )
    optional = fields.List(record_id(), load_default=list, validate=validate.Length(max=30))
    duration_minutes = fields.Integer(
        required=True,
        validate=validate.Range(min=15, max=480),
        error_messages={
            "required": N_("Say how long the meeting is, in minutes."),
            "null": N_("Say how long the meeting is, in minutes."),
        },
    )
    window_start = fields.Date(required=True)
    window_end = fields.Date(required=True)
    outside_school_hours = fields.Boolean(load_default=False)

    @validates_schema
    def window_makes_sense(self, data, **_):
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end < start:
            raise ValidationError("The last day comes after the first.", "window_end")
        if start and end and end - start > timedelta(days=62):
            raise ValidationError("Look at most two months ahead at a time.", "window_end")

    @post_load
    def within_planned_days(self, data, **_):
        return data | {name: clamp_planned(data[name]) for name in ("window_start", "window_end")}


# The shared plan. SMART is the SEND Code of Practice's test of a good outcome
# (6.48, 9.66): these messages say what is missing in the words a parent uses.
SMART = (
    "A SMART target is specific, measurable, achievable, realistic and time-bound: say what the child "
    "will do, how it is counted, where they are now, where they will be, and by when."
)


def smart_problems(values) -> dict[str, list[str]]:
    """What an outcome lacks to be SMART, by field; empty when it is SMART enough to check."""
    problems: dict[str, list[str]] = {}
    if not (values.get("unit") or "").strip():
        problems["unit"] = [
            "Measurable: say what is counted, for example 'steps followed', 'words read in a minute' "
            "or 'times out of 5'."
        ]
    if values.get("baseline_value") is None:
        problems["baseline_value"] = ["Say where the child is now (the baseline), as a number in the same unit."]
    if values.get("baseline_on") is None:
        problems["baseline_on"] = ["Say when the baseline was measured."]
    if values.get("target_value") is None:
        problems["target_value"] = ["Measurable: give the target as a number, so everyone can tell when it is met."]
    if values.get("target_on") is None:
        problems["target_on"] = ["Time-bound: give the date by which the target should be met."]
    baseline, target = values.get("baseline_value"), values.get("target_value")
    if baseline is not None and target is not None and baseline == target:
        problems["target_value"] = ["The target is a change from the baseline: where will the child be?"]
    started, due = values.get("baseline_on"), values.get("target_on")
    if started is not None and due is not None and due <= started:
        problems["target_on"] = ["Time-bound: the target date comes after the baseline was measured."]
    if problems:
        problems["_schema"] = [SMART]
    return problems


class PlanInput(Schema):
    """The plan's own words; only what is sent changes."""

    needs = fields.Dict(
        keys=fields.String(validate=validate.OneOf(_values(AreaOfNeed))),
        values=fields.String(validate=validate.Length(max=4000)),
        metadata={"description": "The needs in every area of need, replacing those described before"},
    )
    child_views = fields.String(validate=validate.Length(max=10000))
    parent_views = fields.String(validate=validate.Length(max=10000))


class OutcomeInput(Schema):
    """A SMART outcome. Sent whole to add one; to change one, only what changes (checked whole after)."""

    area = fields.Enum(AreaOfNeed, by_value=True, required=True)
    text = fields.String(required=True, validate=[validate.Length(max=2000), not_blank])
    unit = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    baseline_value = fields.Float(load_default=None, allow_none=True, allow_nan=False)
    baseline_on = fields.Date(load_default=None, allow_none=True, validate=happened)
    target_value = fields.Float(load_default=None, allow_none=True, allow_nan=False)
    target_on = fields.Date(load_default=None, allow_none=True, validate=plausible)
    owner_id = record_id(load_default=None, allow_none=True)
    owner_agency = fields.String(load_default=None, allow_none=True, validate=CODE)

    @validates_schema
    def is_smart(self, data, partial=False, **_):
        if not partial and (problems := smart_problems(data)):
            raise ValidationError(problems)


class StrategyInput(Schema):
    text = fields.String(required=True, validate=[validate.Length(max=2000), not_blank])
    where = fields.Enum(StrategyPlace, by_value=True, required=True)


class ProvisionInput(Schema):
    """Support for the child: what, by whom, how often (3 sessions of 20 minutes a week), from when to when."""

    support = fields.String(required=True, validate=[validate.Length(max=2000), not_blank])
    person_id = record_id(load_default=None, allow_none=True)
    agency = fields.String(load_default=None, allow_none=True, validate=CODE)
    sessions_per_week = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(min=0, min_inclusive=False, max=35),
        metadata={"description": "0.5 for once a fortnight"},
    )
    minutes_per_session = fields.Integer(required=True, validate=validate.Range(min=1, max=480))
    starts_on = fields.Date(required=True, validate=plausible)
    ends_on = fields.Date(load_default=None, allow_none=True, validate=plausible)

    @validates_schema
    def dates_make_sense(self, data, **_):
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            raise ValidationError("Support ends on or after the day it starts.", "ends_on")


class ReadingInput(Schema):
    taken_on = fields.Date(required=True, validate=happened)
    value = fields.Float(required=True, allow_nan=False)
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class SessionInput(Schema):
    """One entry in a provision's delivery log."""

    held_on = fields.Date(required=True, validate=happened)
    delivered = fields.Boolean(required=True)
    missed_reason = fields.String(
        load_default="",
        validate=validate.Length(max=2000),
        metadata={"description": "Why it was missed: needed, not blank, when delivered is false."},
    )

    @validates_schema
    def a_missed_session_says_why(self, data, **_):
        if data.get("delivered") is False and not data.get("missed_reason", "").strip():
            raise ValidationError("Say why the session was missed, so the family knows.", "missed_reason")


class ReviewInput(Schema):
    due_on = fields.Date(required=True, validate=planned)


class JudgementInput(Schema):
    outcome_id = record_id(required=True)
    judgement = fields.Enum(Judgement, by_value=True, required=True)
    comment = fields.String(load_default="", validate=validate.Length(max=4000))


class HeldReviewInput(Schema):
    """The review of a plan: each outcome judged achieved, partly or not yet, with a comment."""

    held_on = fields.Date(load_default=None, allow_none=True, validate=happened)
    judgements = fields.List(fields.Nested(JudgementInput), required=True, validate=validate.Length(max=100))
    summary = fields.String(load_default="", validate=validate.Length(max=10000))


class NextCycleInput(Schema):
    review_due_on = fields.Date(required=True, validate=planned)


class DocumentInput(Schema):
    """A document for the child's file, named in the adder's own words; its file comes apart."""

    title = fields.String(required=True, validate=[validate.Length(max=200), not_blank])
    kind = fields.Enum(DocumentKind, by_value=True, load_default=DocumentKind.OTHER)
    about_on = fields.Date(
        load_default=None,
        allow_none=True,
        validate=happened,
        metadata={"description": "The day it is about; today when left out"},
    )
    visibility = fields.Enum(Visibility, by_value=True, load_default=Visibility.TEAM)
    agency = fields.String(
        load_default=None,
        allow_none=True,
        validate=CODE,
        metadata={"description": "With visibility agency: the one agency in the team that reads it"},
    )
