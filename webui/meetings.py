"""Meetings: booking one, its page, its invite, answers, notes, actions, and calendar feeds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.http import http_date

from core.documents import attachments
from core.errors import InvalidInput, NotFound, StaleVersion
from core.meetings import availability, feeds
from core.meetings import booking as meetings
from core.meetings import report_requests as reports
from core.schemas import STRUCTURED_CONVERSATION
from core.types import utcnow
from webui import kept_pages
from webui.auth import current_person
from webui.database import get_db, site
from webui.errors import changed_meanwhile
from webui.formatting import typed_time
from webui.mailer import mail_queued
from webui.request_bodies import accepts_upload

blueprint = Blueprint("meetings", __name__)

CALENDAR = "text/calendar; charset=utf-8"


@blueprint.route("/children/<int:child_id>/meetings")
@login_required
def child_meetings(child_id: int):
    # Said of the minute it is, as meetings' times are (one that ends within it is over): the
    # page is kept for that minute.
    db, person, now = get_db(), current_person(), kept_pages.end_of_the_minute(utcnow())
    return kept_pages.answer(
        lambda: (_meetings_page(child_id, now=now), None),
        again=lambda _: meetings.view_meetings_again(db, person, child_id),
        also=(now,),
        also_now=lambda: (kept_pages.end_of_the_minute(utcnow()),),
    )


def _meetings_page(child_id: int, *, now: datetime, errors=None, form=None) -> str:
    overview = meetings.child_overview(get_db(), current_person(), child_id, now=now)
    return render_template(
        "meetings.html", overview=overview, child=overview.access.child,
        window=((now + timedelta(days=1)).date().isoformat(), (now + timedelta(days=21)).date().isoformat()),
        errors=errors or {}, form=form or {}, headings=STRUCTURED_CONVERSATION,
    )


@blueprint.route("/children/<int:child_id>/meetings/find")
@login_required
def find_time(child_id: int):
    args = request.args
    optional = [int(v) for v in args.getlist("optional") if v.isdecimal()]
    data = {
        "required": [int(v) for v in args.getlist("required") if v.isdecimal() and int(v) not in optional],
        "optional": optional,
        "duration_minutes": (
            int(args["duration"]) if args.get("duration", "").isdecimal() else args.get("duration") or None
        ),
        "window_start": args.get("window_start", ""),
        "window_end": args.get("window_end", ""),
        "outside_school_hours": args.get("outside") == "yes",
    }
    try:
        found = availability.suggest_times(get_db(), current_person(), child_id, data, site=site())
    except InvalidInput as error:
        return _meetings_page(child_id, now=utcnow(), errors=error.errors, form=args), 400
    return render_template("find_time.html", found=found, child_id=child_id)


@blueprint.route("/children/<int:child_id>/meetings", methods=["POST"])
@login_required
def schedule(child_id: int):
    form = request.form
    data = {
        "purpose": form.get("purpose", ""),
        "title": form.get("title", ""),
        "location": form.get("location", ""),
        "attendees": [
            {"person_id": int(value), "required": value not in form.getlist("optional")}
            for value in form.getlist("attendee") if value.isdecimal()
        ],
        "agenda": {heading: form.get(f"agenda_{heading}", "") for heading in STRUCTURED_CONVERSATION},
    }
    for name in ("starts_at", "ends_at"):
        data[name] = typed_time(form, name)
    if "|" in form.get("slot", ""):  # a time the time-finder suggested, already in UTC
        data["starts_at"], data["ends_at"] = form["slot"].split("|", 1)
    for name in ("online_link", "status"):
        if form.get(name):
            data[name] = form[name]
    try:
        meeting = meetings.schedule(get_db(), current_person(), child_id, data, site=site())
    except InvalidInput as error:
        return _meetings_page(child_id, now=utcnow(), errors=error.errors, form=form), 400
    mail_queued()
    flash(_("The meeting is booked and the invitations are on their way."))
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


@blueprint.route("/meetings/<int:meeting_id>")
@login_required
def show(meeting_id: int, errors=None, status=200, failed_form=None, typed=None):
    access, meeting = meetings.view(get_db(), current_person(), meeting_id)
    db = get_db()
    own = next((a for a in meeting.attendees if a.person_id == access.person.id), None)
    today = utcnow().date()
    report_states = reports.status(db, access.person, meeting_id, today) if access.can("manage_meetings") else []
    my_request, my_entries = reports.own_request(db, access.person, meeting_id)
    attached, attachable = attachments.attached(db, access, meeting_id=meeting_id), attachments.attachable(db, access)
    return render_template(
        "meeting.html", meeting=meeting, access=access, own=own, errors=errors or {}, failed_form=failed_form,
        typed=typed or {},
        headings=STRUCTURED_CONVERSATION, report_states=report_states, my_request=my_request,
        my_entries=my_entries, attached=attached, attachable=[d for d in attachable if d not in attached],
    ), status


@blueprint.route("/meetings/<int:meeting_id>/reports", methods=["POST"])
@login_required
def request_reports(meeting_id: int):
    people = [int(value) for value in request.form.getlist("person_id") if value.isdecimal()]
    due = request.form.get("due_on") or None
    try:
        if due is not None:
            due = date.fromisoformat(due)
        reports.request_reports(get_db(), current_person(), meeting_id, people, site=site(), due_on=due)
    except ValueError:
        return show(meeting_id, errors={"due_on": [_("Give the date like 2027-03-01.")]}, status=400)
    except InvalidInput as error:
        return show(meeting_id, errors=error.errors, status=400)
    flash(_("The reports are asked for; everyone asked is told."))
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@blueprint.route("/reports/<int:request_id>/send", methods=["POST"])
@login_required
def send_report(request_id: int):
    entry = request.form.get("entry_id", "")
    try:
        sent = reports.send_report(get_db(), current_person(), request_id, int(entry) if entry.isdecimal() else 0)
    except InvalidInput as error:
        flash(" ".join(reason for reasons in error.errors.values() for reason in reasons))
        return redirect(request.referrer or url_for("children.index"))
    flash(_("Your report is marked as sent."))
    return redirect(url_for("meetings.show", meeting_id=sent.meeting_id))


@blueprint.route("/meetings/<int:meeting_id>/invite.ics")
@login_required
def invite(meeting_id: int):
    body = meetings.invite_for(get_db(), current_person(), meeting_id, site=site())
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="meeting-{meeting_id}.ics"', "Cache-Control": "no-store",
    })


@blueprint.route("/meetings/<int:meeting_id>/rsvp", methods=["POST"])
@login_required
def rsvp(meeting_id: int):
    try:
        meetings.respond(get_db(), current_person(), meeting_id, {"answer": request.form.get("answer", "")})
    except InvalidInput as error:
        return show(meeting_id, errors=error.errors, status=400)
    flash(_("Thank you: your answer is saved."))
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@blueprint.route("/meetings/<int:meeting_id>/reply", methods=["POST"])
@accepts_upload("MAX_CALENDAR_BYTES")
@login_required
def reply(meeting_id: int):
    upload = request.files.get("file")
    try:
        meetings.apply_reply(get_db(), current_person(), meeting_id, upload.read() if upload else b"")
    except InvalidInput as error:
        return show(meeting_id, errors=error.errors, status=400)
    flash(_("Your answer is taken from your calendar's reply."))
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@blueprint.route("/meetings/<int:meeting_id>/change", methods=["POST"])
@login_required
def change(meeting_id: int):
    form = request.form
    data = {name: form[name] for name in ("title", "location", "status") if name in form}
    for name in ("starts_at", "ends_at"):
        if form.get(name):
            data[name] = typed_time(form, name)
    try:
        meetings.change(get_db(), current_person(), meeting_id, data, expected_version=_version(), site=site())
    except InvalidInput as error:
        return show(meeting_id, errors=error.errors, status=400)
    except StaleVersion:
        return show(meeting_id, errors=changed_meanwhile(), status=409, typed=form)
    mail_queued()
    flash(_("The meeting is changed; everyone invited gets the new version."))
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@blueprint.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@login_required
def cancel(meeting_id: int):
    meetings.cancel(get_db(), current_person(), meeting_id, site=site())
    mail_queued()
    flash(_("The meeting is cancelled; everyone invited is told."))
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@blueprint.route("/meetings/<int:meeting_id>/notes", methods=["POST"])
@login_required
def notes(meeting_id: int):
    data = {heading: request.form.get(heading, "") for heading in STRUCTURED_CONVERSATION}
    try:
        meetings.record_notes(get_db(), current_person(), meeting_id, data, expected_version=_version())
    except InvalidInput as error:
        return show(meeting_id, errors=error.errors, status=400)
    except StaleVersion:
        return show(meeting_id, errors=changed_meanwhile(), status=409, failed_form="notes", typed=data)
    flash(_("The notes are saved."))
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@blueprint.route("/meetings/<int:meeting_id>/actions", methods=["POST"])
@login_required
def add_action(meeting_id: int):
    owner = request.form.get("owner_id", "")
    data = {"owner_id": int(owner) if owner.isdecimal() else owner, "text": request.form.get("text", ""),
            "due_on": request.form.get("due_on", "")}
    try:
        meetings.add_action(get_db(), current_person(), meeting_id, data, site=site())
    except InvalidInput as error:
        return show(meeting_id, errors=error.errors, status=400, failed_form="action")
    flash(_("The action is recorded."))
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@blueprint.route("/actions/<int:action_id>/done", methods=["POST"])
@login_required
def action_done(action_id: int):
    action = meetings.complete_action(get_db(), current_person(), action_id)
    flash(_("Marked as done."))
    return redirect(request.form.get("next") == "actions" and url_for("meetings.my_actions")
                    or url_for("meetings.show", meeting_id=action.meeting_id))


@blueprint.route("/actions")
@login_required
def my_actions():
    actions = meetings.actions_for(get_db(), current_person(), utcnow().date())
    return render_template("actions.html", actions=actions, today=utcnow().date())


@blueprint.route("/account/calendar")
@login_required
def calendar_settings():
    return render_template("calendar.html", has_feed=feeds.has_feed(get_db(), current_person()), token=None)


@blueprint.route("/account/calendar", methods=["POST"])
@login_required
def issue_feed():
    token = feeds.issue(get_db(), current_person())
    return render_template("calendar.html", has_feed=True, token=token)


@blueprint.route("/account/calendar/revoke", methods=["POST"])
@login_required
def revoke_feed():
    feeds.revoke(get_db(), current_person())
    flash(_("Your calendar address is switched off. Calendars using it will stop updating."))
    return redirect(url_for("meetings.calendar_settings"))


@blueprint.route("/calendar/<token>.ics")
def feed(token: str):
    """The subscription feed: no login (calendars cannot log in); the token is the secret."""
    db = get_db()
    try:
        state = feeds.state(db, token)
    except NotFound:
        abort(404)
    # If-None-Match compares weakly (RFC 9110 13.1.2): a proxy that compresses the feed
    # hands on our ETag as W/"…", and that still means "nothing new".
    if request.if_none_match.contains_weak(state.etag) or (
        not request.if_none_match and request.if_modified_since
        and request.if_modified_since >= state.last_modified.replace(microsecond=0)
    ):
        return Response(status=304, headers={"ETag": f'"{state.etag}"', "Cache-Control": "private, no-cache",
                                             "Last-Modified": http_date(state.last_modified)})
    response = Response(feeds.render(db, state, site=site()), mimetype="text/calendar")
    response.set_etag(state.etag)
    response.last_modified = state.last_modified
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _version() -> int:
    version = request.form.get("version", "")
    if not version.isdecimal():
        raise InvalidInput({"version": ["The form is out of date: reload the page."]})
    return int(version)


@blueprint.route("/account/availability")
@login_required
def my_availability(errors=None, form=None, status=200):
    slots = availability.own_slots(get_db(), current_person())
    return render_template("availability.html", slots=slots, errors=errors or {}, form=form or {}), status


@blueprint.route("/account/availability", methods=["POST"])
@login_required
def offer_time():
    form = request.form
    data = {"kind": form.get("kind", "free"), "where": form.get("where", "")}
    for name in ("starts_at", "ends_at"):
        data[name] = typed_time(form, name)
    if form.get("weekly_until"):
        data["weekly_until"] = form["weekly_until"]
    try:
        availability.offer(get_db(), current_person(), data, zone=site().zone)
    except InvalidInput as error:
        return my_availability(errors=error.errors, form=form, status=400)
    flash(_("Saved. The SENCO sees it when finding a time for a meeting."))
    return redirect(url_for("meetings.my_availability"))


@blueprint.route("/account/availability/<int:slot_id>/remove", methods=["POST"])
@login_required
def withdraw_time(slot_id: int):
    availability.withdraw(get_db(), current_person(), slot_id)
    flash(_("Removed."))
    return redirect(url_for("meetings.my_availability"))


@blueprint.route("/account/availability/import", methods=["POST"])
@accepts_upload("MAX_CALENDAR_BYTES")
@login_required
def import_calendar():
    upload = request.files.get("file")
    try:
        count = availability.import_busy(get_db(), current_person(), upload.read() if upload else b"",
                                         now=utcnow())
    except InvalidInput as error:
        return my_availability(errors=error.errors, status=400)
    flash(ngettext("%(num)d busy time imported from your calendar.", "%(num)d busy times imported from your calendar.",
                   count))
    return redirect(url_for("meetings.my_availability"))
