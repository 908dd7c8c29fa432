"""The shared timeline: read by keyset pages, post entries and assessments, acknowledge, correct, withdraw."""

from __future__ import annotations

from flask import Response, jsonify
from flask.views import MethodView

from core.access import ChildAccess
from core.models import EntryKind, TimelineEntry
from core.schemas import EntryEditInput, EntryInput, TimelineQuery
from core.timeline import entries as timeline
from core.timeline.entries import TimelinePage
from webui import kept_pages
from webui.api import IF_MATCH, caller, documented, etag, if_match, json_body, make_blueprint, query_args
from webui.api.payloads import REQUEST
from webui.api.schemas import AcknowledgementOut, EntryOut, TimelinePageOut, entry_answer
from webui.database import get_db, plugin_host
from webui.formatting import school_zone_name
from webui.wording import reader

ASSESSMENT_REQUEST = {"$ref": f"#/components/schemas/{REQUEST}"}

blueprint = make_blueprint("timeline", "The child's shared timeline, under the access policy.")


class _SummaryOnly:
    """An entry as read by someone kept to an assessment's plain summary: without the form's
    fields (``payload``), exactly as the timeline page shows it to them."""

    payload = None

    def __init__(self, entry: TimelineEntry):
        self._entry = entry

    def __getattr__(self, name: str):
        return getattr(self._entry, name)


def as_read(access: ChildAccess, entry: TimelineEntry) -> TimelineEntry | _SummaryOnly:
    """The entry as ``access``'s person may read it (:meth:`ChildAccess.may_see_assessment_details`)."""
    return readable_entry(access.may_see_assessment_details(), entry)


def readable_entry(sees_assessment_details: bool, entry: TimelineEntry) -> TimelineEntry | _SummaryOnly:
    """The entry with its assessment form's fields, or kept to the plain summary (an entry
    without a form's fields is the same either way, and is read without the wrapper's cost)."""
    return entry if sees_assessment_details or entry.payload is None else _SummaryOnly(entry)


def page_answer(page: TimelinePage) -> Response:
    """The page as :class:`TimelinePageOut` writes it, each entry as :func:`entry_answer` builds
    it instead of through marshmallow; a Response, which flask-smorest sends as it is."""
    sees_assessment_details, reading = page.access.may_see_assessment_details(), reader()
    return jsonify({
        "entries": [entry_answer(entry, sees_assessment_details, reading) for entry in page.entries],
        "next_cursor": page.next_cursor,
    })


@blueprint.route("/children/<int:child_id>/timeline")
class Timeline(MethodView):
    @blueprint.doc(parameters=[{"in": "query", "schema": TimelineQuery}])
    @blueprint.response(200, TimelinePageOut)
    @documented(blueprint, 400, 404)
    def get(self, child_id):
        """Newest first by when things happened; follow ``next_cursor`` for older entries."""
        db, person = get_db(), caller()

        def render() -> tuple[str, list[int]]:
            page = timeline.read_timeline(db, person, child_id, query_args(TimelineQuery))
            return page_answer(page).get_data(as_text=True), [entry.id for entry in page.entries]

        return kept_pages.api_answer(
            render, again=lambda entry_ids: timeline.read_timeline_again(db, person, child_id, entry_ids)
        )

    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": EntryInput}}})
    @blueprint.response(201, EntryOut)
    @documented(blueprint, 400, 403, 404)
    def post(self, child_id):
        """Post an update, home observation, message or document."""
        return timeline.post_entry(
            get_db(), caller(), child_id, json_body(), host=plugin_host(), zone=school_zone_name()
        )


class AssessmentsQuery(TimelineQuery):
    """The timeline's query, kept to assessments."""

    class Meta:
        exclude = ("kinds",)


@blueprint.route("/children/<int:child_id>/assessments")
class Assessments(MethodView):
    @blueprint.doc(parameters=[{"in": "query", "schema": AssessmentsQuery}])
    @blueprint.response(200, TimelinePageOut)
    @documented(blueprint, 400, 404)
    def get(self, child_id):
        """The child's assessments you may read, newest first, as on the timeline (a parent reads
        each one's plain summary); follow ``next_cursor`` for older ones."""
        query = {**query_args(AssessmentsQuery), "kinds": [EntryKind.ASSESSMENT.value]}
        return page_answer(timeline.read_timeline(get_db(), caller(), child_id, query))

    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": ASSESSMENT_REQUEST}}})
    @blueprint.response(201, EntryOut)
    @documented(blueprint, 400, 403, 404)
    def post(self, child_id):
        """Record an assessment; ``payload`` is checked by the assessment type's own schema, published
        in this document (one request shape per type) and at ``/assessment-types/{key}``."""
        return timeline.post_assessment(
            get_db(), caller(), child_id, json_body(), host=plugin_host(), zone=school_zone_name()
        )


@blueprint.route("/entries/<int:entry_id>")
class Entry(MethodView):
    @blueprint.response(200, EntryOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 404)
    def get(self, entry_id):
        """One entry; its ETag is what a correction sends back in If-Match."""
        access, entry = timeline.get_entry(get_db(), caller(), entry_id)
        return as_read(access, entry), 200, {"ETag": etag(entry.version)}

    @blueprint.doc(
        requestBody={"required": True, "content": {"application/json": {"schema": EntryEditInput}}},
        parameters=[IF_MATCH],
    )
    @blueprint.response(200, EntryOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 400, 403, 404, 409, 412, 428)
    def patch(self, entry_id):
        """Correct your own entry's title, words or when it happened, on the version you read (If-Match)."""
        entry = timeline.edit_entry(
            get_db(), caller(), entry_id, json_body(), expected_version=if_match(), zone=school_zone_name()
        )
        return entry, 200, {"ETag": etag(entry.version)}


@blueprint.route("/entries/<int:entry_id>/acknowledgements")
class Acknowledgements(MethodView):
    @blueprint.response(201, AcknowledgementOut)
    @documented(blueprint, 403, 404)
    def post(self, entry_id):
        """Say you have seen an entry, and the changes made together with it (one item on the
        timeline: plan changes one person made in the same minute); saying it again keeps the first time."""
        return timeline.acknowledge(get_db(), caller(), entry_id)



@blueprint.route("/entries/<int:entry_id>/withdrawal")
class Withdrawal(MethodView):
    @blueprint.response(201, EntryOut)
    @documented(blueprint, 403, 404)
    def post(self, entry_id):
        """Withdraw an entry (its author or the lead): it keeps its place, saying who withdrew it
        and when, without its words; withdrawing again keeps the first withdrawal."""
        return timeline.withdraw_entry(get_db(), caller(), entry_id)
