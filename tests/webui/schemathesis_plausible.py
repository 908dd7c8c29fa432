"""What the positive schemathesis run (test_api_fuzz.py) sends: requests the OpenAPI document
says the server accepts, where the document can only say it in words.

OpenAPI 3.0's JSON Schema cannot bound a date by today or compare two fields, so the document
states those rules in descriptions, and these hooks keep generated requests inside them: days
and moments that are both plausibly past and plausibly planned (core.time_bounds: from
yesterday to now), a time offered that ends after it starts and within a day, a missed session
with its reason, a changed target that stays SMART, an attachment to exactly one thing, and a
timeline cursor only as the server gave it out (it is opaque), and a reply only from a message.
A file is text, one of the kinds kept.
"""

from datetime import UTC, datetime, timedelta, timezone

import one_ast_parse_at_a_time  # noqa: F401  (before hypothesis parses anything)
import schemathesis
from hypothesis import strategies as st

from core.types import LARGEST_ID

now = datetime.now(UTC)
yesterday = datetime.combine(now.date() - timedelta(days=1), datetime.min.time(), UTC)
# ISO 8601 allows offsets up to 23:59 either way; the instant stays in the window.
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(lambda m: timedelta(minutes=m))
moments = st.builds(
    lambda seconds, offset: (yesterday + timedelta(seconds=seconds)).astimezone(timezone(offset)).isoformat(),
    st.integers(min_value=0, max_value=int((now - yesterday).total_seconds())),
    offsets,
)
days = st.sampled_from([yesterday.date(), now.date()]).map(lambda day: day.isoformat())
text_files = st.text(st.characters(codec="ascii", categories=["L", "N", "Zs"]), min_size=1, max_size=200).map(
    str.encode
)

schemathesis.openapi.format("date-time", moments)
schemathesis.openapi.format("date", days)
schemathesis.openapi.format("binary", text_files)


def plausible(value) -> bool:
    """Whether every day and moment in a body is in the window: the fuzzing phase mixes in
    values from the document's examples, which were plausible on the day they were recorded."""
    if isinstance(value, dict):
        return all(plausible(part) for part in value.values())
    if isinstance(value, list):
        return all(plausible(part) for part in value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        return yesterday.date().isoformat() <= value <= now.date().isoformat()
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return yesterday <= datetime.fromisoformat(value) <= now
        except ValueError:
            return True
    return True


@schemathesis.hook
def filter_body(context, body):
    return plausible(body)


@schemathesis.hook("filter_body").apply_to(operation_id="postAvailability")
def offered_time_ends_after_it_starts_within_a_day(context, body):
    starts, ends = datetime.fromisoformat(body["starts_at"]), datetime.fromisoformat(body["ends_at"])
    until = body.get("weekly_until")
    return starts < ends <= starts + timedelta(days=1) and (until is None or until >= starts.date().isoformat())


@schemathesis.hook("filter_body").apply_to(operation_id="postSessions")
def a_missed_session_says_why(context, body):
    return body["delivered"] or bool(body.get("missed_reason", "").strip())


ATTACHMENT_TARGETS = ("entry_id", "meeting_id", "review_id")


@schemathesis.hook("flatmap_body").apply_to(operation_id="postAttachments")
def attached_to_exactly_one_thing(context, body):
    """The first of the targets generated, or one chosen when none was. Filtering for bodies
    with exactly one made Hypothesis's health check fail now and then (too many filtered out):
    three optional fields have exactly one present in fewer than half of the bodies."""
    present = [name for name in ATTACHMENT_TARGETS if body.get(name) is not None]
    if present:
        return st.just({present[0]: body[present[0]]})
    return st.tuples(st.sampled_from(ATTACHMENT_TARGETS), st.integers(min_value=1, max_value=LARGEST_ID)).map(
        lambda target: {target[0]: target[1]}
    )


@schemathesis.hook("map_body").apply_to(operation_id="patchOutcome")
def a_changed_target_stays_smart(context, body):
    """A change to a target is checked whole with what it leaves as it was, and must stay SMART
    (core.schemas.smart_problems): a rule across the body and the stored target no schema says.
    So no measure is emptied, the days and numbers come in pairs, and a pair is a change: the
    baseline measured yesterday, the target due today, the target another number than the
    baseline (its opposite, or 1 from 0: a huge number plus one is the same number)."""
    if not isinstance(body, dict):
        return body
    changed = {name: value for name, value in body.items() if name not in SMART_FIELDS or _given(value)}
    if {"baseline_on", "target_on"} & changed.keys():
        changed |= {"baseline_on": yesterday.date().isoformat(), "target_on": now.date().isoformat()}
    if {"baseline_value", "target_value"} & changed.keys():
        baseline = changed.get("baseline_value", 0)
        target = changed.get("target_value", baseline + 1)
        changed |= {"baseline_value": baseline, "target_value": target if target != baseline else -baseline or 1.0}
    return changed


def _given(value) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


SMART_FIELDS = ("unit", "baseline_value", "baseline_on", "target_value", "target_on")


@schemathesis.hook("filter_query").apply_to(operation_id="getTimeline")
def no_cursor_the_server_did_not_give(context, query):
    return not query or "cursor" not in query or query["cursor"] is None


@schemathesis.hook("filter_body").apply_to(operation_id="postTimeline")
def only_a_message_answers_a_message(context, body):
    return body.get("reply_to") is None or body["kind"] == "message"


@schemathesis.hook("map_body").apply_to(operation_id="postWebhooks")
def a_webhook_sends_to_a_public_https_address(context, body):
    """Where a webhook may send depends on what the address resolves to (core.webhooks.targets),
    which no schema says; the children named must be ones the caller reads (409 otherwise)."""
    return {"url": "https://8.8.8.8/teamaround"}


def _with_fitting_identifiers(body):
    """A UPN's check letter and an NHS number's check digit are sums no schema says
    (core.records.identifiers): any identifier sent is one whose check fits."""
    return {**body, **{name: value for name, value in VALID_IDENTIFIERS.items() if body.get(name) is not None}}


@schemathesis.hook("map_body").apply_to(operation_id="postChildren")
def a_new_childs_identifiers_fit_their_checks(context, body):
    return _with_fitting_identifiers(body)


@schemathesis.hook("map_body").apply_to(operation_id="patchOneChild")
def a_childs_changed_identifiers_fit_their_checks(context, body):
    return _with_fitting_identifiers(body)


@schemathesis.hook("filter_query").apply_to(operation_id="getChildren")
def identifiers_asked_for_fit_their_checks(context, query):
    return not query or all(query.get(name) in (None, VALID_IDENTIFIERS[name]) for name in VALID_IDENTIFIERS)


@schemathesis.hook("filter_query").apply_to(operation_id="getMeetings")
def no_meetings_cursor_the_server_did_not_give(context, query):
    return not query or query.get("after") is None


@schemathesis.hook("filter_query").apply_to(operation_id="getAssessments")
def no_assessments_cursor_the_server_did_not_give(context, query):
    return not query or query.get("cursor") is None


VALID_IDENTIFIERS = {"upn": "B801200005001", "nhs_number": "9434765919"}


@schemathesis.hook("filter_query").apply_to(operation_id="getPeople")
def an_identifier_asked_for_names_its_system(context, query):
    """An identifier is one system's: the two are asked for together (webui.api.people)."""
    return not query or (query.get("system") is None) == (query.get("identifier") is None)


def _one_identifier_per_system(body):
    """A system gives a person one identifier (core.schemas.AccountInput), and a professional
    has an agency (core.schemas.PersonInput): rules across a body's parts no schema says."""
    if not isinstance(body, dict):
        return body
    mended = dict(body)
    if isinstance(body.get("identifiers"), list):
        firsts = {}
        for identifier in body["identifiers"]:
            firsts.setdefault(identifier.get("system") if isinstance(identifier, dict) else None, identifier)
        mended["identifiers"] = list(firsts.values())
    if body.get("kind") == "professional" and not body.get("agency"):
        mended["agency"] = "health"
    return mended


@schemathesis.hook("map_body").apply_to(operation_id="postPeople")
def a_new_accounts_identifiers_are_one_per_system(context, body):
    return _one_identifier_per_system(body)


@schemathesis.hook("map_body").apply_to(operation_id="patchOnePerson")
def a_changed_accounts_identifiers_are_one_per_system(context, body):
    return _one_identifier_per_system(body)


@schemathesis.hook("filter_body").apply_to(operation_id="postEhcDecisions")
def a_decision_after_a_review_names_it(context, body):
    """A decision after an annual review names that review, and only such a decision names one
    (core.cases.ehc_inputs.DecisionInput): a rule across two fields no schema says."""
    return (body.get("decision") in ("keep", "amend", "cease")) == (body.get("review_id") is not None)


@schemathesis.hook("map_body").apply_to(operation_id="postChildReferrals")
def a_referral_answers_the_questions_of_an_installed_service(context, body):
    """A referral goes to an installed service and answers the questions it asks, and only
    those (core.cases.referral_questions): rules that hang on the plugins installed."""
    if not isinstance(body, dict):
        return body
    return {**body, "agency": "occupational_therapy", "answers": {"tried": "A pencil grip since May."}}
