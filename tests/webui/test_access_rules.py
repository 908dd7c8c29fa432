"""Each access rule is asked of ChildAccess, and the page, the API and the service give its answer.

A page that hides a control the service accepts, or shows one the service refuses, tells
people something untrue about what they may do; so each test asks the rule once and
checks every door to the same action against it.
"""

from datetime import UTC, datetime, timedelta

import pytest
from conftest import today

from core.access import child_access
from core.errors import Forbidden, InvalidInput
from core.meetings import booking as meetings
from core.people import consent
from core.plans import content as plans
from core.plans import reviews
from core.records import children as records
from core.timeline import entries as timeline
from core.types import utcnow

# A closed case is read-only; a plan under review still takes readings and sessions
# until the next plan starts from it.
STATES = ["open", "under_review", "closed"]


def put_in_state(db, child_team, site, plan, outcome, state):
    if state == "under_review":
        reviews.hold_review(
            db, child_team.senco, plan.id, {"judgements": [{"outcome_id": outcome.id, "judgement": "partly"}]},
            site=site,
        )
    elif state == "closed":
        child_team.child.closed_at = utcnow()
        db.flush()


def post_form_kinds(page):
    """The kinds the page's form for posting to the timeline offers."""
    form = page[page.index('id="entry-kind"'):page.index("</select>", page.index('id="entry-kind"'))]
    return {part.split('"', 1)[0] for part in form.split('<option value="')[1:]}


def answers(allowed, page_shows, api_status, ok_status, service_call):
    """What the page, the API and the service said, each as: was it allowed?"""
    try:
        service_call()
        service_allowed = True
    except Forbidden:
        service_allowed = False
    return {"rule": allowed, "page": page_shows, "api": api_status == ok_status, "service": service_allowed}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", ["senco", "teacher", "parent", "slt"])
def test_who_records_a_reading_is_one_answer(db, client, auth, bearer, child_team, site, plan, add_outcome, who, state):
    outcome = add_outcome()
    put_in_state(db, child_team, site, plan, outcome, state)
    person = getattr(child_team, who)
    allowed = child_access(db, person, child_team.child.id).may_record_readings()
    reading = {"taken_on": today().isoformat(), "value": 4}
    headers = bearer(who)
    auth.login(person)
    page = client.get(f"/children/{child_team.child.id}/plan").get_data(as_text=True)
    api = client.post(f"/api/v1/outcomes/{outcome.id}/readings", json=reading, headers=headers)
    said = answers(
        allowed, "Add a reading" in page, api.status_code, 201,
        lambda: plans.record_reading(db, person, outcome.id, reading),
    )
    assert said == dict.fromkeys(said, state != "closed")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", ["senco", "teacher", "parent", "slt"])
def test_who_logs_a_session_of_support_is_one_answer(
    db, client, auth, bearer, child_team, site, plan, add_outcome, add_provision, who, state
):
    provision = add_provision()
    put_in_state(db, child_team, site, plan, add_outcome(), state)
    person = getattr(child_team, who)
    allowed = child_access(db, person, child_team.child.id).may_log_sessions(provision)
    session = {"held_on": today().isoformat(), "delivered": True}
    headers = bearer(who)
    auth.login(person)
    page = client.get(f"/children/{child_team.child.id}/plan").get_data(as_text=True)
    api = client.post(f"/api/v1/provision/{provision.id}/sessions", json=session, headers=headers)
    said = answers(
        allowed, "Log a session" in page, api.status_code, 201,
        lambda: plans.record_session(db, person, provision.id, session),
    )
    # The therapist delivers it, the SENCO leads; the class teacher's agency is the school's.
    assert said == dict.fromkeys(said, state != "closed" and who in ("senco", "slt"))


@pytest.mark.parametrize(
    ("who", "in_team"),
    [
        ("teacher", True),
        ("parent", True),
        ("slt", True),
        ("ot_without_consent", False),
        ("outsider", False),
        ("other_parent", False),
        ("admin", False),
    ],
)
def test_whom_a_meeting_invites_is_one_answer(db, client, auth, child_team, site, who, in_team):
    """Only the page and the service invite people to a meeting; the API does not book meetings."""
    person = getattr(child_team, who)
    access = child_access(db, child_team.senco, child_team.child.id)
    allowed = access.member(db, person.id) is not None
    auth.login(child_team.senco)
    page = client.get(f"/children/{child_team.child.id}/meetings").get_data(as_text=True)
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    data = {
        "purpose": "tac_meeting",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "location": "School library",
        "attendees": [{"person_id": person.id, "required": True}],
    }
    try:
        meetings.schedule(db, child_team.senco, child_team.child.id, data, site=site)
        service_allowed = True
    except InvalidInput:
        service_allowed = False
    said = {"rule": allowed, "page": f'name="required" value="{person.id}"' in page, "service": service_allowed}
    assert said == dict.fromkeys(said, in_team)


@pytest.mark.parametrize(
    ("agency", "offered"),
    [("occupational_therapy", True), ("speech_language", True), ("school", False), ("astrology", False)],
)
def test_which_agencies_consent_is_recorded_for_is_one_answer(db, client, auth, child_team, agency, offered, site):
    """Consent is for the agencies professionals work for; school staff and parents need none.
    Consent is recorded on the team page only; the API has no door to it."""
    consent.withdraw_consent(db, child_team.senco, child_team.child.id, "speech_language", site=site)
    allowed = agency in child_access(db, child_team.senco, child_team.child.id).consent_agencies(db)
    auth.login(child_team.senco)
    page = client.get(f"/children/{child_team.child.id}/team").get_data(as_text=True)
    response = client.post(f"/children/{child_team.child.id}/consents", data={"agency": agency})
    said = {"rule": allowed, "page": f'<option value="{agency}">' in page, "form": response.status_code == 302}
    assert said == dict.fromkeys(said, offered)


@pytest.mark.parametrize("who", ["teacher", "parent", "slt"])
def test_only_the_lead_professional_is_offered_agencies_for_consent(db, child_team, who):
    access = child_access(db, getattr(child_team, who), child_team.child.id)
    assert access.consent_agencies(db) == []
    with pytest.raises(Forbidden):
        consent.record_consent(db, getattr(child_team, who), child_team.child.id, "occupational_therapy")


@pytest.mark.parametrize("kind", ["update", "home_observation", "message"])
@pytest.mark.parametrize("who", ["senco", "teacher", "parent", "slt"])
def test_who_posts_each_kind_of_entry_is_one_answer(db, client, auth, bearer, child_team, host, who, kind):
    person = getattr(child_team, who)
    allowed = child_access(db, person, child_team.child.id).may_post(kind)
    entry = {"kind": kind, "title": "Tried the visual timetable today"}
    headers = bearer(who)
    auth.login(person)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    offered = 'id="entry-kind"' in page and kind in post_form_kinds(page)
    api = client.post(f"/api/v1/children/{child_team.child.id}/timeline", json=entry, headers=headers)
    said = answers(
        allowed, offered, api.status_code, 201,
        lambda: timeline.post_entry(db, person, child_team.child.id, entry, host=host),
    )
    # Parents post what they see at home, the professionals updates; everyone sends messages.
    posts = {"update": who != "parent", "home_observation": who == "parent", "message": True}[kind]
    assert said == dict.fromkeys(said, posts)


@pytest.mark.parametrize("who", ["senco", "teacher", "parent", "slt"])
def test_who_records_an_agencys_assessment_is_one_answer(db, client, auth, bearer, child_team, host, who):
    key = "speech_language.communication_assessment"
    assessment = {"assessment_type": key, "payload": host.assessment_types[key].example}
    person = getattr(child_team, who)
    allowed = child_access(db, person, child_team.child.id).may_record(host.assessment_types[key])
    headers = bearer(who)
    auth.login(person)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    form = client.get(f"/children/{child_team.child.id}/assessments/{key}")
    api = client.post(f"/api/v1/children/{child_team.child.id}/assessments", json=assessment, headers=headers)
    said = answers(
        allowed, f"/assessments/{key}" in page and form.status_code == 200, api.status_code, 201,
        lambda: timeline.post_assessment(db, person, child_team.child.id, assessment, host=host),
    )
    assert said == dict.fromkeys(said, who == "slt")


@pytest.mark.parametrize("who", ["slt", "senco", "teacher", "parent"])
def test_who_sees_who_has_read_an_entry_is_one_answer(db, client, auth, child_team, host, who):
    """The API shows no read receipts; the page and the service do."""
    entry = timeline.post_entry(
        db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Therapy block starts"}, host=host
    )
    person = getattr(child_team, who)
    allowed = child_access(db, person, child_team.child.id).may_see_receipts(entry)
    auth.login(person)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    receipts_page = client.get(f"/entries/{entry.id}/receipts")
    link = f'href="/entries/{entry.id}/receipts"' in page
    said = answers(allowed, link, receipts_page.status_code, 200, lambda: timeline.read_receipts(db, person, entry.id))
    assert said == dict.fromkeys(said, who in ("slt", "senco"))


@pytest.mark.parametrize(("kind", "withdrawn", "answerable"), [
    ("message", False, True), ("update", False, False), ("message", True, False),
])
def test_what_may_be_replied_to_is_one_answer(db, client, auth, bearer, child_team, host, kind, withdrawn, answerable):
    entry = timeline.post_entry(
        db, child_team.senco, child_team.child.id, {"kind": kind, "title": "Swimming on Friday"}, host=host
    )
    if withdrawn:
        timeline.withdraw_entry(db, child_team.senco, entry.id)
    allowed = child_access(db, child_team.parent, child_team.child.id).may_reply(entry)
    reply = {"kind": "message", "title": "Thank you", "reply_to": entry.id}
    headers = bearer("parent")
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    api = client.post(f"/api/v1/children/{child_team.child.id}/timeline", json=reply, headers=headers)
    try:
        timeline.post_entry(db, child_team.parent, child_team.child.id, reply, host=host)
        service_allowed = True
    except InvalidInput:
        service_allowed = False
    said = {
        "rule": allowed,
        "page": f'name="reply_to" value="{entry.id}"' in page,
        "api": api.status_code == 201,
        "service": service_allowed,
    }
    assert said == dict.fromkeys(said, answerable)


@pytest.mark.parametrize("who", ["senco", "teacher", "parent", "slt"])
def test_who_sees_who_looked_at_the_record_is_one_answer(db, client, auth, child_team, who):
    """The API lists no viewers; the team page links to them and the service lists them."""
    person = getattr(child_team, who)
    allowed = child_access(db, person, child_team.child.id).may_see_viewers()
    auth.login(person)
    page = client.get(f"/children/{child_team.child.id}/team").get_data(as_text=True)
    listed = client.get(f"/children/{child_team.child.id}/viewers")
    said = answers(
        allowed, f'href="/children/{child_team.child.id}/viewers"' in page, listed.status_code, 200,
        lambda: records.who_viewed(db, person, child_team.child.id),
    )
    assert said == dict.fromkeys(said, who in ("senco", "parent"))


@pytest.mark.parametrize("closed", [False, True])
@pytest.mark.parametrize("who", ["slt", "senco", "teacher", "parent"])
def test_who_says_they_have_seen_an_entry_is_one_answer(db, client, auth, bearer, child_team, host, who, closed):
    entry = timeline.post_entry(
        db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Therapy block starts"}, host=host
    )
    if closed:
        child_team.child.closed_at = utcnow()
        db.flush()
    person = getattr(child_team, who)
    allowed = child_access(db, person, child_team.child.id).may_acknowledge(entry)
    headers = bearer(who)
    auth.login(person)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    api = client.post(f"/api/v1/entries/{entry.id}/acknowledgements", headers=headers)
    said = answers(
        allowed, f'action="/entries/{entry.id}/acknowledge"' in page, api.status_code, 201,
        lambda: timeline.acknowledge(db, person, entry.id),
    )
    assert said == dict.fromkeys(said, who != "slt" and not closed)
