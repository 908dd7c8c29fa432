"""Referrals between agencies: made with the family's consent, answered by the receiving agency
(accepted, declined, or more information first), each step on the timeline, read only by the
child's team and the agency referred to, and a parent's view of where each one is."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
import sample_files
from sqlalchemy import select

from core.access import child_access
from core.cases import referral_views, referrals
from core.cases.referral_questions import questions_for
from core.documents.filing import Upload, add_document
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.models import AgencyConsent, EntryKind, ReferralStatus, ReferralStepKind, TimelineEntry
from core.wording import english

REFERRED = datetime(2026, 9, 1, 9, tzinfo=UTC)
ANSWERS = {"tried": "Small-group talk time since June.", "gp_knows": "Yes, since the summer."}
CONSENT = {"given_by": "Grace Okafor, mother", "given_on": "2026-08-28", "method": "in_person"}


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(REFERRED)
    monkeypatch.setattr(referrals, "utcnow", clock)
    return clock


@pytest.fixture
def paediatrician(make_person):
    """A professional of the agency referred to, not in the child's team."""
    return make_person("professional", agency="health", name="Dr Rosa Mendes")


@pytest.fixture
def store(tmp_path):
    return LocalFileStore(tmp_path / "documents")


@pytest.fixture
def letter(db, child_team, host, store):
    return add_document(
        db,
        child_team.senco,
        child_team.child.id,
        {"title": "Letter from the GP", "kind": "letter"},
        Upload(io.BytesIO(sample_files.pdf("Letter from the GP")), "letter.pdf"),
        store=store,
        host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )


@pytest.fixture
def refer(db, child_team, site, clock):
    """Refer the child to health (by the SENCO unless said), with what a referral needs unless changed."""

    def make(by=None, **changes):
        data = {
            "agency": "health",
            "reason": "Tires quickly and falls often.",
            "answers": ANSWERS,
            "consent": CONSENT,
        } | changes
        return referrals.refer(db, by or child_team.senco, child_team.child.id, data, site=site)

    return make


def _entries(db, child_team):
    return db.scalars(
        select(TimelineEntry)
        .where(TimelineEntry.child_id == child_team.child.id, TimelineEntry.kind == EntryKind.REFERRAL)
        .order_by(TimelineEntry.id)
    ).all()


def test_a_referral_keeps_the_familys_consent_its_answers_and_its_documents(db, refer, letter, child_team):
    referral = refer(document_ids=[letter.id])
    assert referral.status is ReferralStatus.WAITING
    assert (referral.consent_given_by, referral.consent_given_on, referral.consent_method.value) == (
        "Grace Okafor, mother",
        date(2026, 8, 28),
        "in_person",
    )
    assert [(q["key"], q["answer"]) for q in referral.questions] == [
        ("tried", "Small-group talk time since June."),
        ("family_hopes", ""),
        ("gp_knows", "Yes, since the summer."),
        ("medicines", ""),
    ]
    assert referral.documents == [letter]


def test_making_a_referral_goes_on_the_timeline_in_plain_words(db, refer, child_team):
    refer()
    [entry] = _entries(db, child_team)
    assert english(entry.wording["title"]) == "Referred to Health" == entry.title
    assert english(entry.wording["body"]) == (
        "Priya Shah referred Amara to Health, with the consent of Grace Okafor, mother. "
        "The reason: Tires quickly and falls often."
    )


def test_no_consent_no_referral(refer):
    with pytest.raises(InvalidInput) as refused:
        refer(consent=None)
    assert list(refused.value.errors) == ["consent"]


def test_consent_without_how_it_was_given_is_refused(refer):
    with pytest.raises(InvalidInput) as refused:
        refer(consent={"given_by": "Grace Okafor", "given_on": "2026-08-28"})
    assert list(refused.value.errors) == ["consent.method"]


def test_a_required_question_left_blank_names_its_question(refer):
    with pytest.raises(InvalidInput) as refused:
        refer(answers={"tried": " "})
    assert sorted(refused.value.errors) == ["answers.gp_knows", "answers.tried"]


def test_an_answer_to_a_question_not_asked_is_refused(refer):
    with pytest.raises(InvalidInput) as refused:
        refer(answers=ANSWERS | {"languages": "Polish"})
    assert list(refused.value.errors) == ["answers.languages"]


def test_a_referral_goes_only_to_an_installed_agency(refer):
    with pytest.raises(InvalidInput) as refused:
        refer(agency="dentistry")
    assert list(refused.value.errors) == ["agency"]


def test_a_document_of_another_child_is_not_sent(db, refer, child_team, host, tmp_path):
    other = add_document(
        db,
        child_team.other_child.memberships[0].person,
        child_team.other_child.id,
        {"title": "Leo's report", "kind": "report"},
        Upload(io.BytesIO(sample_files.pdf("Leo")), "leo.pdf"),
        store=LocalFileStore(tmp_path / "other"),
        host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    with pytest.raises(InvalidInput) as refused:
        refer(document_ids=[other.id])
    assert list(refused.value.errors) == ["document_ids"]


def test_one_referral_at_a_time_to_an_agency(refer):
    refer()
    with pytest.raises(Conflict):
        refer()


def test_the_family_does_not_refer_themselves_through_the_team(refer, child_team):
    with pytest.raises(Forbidden):
        refer(by=child_team.parent)


def test_the_agency_accepts_and_the_person_who_accepts_joins_the_team(db, refer, child_team, paediatrician, site):
    referral = refer()
    referrals.accept(db, paediatrician, referral.id, {}, site=site)
    assert referral.status is ReferralStatus.ACCEPTED
    access = child_access(db, paediatrician, child_team.child.id)
    assert (access.membership.role, access.agency) == ("paediatrician", "health")
    consent = db.scalar(
        select(AgencyConsent).where(AgencyConsent.child_id == child_team.child.id, AgencyConsent.agency == "health")
    )
    assert consent.recorded_by_id == child_team.senco.id
    assert english(_entries(db, child_team)[-1].wording["title"]) == "Health accepted the referral"


def test_the_agency_declines_with_its_reason(db, refer, child_team, paediatrician, site):
    referral = refer()
    referrals.decline(db, paediatrician, referral.id, {"reason": "The GP can see Amara first."}, site=site)
    assert referral.status is ReferralStatus.DECLINED
    entry = _entries(db, child_team)[-1]
    assert (english(entry.wording["title"]), english(entry.wording["body"])) == (
        "Health declined the referral",
        "Dr Rosa Mendes gave the reason: The GP can see Amara first.",
    )
    assert entry.author_id == paediatrician.id
    with pytest.raises(NotFound):
        child_access(db, paediatrician, child_team.child.id)


def test_a_decline_without_a_reason_is_refused(db, refer, paediatrician, site):
    referral = refer()
    with pytest.raises(InvalidInput) as refused:
        referrals.decline(db, paediatrician, referral.id, {"reason": ""}, site=site)
    assert list(refused.value.errors) == ["reason"]


def test_more_information_then_answered_then_accepted(db, refer, child_team, paediatrician, site):
    referral = refer()
    referrals.ask_for_information(db, paediatrician, referral.id, {"question": "Any falls at home?"}, site=site)
    assert referral.status is ReferralStatus.MORE_INFORMATION
    with pytest.raises(Conflict):
        referrals.accept(db, paediatrician, referral.id, {}, site=site)
    referrals.give_information(db, child_team.senco, referral.id, {"text": "Yes, twice a week."}, site=site)
    assert referral.status is ReferralStatus.WAITING
    referrals.accept(db, paediatrician, referral.id, {}, site=site)
    assert [(step.kind, step.text) for step in referral.steps] == [
        (ReferralStepKind.MADE, "Tires quickly and falls often."),
        (ReferralStepKind.MORE_INFORMATION_ASKED, "Any falls at home?"),
        (ReferralStepKind.INFORMATION_GIVEN, "Yes, twice a week."),
        (ReferralStepKind.ACCEPTED, ""),
    ]
    assert [english(entry.wording["title"]) for entry in _entries(db, child_team)] == [
        "Referred to Health",
        "Health asked for more about the referral",
        "More about the referral sent to Health",
        "Health accepted the referral",
    ]


def test_only_the_referrer_or_the_lead_gives_more_information(db, refer, child_team, paediatrician, site):
    referral = refer(by=child_team.teacher)
    referrals.ask_for_information(db, paediatrician, referral.id, {"question": "Any falls at home?"}, site=site)
    with pytest.raises(Forbidden):
        referrals.give_information(db, child_team.slt, referral.id, {"text": "I think so."}, site=site)
    referrals.give_information(db, child_team.senco, referral.id, {"text": "Yes, twice a week."}, site=site)


def test_an_answered_referral_is_not_answered_again(db, refer, paediatrician, site):
    referral = refer()
    referrals.decline(db, paediatrician, referral.id, {"reason": "Not for us."}, site=site)
    with pytest.raises(Conflict):
        referrals.accept(db, paediatrician, referral.id, {}, site=site)


def test_the_team_does_not_answer_for_the_agency(db, refer, child_team, site):
    referral = refer()
    with pytest.raises(Forbidden):
        referrals.accept(db, child_team.senco, referral.id, {}, site=site)


@pytest.mark.parametrize("who", ["other_agency", "outsider", "other_parent"])
def test_nobody_else_learns_the_referral_or_the_child_exists(db, refer, child_team, make_person, site, who):
    referral = refer()
    person = {
        "other_agency": lambda: make_person("professional", agency="social_care"),
        "outsider": lambda: child_team.outsider,
        "other_parent": lambda: child_team.other_parent,
    }[who]()
    with pytest.raises(NotFound):
        referral_views.read(db, person, referral.id, site=site, now=REFERRED)
    assert referral_views.received(db, person, site=site, now=REFERRED) == []


def test_the_agency_reads_its_referral_and_nothing_else_of_the_child(db, refer, child_team, paediatrician, site):
    referral = refer()
    [waiting] = referral_views.received(db, paediatrician, site=site, now=REFERRED)
    assert waiting.referral == referral
    access, _ = referral_views.read(db, paediatrician, referral.id, site=site, now=REFERRED)
    assert access.team is None and access.may_answer()
    with pytest.raises(NotFound):
        child_access(db, paediatrician, child_team.child.id)


def test_the_agency_reads_the_documents_sent_and_no_other(db, refer, letter, child_team, paediatrician, host, store):
    kept_back = add_document(
        db,
        child_team.senco,
        child_team.child.id,
        {"title": "Notes", "kind": "other"},
        Upload(io.BytesIO(sample_files.pdf("Notes")), "notes.pdf"),
        store=store,
        host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    referral = refer(document_ids=[letter.id])
    opened = referral_views.open_sent_document(db, paediatrician, referral.id, letter.id, store=store)
    with opened.file:
        assert opened.file.read() == sample_files.pdf("Letter from the GP")
    with pytest.raises(NotFound):
        referral_views.open_sent_document(db, paediatrician, referral.id, kept_back.id, store=store)


def test_the_parent_reads_where_each_referral_is_and_how_long_it_has_waited(
    db, refer, child_team, paediatrician, site, clock
):
    health = refer()
    clock.now = REFERRED + timedelta(days=2)
    speech = refer(agency="speech_language", answers={"tried": "Talk time.", "languages": "English and Igbo."})
    referrals.decline(db, paediatrician, health.id, {"reason": "The GP first."}, site=site)
    now = REFERRED + timedelta(weeks=3, days=4)
    _, views = referral_views.child_referrals(db, child_team.parent, child_team.child.id, site=site, now=now)
    assert [(english(v.where, site.zone), english(v.waited)) for v in views] == [
        ("Waiting for Speech and language therapy to answer", "3 weeks"),
        ("Declined by Health on Thursday 3 September 2026", "2 days"),
    ]
    assert speech in [v.referral for v in views]


def test_a_referral_waits_in_days_for_a_fortnight_then_in_weeks(db, refer, site):
    referral = refer()
    assert [
        english(referral_views.view(site, referral, REFERRED + after).waited)
        for after in (timedelta(hours=5), timedelta(days=1), timedelta(days=13), timedelta(days=20))
    ] == ["less than a day", "1 day", "13 days", "2 weeks"]


def test_the_caseload_counts_each_childs_open_referrals_in_one_query(
    db, refer, child_team, paediatrician, site, clock, count_queries
):
    referral = refer()
    clock.now = REFERRED + timedelta(weeks=5)
    refer(agency="speech_language", answers={"tried": "Talk time.", "languages": "English."})
    referrals.ask_for_information(db, paediatrician, referral.id, {"question": "Falls at home?"}, site=site)
    ids = select(type(child_team.child).id)
    with count_queries() as queries:
        waiting = referral_views.waiting_by_child(db, ids, REFERRED + timedelta(weeks=7))
    assert len(queries) == 1
    assert waiting == {
        child_team.child.id: referral_views.WaitingReferrals(count=2, since=REFERRED, overdue=True, asked_of_team=1)
    }


def test_an_agency_adds_its_own_questions_after_the_cores(host):
    asked = questions_for(host, "speech_language")
    assert [(q.key, q.required) for q in asked] == [
        ("tried", True),
        ("family_hopes", False),
        ("languages", True),
        ("hearing", False),
    ]
    assert asked[2].text.domain == "speech_language" and asked[0].text.domain is None
