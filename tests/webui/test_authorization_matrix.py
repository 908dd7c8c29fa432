"""Every route, for every kind of person: the exact answer the access policy gives.

The routes come from the app's URL map, so a new route without a row here fails
`test_every_route_is_in_the_matrix` until someone decides who may use it.
"""

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sample_files
from conftest import AuthActions, lend
from dates import MONDAY, TUESDAY, at_school, form_time
from sqlalchemy import func, select

from core.db import make_session_factory
from core.models import AuditEvent
from core.people import tokens as api_tokens
from core.records import audit
from webui.api import rate_limits

ROLES = [
    "anonymous",
    "parent",
    "other_parent",
    "teacher",
    "teaching_assistant",
    "slt",
    "health",
    "social_worker",
    "ot_without_consent",
    "senco",
    "admin",
    "admin_member",
    "outsider",
]
MEMBERS = {"parent", "teacher", "teaching_assistant", "slt", "health", "social_worker", "senco", "admin_member"}


@dataclass
class Probe:
    method: str
    url: Callable
    expected: dict
    data: Callable = field(default=lambda t: {})
    via: str = "session"  # or "bearer": a personal API token of the role's person
    headers: dict = field(default_factory=dict)
    multipart: bool = False  # a bearer probe that sends a file (a form) rather than JSON


def answers(default_member=None, default_other=404, anonymous=302, **by_role):
    """Expected status per role: members get ``default_member``, everyone else ``default_other``."""
    table = {role: (default_member if role in MEMBERS else default_other) for role in ROLES}
    table["anonymous"] = anonymous
    table.update(by_role)
    return table


def api(default_member=None, default_other=404, **by_role):
    """Like ``answers``, for the API: an anonymous caller is told to authenticate."""
    return answers(default_member, default_other, anonymous=401, **by_role)


def only_admin(ok):
    return answers(default_member=403, default_other=403, admin=ok, admin_member=ok)


# The documents of the probed team (tests/webui/conftest.py): the therapist's, one of each
# visibility, and the parent's letter shared with health alone.
READS_DOCUMENT = {
    "team": answers(200),
    "professionals": answers(200, parent=404),
    "agency": answers(404, slt=200),
    "parent": answers(404, parent=200, health=200),
}
PDF = sample_files.pdf("Matrix")


def a_pdf(**fields):
    return lambda t: {"title": "Matrix", **fields, "file": (io.BytesIO(PDF), "matrix.pdf")}


# Members who were not invited to the meeting, so cannot answer its invite.
NOT_INVITED = {role: 403 for role in ("teacher", "teaching_assistant", "health", "social_worker", "admin_member")}


PROBES = {
    "auth.login": Probe("GET", lambda t: "/login", answers(200, 200, anonymous=200)),
    "auth.login[post]": Probe(
        "POST",
        lambda t: "/login",
        answers(401, 401, anonymous=401),
        data=lambda t: {"email": "nobody@example.org", "password": "wrong"},
    ),
    "auth.logout": Probe("POST", lambda t: "/logout", answers(302, 302)),
    "health.alive": Probe("GET", lambda t: "/healthz", answers(200, 200, anonymous=200)),
    "health.ready": Probe("GET", lambda t: "/readyz", answers(200, 200, anonymous=200)),
    "metrics.scrape": Probe("GET", lambda t: "/metrics", answers(404, 404, anonymous=404)),
    "auth.change_password": Probe("GET", lambda t: "/account/password", answers(200, 200)),
    "auth.change_password[post]": Probe(
        "POST",
        lambda t: "/account/password",
        answers(400, 400),
        data=lambda t: {"current_password": "wrong", "new_password": "x", "confirm_password": "x"},
    ),
    "auth.preferences": Probe("GET", lambda t: "/account/preferences", answers(200, 200)),
    "second_factor.second_step": Probe("GET", lambda t: "/login/second-step", answers(302, 302)),
    "second_factor.second_step[post]": Probe("POST", lambda t: "/login/second-step", answers(302, 302),
                                             data=lambda t: {"code": "123456"}),
    "second_factor.passkey_sign_in_options[post]": Probe(
        "POST", lambda t: "/login/passkey/options", answers(200, 200, anonymous=200)
    ),
    "second_factor.sign_in_with_passkey[post]": Probe(
        "POST", lambda t: "/login/passkey", answers(400, 400, anonymous=400)
    ),
    "second_factor.account": Probe("GET", lambda t: "/account/sign-in", answers(200, 200)),
    "second_factor.start_app[post]": Probe("POST", lambda t: "/account/sign-in/app", answers(200, 200)),
    "second_factor.confirm_app[post]": Probe("POST", lambda t: "/account/sign-in/app/confirm", answers(302, 302),
                                             data=lambda t: {"code": "123456"}),
    "second_factor.new_recovery_codes[post]": Probe(
        "POST", lambda t: "/account/sign-in/recovery-codes", answers(302, 302)
    ),
    "second_factor.passkey_enrolment_options[post]": Probe(
        "POST", lambda t: "/account/sign-in/passkey/options", answers(200, 200)
    ),
    "second_factor.register_passkey[post]": Probe("POST", lambda t: "/account/sign-in/passkey", answers(400, 400)),
    "second_factor.remove_factor[post]": Probe(
        "POST", lambda t: "/account/sign-in/factors/999999/remove", answers(404, 404)
    ),
    "auth.preferences[post]": Probe("POST", lambda t: "/account/preferences", answers(302, 302),
                                    data=lambda t: {"addressed_as": "Sam", "preferred_contact": "text"}),
    "children.index": Probe("GET", lambda t: "/", answers(200, 200)),
    "children.child_timeline": Probe("GET", lambda t: f"/children/{t.child.id}", answers(200)),
    "children.post_entry": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/entries",
        answers(302),
        data=lambda t: {"kind": "message", "title": "Hello"},
    ),
    # The therapist posted these entries: an author has seen their own entry already.
    "children.acknowledge[team]": Probe(
        "POST", lambda t: f"/entries/{t.entries['team']}/acknowledge", answers(302, slt=403)
    ),
    "children.acknowledge[professionals]": Probe(
        "POST", lambda t: f"/entries/{t.entries['professionals']}/acknowledge", answers(302, parent=404, slt=403)
    ),
    "children.acknowledge[agency]": Probe(
        "POST", lambda t: f"/entries/{t.entries['agency']}/acknowledge", answers(404, slt=403)
    ),
    "children.withdraw": Probe(
        "POST", lambda t: f"/entries/{t.entries['team']}/withdraw", answers(403, slt=302, senco=302)
    ),
    "documents.child_file": Probe("GET", lambda t: f"/children/{t.child.id}/documents", answers(200)),
    "documents.add": Probe("POST", lambda t: f"/children/{t.child.id}/documents", answers(302), data=a_pdf()),
    "documents.add_version": Probe(
        "POST", lambda t: f"/documents/{t.documents['team']}/versions", answers(403, slt=302), data=a_pdf()
    ),
    **{
        f"documents.download[{name}]": Probe("GET", lambda t, name=name: f"/documents/{t.documents[name]}/file",
                                             expected)
        for name, expected in READS_DOCUMENT.items()
    },
    **{
        f"documents.preview[{name}]": Probe("GET", lambda t, name=name: f"/documents/{t.documents[name]}/preview",
                                            expected)
        for name, expected in READS_DOCUMENT.items()
    },
    "documents.of_entry": Probe("GET", lambda t: f"/entries/{t.document_entry}/document", answers(302)),
    # An evidence bundle is read by the lead and the family alone, and asked for and shared by the lead.
    "referrals.child_referrals": Probe("GET", lambda t: f"/children/{t.child.id}/referrals", answers(200)),
    "referrals.new_referral": Probe(
        "GET", lambda t: f"/children/{t.child.id}/referrals/new?agency=health", answers(200, parent=403)
    ),
    "referrals.refer": Probe(
        "POST", lambda t: f"/children/{t.child.id}/referrals", answers(302, parent=403),
        data=lambda t: {"agency": "social_care", "reason": "Support at home.", "answers.tried": "Early help.",
                        "consent.given": "1", "consent.given_by": "Grace Okafor", "consent.given_on": t.today,
                        "consent.method": "in_person"},
    ),
    "referrals.received": Probe("GET", lambda t: "/referrals", answers(200, 200)),
    "referrals.show": Probe("GET", lambda t: f"/referrals/{t.referral.id}", answers(200, ot_without_consent=200)),
    "referrals.answer": Probe(
        "POST", lambda t: f"/referrals/{t.referral.id}/decline", answers(403, ot_without_consent=302),
        data=lambda t: {"reason": "Not for us."},
    ),
    "referrals.sent_document": Probe(
        "GET", lambda t: f"/referrals/{t.referral.id}/documents/{t.documents['team']}",
        answers(404, ot_without_consent=200),
    ),
    "bundles.show": Probe("GET", lambda t: f"/children/{t.child.id}/bundles", answers(404, parent=200, senco=200)),
    "bundles.request_bundle": Probe(
        "POST", lambda t: f"/children/{t.child.id}/bundles", answers(403, senco=302),
        data=lambda t: {"purpose": "review", "plan": "1"},
    ),
    "bundles.download": Probe(
        "GET", lambda t: f"/bundles/{t.bundle}/bundle.pdf", answers(404, parent=200, senco=200)
    ),
    "bundles.share": Probe(
        "POST", lambda t: f"/bundles/{t.bundle}/share", answers(404, parent=403, senco=302),
        data=lambda t: {"agency": "speech_language"},
    ),
    "api_documents.ChildFile[get]": Probe(
        "GET", lambda t: f"/api/v1/children/{t.child.id}/documents", api(200), via="bearer"
    ),
    "api_documents.ChildFile[post]": Probe(
        "POST", lambda t: f"/api/v1/children/{t.child.id}/documents", api(201), via="bearer", multipart=True,
        data=a_pdf(),
    ),
    "api_documents.Versions": Probe(
        "POST", lambda t: f"/api/v1/documents/{t.documents['team']}/versions", api(403, slt=201), via="bearer",
        multipart=True, data=a_pdf(),
    ),
    **{
        f"api_documents.File[{name}]": Probe(
            "GET", lambda t, name=name: f"/api/v1/documents/{t.documents[name]}/file",
            {**expected, "anonymous": 401}, via="bearer",
        )
        for name, expected in READS_DOCUMENT.items()
    },
    **{
        f"api_documents.Preview[{name}]": Probe(
            "GET", lambda t, name=name: f"/api/v1/documents/{t.documents[name]}/preview",
            {**expected, "anonymous": 401}, via="bearer",
        )
        for name, expected in READS_DOCUMENT.items()
    },
    "api_documents.Attachments": Probe(
        "POST", lambda t: f"/api/v1/documents/{t.documents['team']}/attachments", api(403, slt=201), via="bearer",
        data=lambda t: {"meeting_id": t.meeting.id},
    ),
    "children.chronology_page": Probe("GET", lambda t: f"/children/{t.child.id}/chronology", answers(200)),
    "children.chronology_csv": Probe("GET", lambda t: f"/children/{t.child.id}/chronology.csv", answers(200)),
    "assessments.form": Probe(
        "GET",
        lambda t: f"/children/{t.child.id}/assessments/speech_language.therapy_targets",
        answers(404, parent=403, slt=200),
    ),
    "assessments.record": Probe(
        "POST", lambda t: f"/children/{t.child.id}/assessments/speech_language.therapy_targets", answers(403, slt=400)
    ),
    "glossary.page": Probe("GET", lambda t: "/glossary", answers(200, 200)),
    "notifications.index": Probe("GET", lambda t: "/notifications", answers(200, 200)),
    "notifications.open_one": Probe("GET", lambda t: f"/notifications/{t.parent_notification.id}",
                                    answers(404, 404, parent=302)),
    "notifications.read_all": Probe("POST", lambda t: "/notifications/read", answers(302, 302)),
    "notifications.save_preferences": Probe("POST", lambda t: "/notifications/preferences", answers(302, 302),
                                            data=lambda t: {"message": "daily_digest"}),
    "children.receipts": Probe("GET", lambda t: f"/entries/{t.entries['team']}/receipts",
                               answers(403, slt=200, senco=200)),
    "team.show": Probe("GET", lambda t: f"/children/{t.child.id}/team", answers(200, admin=200)),
    "team.add": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/team",
        answers(403, senco=302, admin=302, admin_member=302),
        data=lambda t: {"email": t.newcomer.email, "role": "teaching_assistant"},
    ),
    "team.remove": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/team/{t.teacher.id}/remove",
        answers(403, senco=302, admin=302, admin_member=302),
    ),
    "team.invite": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/team/invitations",
        answers(403, senco=302, admin=302, admin_member=302),
        data=lambda t: {"full_name": "Lena Fox", "email": "lena@example.org", "role": "carer", "language": "en"},
    ),
    # The teacher has accepted long ago: whoever manages the team finds no invitation to send again.
    "team.invite_again": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/team/{t.teacher.id}/invite",
        answers(403, senco=404, admin=404, admin_member=404),
    ),
    "team.record_consent": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/consents",
        answers(403, senco=302),
        data=lambda t: {"agency": "occupational_therapy"},
    ),
    "team.withdraw_consent": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/consents/speech_language/withdraw",
        answers(403, senco=302, parent=302),
    ),
    "team.viewers": Probe(
        "GET",
        lambda t: f"/children/{t.child.id}/viewers",
        answers(403, parent=200, senco=200, admin=200, admin_member=200),
    ),
    "team.close": Probe(
        "POST", lambda t: f"/children/{t.child.id}/close", answers(403, senco=302, admin=302, admin_member=302)
    ),
    "meetings.child_meetings": Probe("GET", lambda t: f"/children/{t.child.id}/meetings", answers(200)),
    "meetings.schedule": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/meetings",
        answers(403, senco=302),
        data=lambda t: {
            "purpose": "tac_meeting",
            "starts_at": form_time(at_school(TUESDAY, 10)),
            "ends_at": form_time(at_school(TUESDAY, 11)),
            "attendee": [str(t.parent.id)],
        },
    ),
    "meetings.find_time": Probe("GET", lambda t: f"/children/{t.child.id}/meetings/find?required={t.senco.id}"
                                f"&duration=60&window_start={MONDAY}&window_end={MONDAY + timedelta(days=4)}",
                                answers(403, senco=200)),
    "meetings.show": Probe("GET", lambda t: f"/meetings/{t.meeting.id}", answers(200)),
    "meetings.invite": Probe("GET", lambda t: f"/meetings/{t.meeting.id}/invite.ics", answers(200)),
    "meetings.rsvp": Probe(
        "POST",
        lambda t: f"/meetings/{t.meeting.id}/rsvp",
        answers(302, **NOT_INVITED),
        data=lambda t: {"answer": "accepted"},
    ),
    "meetings.reply": Probe("POST", lambda t: f"/meetings/{t.meeting.id}/reply", answers(400)),
    "meetings.change": Probe(
        "POST",
        lambda t: f"/meetings/{t.meeting.id}/change",
        answers(403, senco=302),
        data=lambda t: {"location": "Room 9", "version": str(t.meeting.version)},
    ),
    "meetings.cancel": Probe("POST", lambda t: f"/meetings/{t.meeting.id}/cancel", answers(403, senco=302)),
    "meetings.notes": Probe(
        "POST",
        lambda t: f"/meetings/{t.meeting.id}/notes",
        answers(403, senco=302),
        data=lambda t: {"explore": "Going well", "version": str(t.meeting.version)},
    ),
    "meetings.add_action": Probe(
        "POST",
        lambda t: f"/meetings/{t.meeting.id}/actions",
        answers(403, senco=302),
        data=lambda t: {"owner_id": str(t.slt.id), "text": "Report", "due_on": str(TUESDAY + timedelta(weeks=1))},
    ),
    "meetings.action_done": Probe("POST", lambda t: f"/actions/{t.action.id}/done", answers(403, slt=302, senco=302)),
    "meetings.request_reports": Probe("POST", lambda t: f"/meetings/{t.meeting.id}/reports", answers(403, senco=302),
                                      data=lambda t: {"person_id": [str(t.slt.id)]}),
    "meetings.send_report": Probe("POST", lambda t: f"/reports/{t.report.id}/send",
                                  answers(404, slt=302), data=lambda t: {"entry_id": str(t.entries["team"])}),
    "documents.attach": Probe("POST", lambda t: "/attachments", answers(403, slt=302),
                              data=lambda t: {"document_id": str(t.documents["team"]),
                                              "meeting_id": str(t.meeting.id)}),
    "documents.send_report": Probe("POST", lambda t: f"/reports/{t.report.id}/document", answers(404, slt=302),
                                   data=lambda t: a_pdf(meeting_id=str(t.meeting.id))(t)),
    "meetings.my_availability": Probe("GET", lambda t: "/account/availability", answers(200, 200)),
    "meetings.offer_time": Probe("POST", lambda t: "/account/availability", answers(302, 302),
                                 data=lambda t: {"starts_at": form_time(at_school(TUESDAY, 18)),
                                                 "ends_at": form_time(at_school(TUESDAY, 20))}),
    "meetings.withdraw_time": Probe("POST", lambda t: f"/account/availability/{t.slot.id}/remove",
                                    answers(404, 404, parent=302)),
    "meetings.import_calendar": Probe("POST", lambda t: "/account/availability/import", answers(400, 400)),
    "meetings.my_actions": Probe("GET", lambda t: "/actions", answers(200, 200)),
    "meetings.calendar_settings": Probe("GET", lambda t: "/account/calendar", answers(200, 200)),
    "meetings.issue_feed": Probe("POST", lambda t: "/account/calendar", answers(200, 200)),
    "meetings.revoke_feed": Probe("POST", lambda t: "/account/calendar/revoke", answers(302, 302)),
    "meetings.feed[valid]": Probe("GET", lambda t: f"/calendar/{t.feed_token}.ics", answers(200, 200, anonymous=200)),
    "meetings.feed[unknown]": Probe("GET", lambda t: "/calendar/not-a-token.ics", answers(404, 404, anonymous=404)),
    "plans.show": Probe("GET", lambda t: f"/children/{t.child.id}/plan", answers(200)),
    "plans.transition_pack": Probe("GET", lambda t: f"/children/{t.child.id}/plan/print", answers(200)),
    "plans.versions": Probe("GET", lambda t: f"/children/{t.child.id}/plan/versions", answers(200)),
    "plans.version": Probe("GET", lambda t: f"/plan-versions/{t.plan_version.id}", answers(200)),
    "plans.start": Probe("POST", lambda t: f"/children/{t.child.id}/plan", answers(403, senco=409)),
    "plans.update": Probe("POST", lambda t: f"/plans/{t.plan.id}", answers(403, senco=302),
                          data=lambda t: {"child_views": "I like maths now.", "version": str(t.plan.version)}),
    "plans.add_outcome": Probe("POST", lambda t: f"/plans/{t.plan.id}/outcomes", answers(403, senco=302),
                               data=lambda t: {**t.outcome_form, "responsible": f"person:{t.teacher.id}"}),
    "plans.change_outcome": Probe("POST", lambda t: f"/outcomes/{t.outcome.id}", answers(403, senco=302),
                                  data=lambda t: {"text": "Reads 20 words", "version": str(t.outcome.version)}),
    "plans.remove_outcome": Probe("POST", lambda t: f"/outcomes/{t.outcome.id}/remove", answers(403, senco=302)),
    "plans.record_reading": Probe("POST", lambda t: f"/outcomes/{t.outcome.id}/readings", answers(302),
                                  data=lambda t: {"taken_on": t.today, "value": "4"}),
    "plans.add_strategy": Probe("POST", lambda t: f"/plans/{t.plan.id}/strategies", answers(403, senco=302),
                                data=lambda t: {"text": "Movement breaks", "where": "school"}),
    "plans.remove_strategy": Probe("POST", lambda t: f"/strategies/{t.strategy.id}/remove", answers(403, senco=302)),
    "plans.add_provision": Probe("POST", lambda t: f"/plans/{t.plan.id}/provision", answers(403, senco=302),
                                 data=lambda t: {"support": "Reading group", "responsible": f"person:{t.teacher.id}",
                                                 "sessions_per_week": "2", "minutes_per_session": "15",
                                                 "starts_on": t.today}),
    "plans.remove_provision": Probe("POST", lambda t: f"/provision/{t.provision.id}/remove", answers(403, senco=302)),
    "plans.record_session": Probe("POST", lambda t: f"/provision/{t.provision.id}/sessions",
                                  answers(403, slt=302, senco=302),  # the therapist's group: its deliverer, the lead
                                  data=lambda t: {"held_on": t.today, "delivered": "true"}),
    "plans.agree": Probe("POST", lambda t: f"/plans/{t.plan.id}/agree", answers(403, senco=302),
                         data=lambda t: {"version": str(t.plan.version)}),
    "plans.schedule_review": Probe("POST", lambda t: f"/plans/{t.plan.id}/review-date", answers(403, senco=302),
                                   data=lambda t: {"due_on": "2030-03-02"}),
    "plans.hold_review": Probe("POST", lambda t: f"/plans/{t.plan.id}/review", answers(403, senco=400)),
    "plans.start_next": Probe("POST", lambda t: f"/plans/{t.plan.id}/next", answers(403, senco=409),
                              data=lambda t: {"review_due_on": "2030-03-02"}),
    # The EHC case's page: read by the team; the request, the authority's letters, advice asked and the annual
    # reviews kept by the lead; advice answered by the agency asked (or the lead); the draft answered by the family.
    "ehc.show": Probe("GET", lambda t: f"/children/{t.child.id}/ehc", answers(200)),
    "ehc.open_case": Probe("POST", lambda t: f"/children/{t.child.id}/ehc", answers(403, senco=409),
                           data=lambda t: {"requested_by": "school", "requested_on": t.today}),
    "ehc.record_decision": Probe("POST", lambda t: f"/ehc/{t.ehc_case.id}/letters", answers(403, senco=302),
                                 data=lambda t: a_pdf(decision="assess", decided_on=t.today)(t)),
    "ehc.request_advice": Probe("POST", lambda t: f"/ehc/{t.ehc_case.id}/advice", answers(403, senco=302),
                                data=lambda t: {"agency": "health"}),
    "ehc.answer_advice": Probe("POST", lambda t: f"/ehc-advice/{t.advice_request.id}/answer",
                               answers(404, slt=302, senco=302), data=a_pdf()),
    "ehc.respond": Probe("POST", lambda t: f"/ehc/{t.ehc_case.id}/response", answers(403, parent=409),
                         data=lambda t: {"comments": "We agree."}),
    "ehc.schedule_review": Probe("POST", lambda t: f"/ehc/{t.ehc_case.id}/reviews", answers(403, senco=409),
                                 data=lambda t: {"meeting_on": "2030-03-02"}),
    # The case has no annual review before its final plan: every member is told there is no such review.
    "ehc.record_review_step": Probe("POST", lambda t: f"/ehc/{t.ehc_case.id}/reviews/999999/steps", answers(404),
                                    data=lambda t: {"step": "reports", "on": t.today}),
    "api_referrals.ReferralQuestions": Probe(
        "GET", lambda t: "/api/v1/agencies/health/referral-questions", api(200, 200), via="bearer"
    ),
    "api_referrals.ChildReferrals[get]": Probe(
        "GET", lambda t: f"/api/v1/children/{t.child.id}/referrals", api(200), via="bearer"
    ),
    "api_referrals.ChildReferrals[post]": Probe(
        "POST", lambda t: f"/api/v1/children/{t.child.id}/referrals", api(201, parent=403), via="bearer",
        data=lambda t: {"agency": "social_care", "reason": "Support at home.", "answers": {"tried": "Early help."},
                        "consent": {"given_by": "Grace Okafor", "given_on": t.today, "method": "in_person"}},
    ),
    "api_referrals.ReceivedReferrals": Probe("GET", lambda t: "/api/v1/referrals", api(200, 200), via="bearer"),
    "api_referrals.Referral": Probe(
        "GET", lambda t: f"/api/v1/referrals/{t.referral.id}", api(200, ot_without_consent=200), via="bearer"
    ),
    "api_referrals.ReferralAcceptance": Probe(
        "POST", lambda t: f"/api/v1/referrals/{t.referral.id}/acceptance", api(403, ot_without_consent=200),
        via="bearer",
    ),
    "api_referrals.ReferralDecline": Probe(
        "POST", lambda t: f"/api/v1/referrals/{t.referral.id}/decline", api(403, ot_without_consent=200),
        via="bearer", data=lambda t: {"reason": "Not for us."},
    ),
    "api_referrals.ReferralInformationRequest": Probe(
        "POST", lambda t: f"/api/v1/referrals/{t.referral.id}/information-requests",
        api(403, ot_without_consent=200), via="bearer", data=lambda t: {"question": "Since when?"},
    ),
    "api_referrals.ReferralInformation": Probe(
        "POST", lambda t: f"/api/v1/referrals/{t.referral.id}/information",
        api(403, senco=409, ot_without_consent=403), via="bearer", data=lambda t: {"text": "Since May."},
    ),
    "api_plans.Plan": Probe("GET", lambda t: f"/api/v1/children/{t.child.id}/plan", api(200), via="bearer"),
    "api_plans.Outcome[get]": Probe("GET", lambda t: f"/api/v1/outcomes/{t.outcome.id}", api(200), via="bearer"),
    "api_plans.Outcome[patch]": Probe(
        "PATCH", lambda t: f"/api/v1/outcomes/{t.outcome.id}", api(403, senco=200), via="bearer",
        data=lambda t: {"text": "Reads 20 words"}, headers={"If-Match": '"1"'},
    ),
    "api_plans.Readings": Probe("POST", lambda t: f"/api/v1/outcomes/{t.outcome.id}/readings", api(201),
                                via="bearer", data=lambda t: {"taken_on": t.today, "value": 4}),
    "api_plans.Sessions": Probe("POST", lambda t: f"/api/v1/provision/{t.provision.id}/sessions",
                                api(403, slt=201, senco=201), via="bearer",
                                data=lambda t: {"held_on": t.today, "delivered": True}),
    # The EHC case: read by the team; the authority's decisions recorded by the lead (from a letter in
    # the file); advice answered by the agency asked (or the lead), listed by each person for their agency.
    "api_ehc.EhcCase": Probe("GET", lambda t: f"/api/v1/children/{t.child.id}/ehc", api(200), via="bearer"),
    "api_ehc.EhcDecisions": Probe(
        "POST", lambda t: f"/api/v1/ehc/{t.ehc_case.id}/decisions", api(403, senco=201), via="bearer",
        data=lambda t: {"decision": "assess", "decided_on": t.today, "document_id": t.documents["team"]},
    ),
    "api_ehc.EhcAdvice": Probe("GET", lambda t: "/api/v1/ehc-advice", api(200, 200), via="bearer"),
    "api_ehc.EhcAdviceAnswer": Probe(
        "POST", lambda t: f"/api/v1/ehc-advice/{t.advice_request.id}/answer", api(404, slt=200, senco=200),
        via="bearer", data=lambda t: {"document_id": t.documents["team"]},
    ),
    "api_docs.page": Probe("GET", lambda t: "/api/v1/docs", answers(200, 200, anonymous=200)),
    "api-docs.openapi_json": Probe("GET", lambda t: "/api/v1/openapi.json", answers(200, 200, anonymous=200)),
    "api_children.Children": Probe("GET", lambda t: "/api/v1/children", api(200, 200), via="bearer"),
    "api_children.OneChild": Probe("GET", lambda t: f"/api/v1/children/{t.child.id}", api(200), via="bearer"),
    # School staff and administrators add children (school staff then lead the new team).
    "api_children.Children[post]": Probe(
        "POST", lambda t: "/api/v1/children",
        api(403, 403, teacher=201, teaching_assistant=201, senco=201, outsider=201, admin=201, admin_member=201),
        via="bearer", data=lambda t: {"full_name": "New Pupil", "date_of_birth": "2019-01-01"},
    ),
    "api_children.OneChild[patch]": Probe(
        "PATCH", lambda t: f"/api/v1/children/{t.child.id}", api(403, senco=200, admin=200, admin_member=200),
        via="bearer", data=lambda t: {"upn": "B801200005001"}, headers={"If-Match": '"1"'},
    ),
    "api_meetings.Meetings": Probe("GET", lambda t: "/api/v1/meetings", api(200, 200), via="bearer"),
    # A school's or an agency's system keeps people's accounts in step: as on the pages, administrators only.
    "api_people.People": Probe(
        "GET", lambda t: "/api/v1/people?system=hillside_mis&identifier=T0042", api(403, 403, admin=200,
                                                                                  admin_member=200), via="bearer"
    ),
    "api_people.People[post]": Probe(
        "POST", lambda t: "/api/v1/people", api(403, 403, admin=201, admin_member=201), via="bearer",
        data=lambda t: {"full_name": "New Teacher", "email": "new.teacher@example.org", "kind": "school_staff",
                        "agency": "school", "identifiers": [{"system": "hillside_mis", "value": "T0042"}]},
    ),
    "api_people.OnePerson": Probe(
        "GET", lambda t: f"/api/v1/people/{t.teacher.id}", api(403, 403, admin=200, admin_member=200), via="bearer"
    ),
    "api_people.OnePerson[patch]": Probe(
        "PATCH", lambda t: f"/api/v1/people/{t.teacher.id}", api(403, 403, admin=200, admin_member=200),
        via="bearer", data=lambda t: {"phone": "01632 960123"}, headers={"If-Match": '"1"'},
    ),
    "api_timeline.Assessments[get]": Probe(
        "GET", lambda t: f"/api/v1/children/{t.child.id}/assessments", api(200), via="bearer"
    ),
    "api_plans.Readings[get]": Probe(
        "GET", lambda t: f"/api/v1/outcomes/{t.outcome.id}/readings", api(200), via="bearer"
    ),
    "api_children.Team": Probe(
        "GET", lambda t: f"/api/v1/children/{t.child.id}/team", api(200, admin=200), via="bearer"
    ),
    "api_timeline.Timeline[get]": Probe(
        "GET", lambda t: f"/api/v1/children/{t.child.id}/timeline", api(200), via="bearer"
    ),
    "api_timeline.Timeline[post]": Probe(
        "POST",
        lambda t: f"/api/v1/children/{t.child.id}/timeline",
        api(201),
        data=lambda t: {"kind": "message", "title": "Hi"},
        via="bearer",
    ),
    "api_timeline.Assessments": Probe(
        "POST",
        lambda t: f"/api/v1/children/{t.child.id}/assessments",
        api(400, parent=403),
        via="bearer",
        data=lambda t: {"assessment_type": "none", "payload": {}},
    ),
    "api_timeline.Entry[get,team]": Probe(
        "GET", lambda t: f"/api/v1/entries/{t.entries['team']}", api(200), via="bearer"
    ),
    "api_timeline.Entry[get,professionals]": Probe(
        "GET", lambda t: f"/api/v1/entries/{t.entries['professionals']}", api(200, parent=404), via="bearer"
    ),
    "api_timeline.Entry[get,agency]": Probe(
        "GET", lambda t: f"/api/v1/entries/{t.entries['agency']}", api(404, slt=200), via="bearer"
    ),
    "api_timeline.Entry[patch]": Probe(
        "PATCH",
        lambda t: f"/api/v1/entries/{t.entries['team']}",
        api(403, slt=200),
        via="bearer",
        data=lambda t: {"title": "Corrected"},
        headers={"If-Match": '"1"'},
    ),
    "api_timeline.Acknowledgements": Probe(
        "POST", lambda t: f"/api/v1/entries/{t.entries['team']}/acknowledgements", api(201, slt=403), via="bearer"
    ),
    "api_timeline.Withdrawal": Probe(
        "POST", lambda t: f"/api/v1/entries/{t.entries['team']}/withdrawal", api(403, slt=201, senco=201),
        via="bearer",
    ),
    "api_meetings.ChildMeetings": Probe(
        "GET", lambda t: f"/api/v1/children/{t.child.id}/meetings", api(200), via="bearer"
    ),
    "api_meetings.Meeting": Probe("GET", lambda t: f"/api/v1/meetings/{t.meeting.id}", api(200), via="bearer"),
    "api_meetings.Answer": Probe(
        "POST",
        lambda t: f"/api/v1/meetings/{t.meeting.id}/rsvp",
        api(200, **NOT_INVITED),
        data=lambda t: {"answer": "accepted"},
        via="bearer",
    ),
    "api_meetings.Availability[get]": Probe("GET", lambda t: "/api/v1/availability", api(200, 200), via="bearer"),
    "api_meetings.Availability[post]": Probe(
        "POST",
        lambda t: "/api/v1/availability",
        api(201, 201),
        via="bearer",
        data=lambda t: {"starts_at": at_school(TUESDAY, 18).isoformat(), "ends_at": at_school(TUESDAY, 20).isoformat()},
    ),
    "api_meetings.Slot": Probe(
        "DELETE", lambda t: f"/api/v1/availability/{t.slot.id}", api(404, parent=204), via="bearer"
    ),
    "api_reference.Glossary": Probe("GET", lambda t: "/api/v1/glossary", api(200, 200), via="bearer"),
    "api_reference.AssessmentTypes": Probe("GET", lambda t: "/api/v1/assessment-types", api(200, 200), via="bearer"),
    "api_reference.OneAssessmentType": Probe(
        "GET", lambda t: "/api/v1/assessment-types/school.one_page_profile", api(200, 200), via="bearer"
    ),
    "api_reference.Plugins": Probe("GET", lambda t: "/api/v1/plugins", api(200, 200), via="bearer"),
    "api_changes.Changes": Probe("GET", lambda t: "/api/v1/changes", api(200, 200), via="bearer"),
    "api_webhooks.Webhooks[get]": Probe("GET", lambda t: "/api/v1/webhooks", api(200, 200), via="bearer"),
    "api_webhooks.Webhooks[post]": Probe(
        "POST", lambda t: "/api/v1/webhooks", api(201, 201), via="bearer", data=lambda t: {"url": "https://8.8.8.8/h"}
    ),
    "api_webhooks.Webhook[get]": Probe(
        "GET", lambda t: f"/api/v1/webhooks/{t.parent_webhook.id}", api(404, parent=200), via="bearer"
    ),
    "api_webhooks.Webhook[delete]": Probe(
        "DELETE", lambda t: f"/api/v1/webhooks/{t.parent_webhook.id}", api(404, parent=204), via="bearer"
    ),
    "api_webhooks.EnableWebhook": Probe(
        "POST", lambda t: f"/api/v1/webhooks/{t.parent_webhook.id}/enable", api(404, parent=200), via="bearer"
    ),
    "api_webhooks.Deliveries": Probe(
        "GET", lambda t: f"/api/v1/webhooks/{t.parent_webhook.id}/deliveries", api(404, parent=200), via="bearer"
    ),
    # A token never manages tokens: only a signed-in session does (tests/webui/test_api_tokens.py).
    "api_tokens.Tokens[get]": Probe("GET", lambda t: "/api/v1/tokens", api(403, 403), via="bearer"),
    "api_tokens.Tokens[post]": Probe(
        "POST", lambda t: "/api/v1/tokens", api(403, 403), via="bearer", data=lambda t: {"name": "Case system"}
    ),
    "api_tokens.Token": Probe("DELETE", lambda t: f"/api/v1/tokens/{t.parent_token.id}", api(403, 403), via="bearer"),
    "account_tokens.page": Probe("GET", lambda t: "/account/tokens", answers(200, 200)),
    "account_tokens.create[post]": Probe(
        "POST", lambda t: "/account/tokens", answers(201, 201), data=lambda t: {"name": "Case system"}
    ),
    "account_tokens.revoke[post]": Probe(
        "POST", lambda t: f"/account/tokens/{t.parent_token.id}/revoke", answers(404, 404, parent=302)
    ),
    "admin.account_list": Probe("GET", lambda t: "/admin/accounts", only_admin(200)),
    "admin.children_register": Probe("GET", lambda t: "/admin/children", only_admin(200)),
    "admin.create_account": Probe(
        "POST",
        lambda t: "/admin/accounts",
        only_admin(302),
        data=lambda t: {
            "full_name": "New Parent",
            "email": "new@example.org",
            "kind": "parent",
        },
    ),
    "invitations.accept": Probe("GET", lambda t: "/invitations/never-sent", answers(404, 404, anonymous=404)),
    "invitations.accept[post]": Probe(
        "POST", lambda t: "/invitations/never-sent", answers(404, 404, anonymous=404),
        data=lambda t: {"password": "a long enough password", "confirm_password": "a long enough password"},
    ),
    "password_reset.forgotten": Probe("GET", lambda t: "/password/forgotten", answers(200, 200, anonymous=200)),
    "password_reset.forgotten[post]": Probe(
        "POST", lambda t: "/password/forgotten", answers(200, 200, anonymous=200),
        data=lambda t: {"email": "nobody@example.org"},
    ),
    "password_reset.reset": Probe("GET", lambda t: "/password/reset/never-sent", answers(404, 404, anonymous=404)),
    "password_reset.reset[post]": Probe(
        "POST", lambda t: "/password/reset/never-sent", answers(404, 404, anonymous=404),
        data=lambda t: {"password": "a long enough password", "confirm_password": "a long enough password"},
    ),
    # The teacher has accepted long ago: an administrator finds no invitation to send again.
    "admin.invite_again": Probe("POST", lambda t: f"/admin/accounts/{t.teacher.id}/invite", only_admin(404)),
    "admin.deactivate": Probe("POST", lambda t: f"/admin/accounts/{t.teacher.id}/deactivate", only_admin(302)),
    "admin.reactivate": Probe("POST", lambda t: f"/admin/accounts/{t.teacher.id}/reactivate", only_admin(302)),
    "admin.clear_second_factors": Probe(
        "POST", lambda t: f"/admin/accounts/{t.teacher.id}/clear-second-factors", only_admin(302)
    ),
    "admin.export_person": Probe("GET", lambda t: f"/admin/accounts/{t.parent.id}/export.zip", only_admin(200)),
    "admin.export_child": Probe("GET", lambda t: f"/admin/children/{t.child.id}/export.zip", only_admin(200)),
    "roster.start": Probe("GET", lambda t: "/admin/roster", only_admin(200)),
    "roster.upload": Probe("POST", lambda t: "/admin/roster", only_admin(400), data=lambda t: {}),
    # No import is waiting in the probed team: an administrator finds none of that number.
    "roster.mapping": Probe("GET", lambda t: "/admin/roster/999999/mapping", only_admin(404)),
    "roster.save_mapping": Probe("POST", lambda t: "/admin/roster/999999/mapping", only_admin(404)),
    "roster.show": Probe("GET", lambda t: "/admin/roster/999999", only_admin(404)),
    "roster.start_applying": Probe("POST", lambda t: "/admin/roster/999999/apply", only_admin(404)),
}


@pytest.fixture
def connection(savepoint_connection):
    """Every test here runs in a savepoint over the probed team, built once per module and database."""
    return savepoint_connection


@dataclass
class SignedIn:
    cookies: dict[str, str]  # the session cookie of each role's login
    secrets: dict[str, str]  # each role's personal API token


@pytest.fixture(scope="module")
def signed_in(shared_app, module_connection, probed_team):
    """Every role logged in and given an API token once per module and database, in the
    module's transaction: a probe asks with them, as a browser or a client system asks again
    and again on one login, instead of logging in for each of its thousands of questions."""
    cookies, secrets = {}, {}
    with lend(shared_app, module_connection):
        db = make_session_factory(module_connection)()
        for role in ROLES:
            if role == "anonymous":
                continue
            client = shared_app.test_client()
            assert AuthActions(client).login(getattr(probed_team, role)).status_code == 302, role
            cookies[role] = client.get_cookie(shared_app.config["SESSION_COOKIE_NAME"]).value
            _, secrets[role] = api_tokens.create(db, getattr(probed_team, role), {"name": "Matrix"})
        db.commit()  # releases the session's savepoint: the tokens stay in the module's transaction
        db.close()
    return SignedIn(cookies, secrets)


def ask(app, connection, team, signed_in, probe, role):
    """``probe``'s response to ``role`` (read whole), asked in a savepoint rolled back
    afterwards: each role gets the answer it would get were it the only one to ask."""
    savepoint = connection.begin_nested()
    rate_limits.reset(app)
    try:
        client = app.test_client()
        headers = dict(probe.headers)
        if role != "anonymous" and probe.via == "session":
            client.set_cookie(app.config["SESSION_COOKIE_NAME"], signed_in.cookies[role])
        if role != "anonymous" and probe.via == "bearer":
            headers["Authorization"] = f"Bearer {signed_in.secrets[role]}"
        as_json = probe.via == "bearer" and not probe.multipart
        body = {"json": probe.data(team)} if as_json else {"data": probe.data(team)}
        response = client.open(probe.url(team), method=probe.method, headers=headers, **body)
        response.get_data()
        return response
    finally:
        savepoint.rollback()


def test_every_route_is_in_the_matrix(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.endpoint.endswith(".static")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    probed = {(name.split("[")[0], probe.method) for name, probe in PROBES.items()}
    assert routes == probed


@pytest.mark.parametrize("probe_name", sorted(PROBES))
def test_each_route_answers_every_role_exactly(app, connection, probed_team, signed_in, probe_name):
    """The whole row of the table at once: a failure lists every role answered otherwise."""
    probe = PROBES[probe_name]
    responses = {role: ask(app, connection, probed_team, signed_in, probe, role) for role in ROLES}
    answered = {role: response.status_code for role, response in responses.items()}
    assert answered == probe.expected, {
        role: response.get_data(as_text=True)[:300]
        for role, response in responses.items()
        if answered[role] != probe.expected[role]
    }


# Which of the therapist's entries (one of each visibility) each member reads.
READS_ENTRIES = {role: {"team", "professionals"} for role in MEMBERS} | {
    "parent": {"team"},
    "slt": {"team", "professionals", "agency"},
}
ENTRY_ON_PAGE = re.compile(r'class="entry" id="entry-(\d+)"')
TIMELINES = {
    "page": ("children.child_timeline", lambda body: set(map(int, ENTRY_ON_PAGE.findall(body)))),
    "api": ("api_timeline.Timeline[get]", lambda body: {entry["id"] for entry in json.loads(body)["entries"]}),
}


@pytest.mark.parametrize("via", sorted(TIMELINES))
def test_each_role_reads_exactly_the_entries_their_visibility_allows(app, connection, probed_team, signed_in, via):
    """Readers by the visibilities of the entries they are shown; everyone else by the answer they get."""
    probe_name, shown = TIMELINES[via]
    probe = PROBES[probe_name]
    read = {}
    for role in ROLES:
        response = ask(app, connection, probed_team, signed_in, probe, role)
        if response.status_code == 200:
            ids = shown(response.get_data(as_text=True))
            read[role] = {visibility for visibility, entry_id in probed_team.entries.items() if entry_id in ids}
        else:
            read[role] = response.status_code
    assert read == {role: READS_ENTRIES.get(role, probe.expected[role]) for role in ROLES}


# GET routes that show no one child's record, and why. Every other GET route must
# audit a view naming the child (test below), so a new page about a child is covered.
NOT_ONE_CHILDS_RECORD = {
    "auth.login": "the login form",
    "auth.change_password": "the person's own account",
    "auth.preferences": "the person's own contact preferences",
    "second_factor.second_step": "the second step of logging in",
    "second_factor.account": "the person's own ways to sign in",
    "account_tokens.page": "the person's own API tokens",
    "glossary.page": "plain explanations of professional words",
    "health.alive": "whether the process answers",
    "health.ready": "whether the instance can serve: the failed checks' names, nothing of a record",
    "metrics.scrape": "counts by route and totals, behind the operator's token",
    "api_docs.page": "the API's documentation",
    "api-docs.openapi_json": "the API's description",
    "api_reference.Glossary": "plain explanations of professional words",
    "api_reference.AssessmentTypes": "the assessment types plugins offer",
    "api_reference.OneAssessmentType": "what an assessment type's payload takes",
    "api_reference.Plugins": "the plugins loaded",
    "api_tokens.Tokens[get]": "the person's own tokens: names and dates",
    "api_webhooks.Webhooks[get]": "the person's own webhooks: addresses and whether they are on",
    "api_webhooks.Webhook[get]": "one of the person's own webhooks",
    "api_webhooks.Deliveries": "which child and kind of record each delivery was, never what it says",
    "meetings.my_availability": "the person's own free and busy times",
    "api_meetings.Availability[get]": "the person's own free and busy times",
    "meetings.calendar_settings": "the person's own feed address",
    "meetings.feed[unknown]": "answers 404",
    "meetings.feed[valid]": "who, when and where across children (DESIGN §7), audited as calendar_feed.read",
    "meetings.find_time": "people's free times, not the record: audited as meeting.times_suggested",
    "notifications.open_one": "redirects to the page it is about, which audits its own view",
    "documents.of_entry": "redirects to the child's file, which audits its own view",
    **{
        f"documents.preview[{name}]": "a small picture shown only on pages that audit their own view"
        for name in READS_DOCUMENT
    },
    **{
        f"api_documents.Preview[{name}]": "a small picture of a document whose reading is audited where it is listed"
        for name in READS_DOCUMENT
    },
    "team.viewers": "who looked, not the record itself: audited as child.viewers_listed",
    "assessments.form": "an empty form under the child's name",
    "children.index": "a caseload across children, audited as dashboard.viewed and caseload.viewed",
    "api_children.Children": "names of children across the caseload, audited as children.viewed",
    "api_meetings.Meetings": "meetings across the caseload, audited per child as meetings.viewed",
    "api_people.People": "accounts and the identifiers other systems know them by, no case content",
    "api_people.OnePerson": "an account and its identifiers, no case content",
    "api_ehc.EhcAdvice": "advice asked of the person's agency across children, audited per child as ehc.viewed",
    "api_referrals.ReferralQuestions": "the questions an agency asks of every referral",
    "api_referrals.ReceivedReferrals": "referrals to the person's agency, audited as referrals.received_viewed",
    "referrals.received": "referrals to the person's agency, audited as referrals.received_viewed",
    "referrals.sent_document": "a document sent to an agency outside the team, audited as referral.document_exported",
    "meetings.my_actions": "actions across children",
    "notifications.index": "notifications across children",
    "admin.account_list": "accounts, no case content",
    "invitations.accept": "answers 404 to a link nobody was sent",
    "password_reset.forgotten": "the form to ask for a new password",
    "password_reset.reset": "answers 404 to a link nobody was sent",
    "admin.children_register": "names only, audited as register.viewed",
    "admin.export_person": "a person's record, audited as person.exported about that person",
    "roster.start": "the roster import's upload form and past imports: no case content",
    "roster.mapping": "a school export's column headings",
    "roster.show": "an import's preview: names from the school's file, audited as roster.previewed",
}

GET_PROBES = sorted(name for name, probe in PROBES.items() if probe.method == "GET")


def test_every_get_route_is_either_checked_for_its_audit_or_said_to_show_no_childs_record():
    assert set(NOT_ONE_CHILDS_RECORD) <= set(GET_PROBES)


@pytest.mark.parametrize("probe_name", [name for name in GET_PROBES if name not in NOT_ONE_CHILDS_RECORD])
def test_each_page_of_a_childs_record_audits_a_view_naming_the_child(client, auth, db, probed_team, probe_name):
    probe = PROBES[probe_name]
    role = next(role for role in ("senco", "slt", "admin", "health") if probe.expected[role] == 200)
    person = getattr(probed_team, role)
    headers = dict(probe.headers)
    if probe.via == "bearer":
        _, secret = api_tokens.create(db, person, {"name": "Audit walk"})
        headers["Authorization"] = f"Bearer {secret}"
    else:
        auth.login(person)
    before = db.scalar(select(func.max(AuditEvent.id)))
    assert client.get(probe.url(probed_team), headers=headers).status_code == 200
    written = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.id > before, AuditEvent.actor_id == person.id, AuditEvent.child_id == probed_team.child.id
        )
    ).all()
    assert any(audit.is_view(action) for action in written), written


ACROSS_CHILDREN = [
    "children.index",
    "api_children.Children",
    "api_meetings.Meetings",
    "api_changes.Changes",
    "meetings.feed[valid]",
    "meetings.my_actions",
    "notifications.index",
]


@pytest.mark.parametrize("probe_name", ACROSS_CHILDREN)
def test_each_list_across_children_is_audited(client, auth, db, probed_team, probe_name):
    probe = PROBES[probe_name]
    person = probed_team.parent if probe_name == "meetings.feed[valid]" else probed_team.senco
    headers = {}
    if probe.via == "bearer":
        _, secret = api_tokens.create(db, person, {"name": "Audit walk"})
        headers["Authorization"] = f"Bearer {secret}"
    elif probe.expected["anonymous"] != 200:
        auth.login(person)
    before = db.scalar(select(func.max(AuditEvent.id)))
    assert client.get(probe.url(probed_team), headers=headers).status_code == 200
    assert db.scalars(select(AuditEvent.action).where(AuditEvent.id > before, AuditEvent.actor_id == person.id)).all()
