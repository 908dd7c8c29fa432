"""Meetings the caller may see, answering invites, and offering times."""

from __future__ import annotations

from flask.views import MethodView

from core.meetings import across_children, availability
from core.meetings import booking as meetings
from core.schemas import AvailabilityInput, RsvpInput
from webui.api import caller, documented, json_body, make_blueprint, query_args
from webui.api.schemas import AttendeeOut, MeetingOut, MeetingPage, SlotOut
from webui.database import get_db
from webui.formatting import school_zone_name

blueprint = make_blueprint("meetings", "Meetings, invite answers and availability.")


@blueprint.route("/meetings")
class Meetings(MethodView):
    @blueprint.doc(parameters=[{"in": "query", "schema": across_children.MeetingsQuery}])
    @blueprint.response(200, MeetingPage)
    @documented(blueprint, 400)
    def get(self):
        """Your meetings across every child whose team you are in, soonest first, a page at a
        time (cancelled ones included, marked so); ``since`` leaves out those already over."""
        page = across_children.meetings_page(get_db(), caller(), query_args(across_children.MeetingsQuery))
        return {"meetings": page.meetings, "next_cursor": page.next_cursor}


@blueprint.route("/children/<int:child_id>/meetings")
class ChildMeetings(MethodView):
    @blueprint.response(200, MeetingOut(many=True))
    @documented(blueprint, 404)
    def get(self, child_id):
        """The child's meetings, soonest first (cancelled ones included, marked so)."""
        overview = meetings.child_overview(get_db(), caller(), child_id, attendees=True)
        return overview.past[::-1] + overview.upcoming


@blueprint.route("/meetings/<int:meeting_id>")
class Meeting(MethodView):
    @blueprint.response(200, MeetingOut)
    @documented(blueprint, 404)
    def get(self, meeting_id):
        """One meeting, with its attendees and their answers."""
        return meetings.view(get_db(), caller(), meeting_id)[1]


@blueprint.route("/meetings/<int:meeting_id>/rsvp")
class Answer(MethodView):
    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": RsvpInput}}})
    @blueprint.response(200, AttendeeOut)
    @documented(blueprint, 400, 403, 404)
    def post(self, meeting_id):
        """Answer your own invite: accepted, tentative or declined."""
        return meetings.respond(get_db(), caller(), meeting_id, json_body())


@blueprint.route("/availability")
class Availability(MethodView):
    @blueprint.response(200, SlotOut(many=True))
    @documented(blueprint)
    def get(self):
        """The times you have offered or marked busy."""
        return availability.own_slots(get_db(), caller())

    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": AvailabilityInput}}})
    @blueprint.response(201, SlotOut)
    @documented(blueprint, 400)
    def post(self):
        """Offer a time you can come to meetings (or mark one busy), once or weekly."""
        return availability.offer(get_db(), caller(), json_body(), zone=school_zone_name())


@blueprint.route("/availability/<int:slot_id>")
class Slot(MethodView):
    @blueprint.response(204)
    @documented(blueprint, 404)
    def delete(self, slot_id):
        """Withdraw a time you offered."""
        availability.withdraw(get_db(), caller(), slot_id)
