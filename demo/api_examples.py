"""Record an example of every API operation from the demo team, for the OpenAPI document.

Each example is a real request to the API and the answer it gave, over a fresh demo database,
so the document shows an integrator what the server does, not what someone thought it did.
Run it after changing what an operation takes or answers (``.venv/bin/python -m
demo.api_examples``); it rewrites ``webui/api/examples.json``. The tests check that every
operation has its examples and that each still matches the document's schemas.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from datetime import timedelta
from pathlib import Path

from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.models import Person
from core.people import tokens as api_tokens
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from core.types import utcnow
from demo import seed as demo

EXAMPLES = Path(__file__).parent.parent / "webui" / "api" / "examples.json"
# Who asks: the SENCO, who leads the team, the parent, who answers an invite, the
# administrator, whose token the school's system keeps staff accounts in step with, and the
# speech and language therapist, whose service's system answers the advice asked of it.
ASKERS = ("senco", "grace", "admin", "slt", "ot", "social")


def record() -> dict:
    """Every operation's request and answer, by operationId."""
    from webui import create_app  # noqa: PLC0415 (the web app only when recording)

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'examples.sqlite'}"
        upgrade(url)
        emails = {key: email for key, _, _, email, _, _ in demo.PEOPLE}
        with make_session_factory(make_engine(url))() as db, db.begin():
            demo.ensure_demo(db, load_plugins(), CHEAPEST)
            tokens = {
                who: api_tokens.create(db, db.query(Person).filter_by(email=emails[who]).one(), {"name": "Examples"})[1]
                for who in ASKERS
            }
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "examples",
                "DOCUMENTS_PATH": f"{folder}/documents",
                "API_RATE_LIMIT": "10000 per minute",
                "SECOND_FACTOR_REQUIRED_FOR": "",
                # A session's POST holds SQLite's write lock before the API counts it in the same file.
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )
        recorder = _Recorder(app.test_client(), tokens, emails["senco"])
        recorder.sessions = make_session_factory(make_engine(url))
        return recorder.run()


class _Recorder:
    def __init__(self, client, tokens, senco_email):
        self.client = client
        self.tokens = tokens
        self.senco_email = senco_email
        self.csrf = None
        self.examples = {}

    def call(self, operation_id, method, path, body=None, *, who="senco", headers=None, **options):
        """Ask as ``who``'s token, or as the signed-in SENCO's browser where ``who`` is None
        (what only a session may do: manage tokens)."""
        credentials = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {"X-CSRFToken": self._signed_in()}
        # A form's fields, with the file's text for the file: read before the request closes it.
        form = {
            name: value if isinstance(value, str) else value[0].getvalue().decode()
            for name, value in options.get("data", {}).items()
        }
        answer = self.client.open(
            f"/api/v1{path}",
            method=method,
            json=body,
            headers={**credentials, **(headers or {})},
            **options,
        )
        if answer.status_code >= 300:
            raise RuntimeError(f"{operation_id}: {answer.status_code} {answer.get_data(as_text=True)}")
        example = {"response": answer.json} if answer.is_json and answer.data else {}
        if body is not None:
            example["request"] = body
        elif form:
            example["request"] = form
        self.examples[operation_id] = example
        return answer

    def _pupil_from_the_schools_system(self):
        """A pupil brought in by the school's system with their identifiers, found by UPN, corrected."""
        pupil = self.call(
            "postChildren", "POST", "/children",
            {"full_name": "Maya Okafor", "date_of_birth": "2019-02-03", "year_group": "Year 2",
             "upn": "B801200005001", "nhs_number": "943 476 5919"},
        )
        self.call("getChildren", "GET", "/children?upn=B801200005001")
        self.call(
            "patchOneChild", "PATCH", f"/children/{pupil.json['id']}", {"year_group": "Year 3"},
            headers={"If-Match": pupil.headers["ETag"]},
        )

    def _staff_from_the_schools_system(self):
        """A teacher's account opened by the school's system with its identifier, found by it, corrected."""
        teacher = self.call(
            "postPeople", "POST", "/people",
            {"full_name": "Hugh Jones", "email": "hugh.jones@demo.teamaround.example", "kind": "school_staff",
             "agency": "school", "identifiers": [{"system": "hillside_mis", "value": "T0042"}]},
            who="admin",
        )
        self.call("getPeople", "GET", "/people?system=hillside_mis&identifier=T0042", who="admin")
        self.call("getOnePerson", "GET", f"/people/{teacher.json['id']}", who="admin")
        self.call(
            "patchOnePerson", "PATCH", f"/people/{teacher.json['id']}",
            {"phone": "01632 960123", "identifiers": [{"system": "hillside_mis", "value": "T0099"}]},
            who="admin", headers={"If-Match": teacher.headers["ETag"]},
        )

    def _signed_in(self) -> str:
        """Sign the SENCO in (once) and give the session's CSRF token."""
        if self.csrf is None:
            self.csrf = self._form_token("/login")
            self.client.post("/login", data={"email": self.senco_email, "password": demo.DEMO_PASSWORD,
                                             "csrf_token": self.csrf})
            self.csrf = self._form_token("/account/tokens")
        return self.csrf

    def _form_token(self, page: str) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', self.client.get(page).get_data(as_text=True)).group(1)

    def run(self) -> dict:
        tomorrow = (utcnow() + timedelta(days=8)).replace(hour=9, minute=0, second=0, microsecond=0)
        today = utcnow().date().isoformat()
        self.call("getChildren", "GET", "/children")
        child = self.examples["getChildren"]["response"]["children"][0]["id"]
        self.call("getOneChild", "GET", f"/children/{child}")
        self.call("getTeam", "GET", f"/children/{child}/team")
        self.call("getTimeline", "GET", f"/children/{child}/timeline?limit=2")
        entry = self.call(
            "postTimeline",
            "POST",
            f"/children/{child}/timeline",
            {
                "kind": "message",
                "title": "Swimming on Thursday",
                "body": "Amara's class swims on Thursday afternoons from next week: a towel and costume, please.",
                "visibility": "team",
            },
        ).json
        self.call(
            "postAssessments",
            "POST",
            f"/children/{child}/assessments",
            {
                "assessment_type": "school.one_page_profile",
                "payload": dict(load_plugins().assessment_types["school.one_page_profile"].example),
            },
        )
        self.call("getEntry", "GET", f"/entries/{entry['id']}")
        self.call(
            "patchEntry",
            "PATCH",
            f"/entries/{entry['id']}",
            {"title": "Swimming on Thursdays"},
            headers={"If-Match": f'"{entry["version"]}"'},
        )
        self.call("postAcknowledgements", "POST", f"/entries/{entry['id']}/acknowledgements", who="grace")
        document = self.call(
            "postChildFile",
            "POST",
            f"/children/{child}/documents",
            data={
                "title": "Swimming kit list",
                "kind": "letter",
                "visibility": "team",
                "file": (io.BytesIO(b"Towel, costume, goggles and a bag for wet things.\n"), "kit.txt"),
            },
            content_type="multipart/form-data",
        ).json
        self.call(
            "postVersions",
            "POST",
            f"/documents/{document['id']}/versions",
            data={
                "file": (io.BytesIO(b"Towel, costume, goggles, a swimming hat and a bag for wet things.\n"), "kit.txt"),
            },
            content_type="multipart/form-data",
        )
        self.call("getChildFile", "GET", f"/children/{child}/documents")
        self.call("postAttachments", "POST", f"/documents/{document['id']}/attachments", {"entry_id": entry["id"]})
        self.call("postWithdrawal", "POST", f"/entries/{entry['id']}/withdrawal")
        plan = self.call("getPlan", "GET", f"/children/{child}/plan").json
        outcome = plan["outcomes"][0]
        self.call("getOutcome", "GET", f"/outcomes/{outcome['id']}")
        self.call(
            "patchOutcome",
            "PATCH",
            f"/outcomes/{outcome['id']}",
            {"text": outcome["text"].rstrip(".") + "."},
            headers={"If-Match": f'"{outcome["version"]}"'},
        )
        self.call(
            "postReadings",
            "POST",
            f"/outcomes/{outcome['id']}/readings",
            {"taken_on": today, "value": outcome["baseline_value"] + 1, "note": "In the small group."},
        )
        self.call(
            "postSessions",
            "POST",
            f"/provision/{plan['provision'][0]['id']}/sessions",
            {"held_on": today, "delivered": True},
        )
        self.call("getReadings", "GET", f"/outcomes/{outcome['id']}/readings")
        self.call("getAssessments", "GET", f"/children/{child}/assessments?limit=1")
        self.call("getMeetings", "GET", "/meetings?limit=2")
        self._pupil_from_the_schools_system()
        self._staff_from_the_schools_system()
        meetings = self.call("getChildMeetings", "GET", f"/children/{child}/meetings").json
        upcoming = next(
            meeting
            for meeting in meetings
            if meeting["status"] != "cancelled" and meeting["starts_at"] > utcnow().isoformat()
        )
        self.call("getMeeting", "GET", f"/meetings/{upcoming['id']}")
        self.call("postAnswer", "POST", f"/meetings/{upcoming['id']}/rsvp", {"answer": "accepted"}, who="grace")
        slot = self.call(
            "postAvailability",
            "POST",
            "/availability",
            {
                "kind": "free",
                "starts_at": tomorrow.isoformat(),
                "ends_at": (tomorrow + timedelta(hours=2)).isoformat(),
                "where": "The school's SEN room",
            },
        ).json
        self.call("getAvailability", "GET", "/availability")
        self.call("deleteSlot", "DELETE", f"/availability/{slot['id']}")
        self.call("getGlossary", "GET", "/glossary")
        self.examples["getGlossary"]["response"] = self.examples["getGlossary"]["response"][:3]
        self.call("getAssessmentTypes", "GET", "/assessment-types")
        self.call("getOneAssessmentType", "GET", "/assessment-types/school.one_page_profile")
        self.call("getPlugins", "GET", "/plugins")
        token = self.call("postTokens", "POST", "/tokens", {"name": "The school's MIS", "days": 90, "scope": "read"},
                          who=None).json
        self.call("getTokens", "GET", "/tokens", who=None)
        self.call("deleteToken", "DELETE", f"/tokens/{token['id']}", who=None)
        self.call("getChanges", "GET", "/changes?limit=2")
        self._ehc(child)
        self._referrals(child)
        self._webhooks(child)
        return self.examples

    def _ehc(self, child):
        """The child's EHC case read by the school's system; the advice asked of the therapist's
        service listed and answered by its system with a document it uploaded; a decision of the
        authority recorded from its letter. A case is opened first if the demo has none."""
        from core.cases import ehc  # noqa: PLC0415 (the web app only when recording)
        from core.site import Site  # noqa: PLC0415

        site = Site(host=load_plugins())
        today = utcnow().date()
        with self.sessions() as db, db.begin():
            senco = db.query(Person).filter_by(email=self.senco_email).one()
            view = ehc.view_case(db, senco, child, today, host=site.host)
            if view.case is None:
                requested = (today - timedelta(days=30)).isoformat()
                ehc.open_case(db, senco, child, {"requested_by": "school", "requested_on": requested}, site=site)
                view = ehc.view_case(db, senco, child, today, host=site.host)
            if not any(s.stage.agency == "speech_language" and s.done_on is None for s in view.stages):
                ehc.request_advice(db, senco, view.case.id, {"agency": "speech_language"}, site=site, today=today)
            case_id = view.case.id
        self.call("getEhcCase", "GET", f"/children/{child}/ehc")
        asked = self.call("getEhcAdvice", "GET", "/ehc-advice", who="slt").json
        advice = self._upload(child, "Speech and language advice for the EHC needs assessment", "slt")
        self.call(
            "postEhcAdviceAnswer", "POST", f"/ehc-advice/{asked[0]['id']}/answer", {"document_id": advice}, who="slt"
        )
        with self.sessions() as db, db.begin():
            senco = db.query(Person).filter_by(email=self.senco_email).one()
            decision, review_id = ehc.view_case(db, senco, child, today, host=site.host).decisions[0]
        letter = self._upload(child, "Letter from the local authority", "senco")
        body = {"decision": decision.value, "decided_on": today.isoformat(), "document_id": letter}
        if review_id is not None:
            body["review_id"] = review_id
        self.call("postEhcDecisions", "POST", f"/ehc/{case_id}/decisions", body)

    def _upload(self, child, title, who) -> int:
        """A document put in the child's file through the API, outside the examples."""
        answer = self.client.post(
            f"/api/v1/children/{child}/documents",
            data={"title": title, "kind": "letter", "visibility": "team",
                  "file": (io.BytesIO(f"{title}.\n".encode()), "letter.txt")},
            content_type="multipart/form-data",
            headers={"Authorization": f"Bearer {self.tokens[who]}"},
        )
        return answer.json["id"]

    def _referrals(self, child):
        """The SENCO's system refers the child to occupational therapy with the family's consent
        (the questions asked read first); the therapist's service lists it, asks for more, is
        answered and accepts; social care's early help team declines the demo's referral to it."""
        consent = {"given_by": "Grace Okafor, mother", "given_on": utcnow().date().isoformat(), "method": "in_person"}
        self.call("getReferralQuestions", "GET", "/agencies/occupational_therapy/referral-questions")
        referral = self.call(
            "postChildReferrals",
            "POST",
            f"/children/{child}/referrals",
            {
                "agency": "occupational_therapy",
                "reason": "Amara finds buttons, zips and holding a pencil hard, and tires when writing.",
                "answers": {"tried": "A pencil grip and a writing slope since September; a little easier."},
                "consent": consent,
                "document_ids": [],
            },
        ).json
        self.call("getChildReferrals", "GET", f"/children/{child}/referrals")
        self.call("getReceivedReferrals", "GET", "/referrals", who="ot")
        self.call("getReferral", "GET", f"/referrals/{referral['id']}", who="ot")
        self.call(
            "postReferralInformationRequest",
            "POST",
            f"/referrals/{referral['id']}/information-requests",
            {"question": "Does Amara manage buttons and zips at home?"},
            who="ot",
        )
        self.call(
            "postReferralInformation",
            "POST",
            f"/referrals/{referral['id']}/information",
            {"text": "Not yet: her mother says she needs help with both most mornings."},
        )
        self.call("postReferralAcceptance", "POST", f"/referrals/{referral['id']}/acceptance", {}, who="ot")
        social = {"Authorization": f"Bearer {self.tokens['social']}"}
        waiting = self.client.get("/api/v1/referrals", headers=social).json
        self.call(
            "postReferralDecline",
            "POST",
            f"/referrals/{waiting[0]['id']}/decline",
            {"reason": "The school's family support worker can help first; refer again if mornings stay hard."},
            who="social",
        )

    def _webhooks(self, child):
        """A webhook registered, a change made and collected for it (not sent: the example's
        receiver is nowhere), its log, and the webhook enabled and deleted."""
        from webui.api import webhooks  # noqa: PLC0415 (the web app only when recording)

        webhook = self.call("postWebhooks", "POST", "/webhooks",
                            {"url": "https://mis.example.org/teamaround", "child_ids": [child]}).json
        self.client.post(f"/api/v1/children/{child}/timeline", json={"kind": "update", "title": "Reading group"},
                         headers={"Authorization": f"Bearer {self.tokens['senco']}"})
        webhooks.collect(self.client.application)
        self.call("getWebhooks", "GET", "/webhooks")
        self.call("getWebhook", "GET", f"/webhooks/{webhook['id']}")
        self.call("getDeliveries", "GET", f"/webhooks/{webhook['id']}/deliveries")
        self.call("postEnableWebhook", "POST", f"/webhooks/{webhook['id']}/enable")
        self.call("deleteWebhook", "DELETE", f"/webhooks/{webhook['id']}")



if __name__ == "__main__":
    EXAMPLES.write_text(json.dumps(record(), indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"wrote {EXAMPLES}")
