"""The lead's caseload: each child with what needs them, searched, filtered, most urgent first."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.cases import ehc, referrals
from core.errors import InvalidInput
from core.meetings import booking, report_requests
from core.messaging.caseload import SignalKind, Urgency, caseload
from core.models import AuditEvent
from core.people import team
from core.plans import content as plans
from core.plans import reviews
from core.timeline import entries as timeline
from core.types import utcnow
from core.wording import english

ZONE = "Europe/London"


@pytest.fixture
def look(db, host):
    """The person's caseload, now or at ``now``, narrowed by ``query``."""

    def read(person, now=None, **query):
        return caseload(db, person, now or utcnow(), ZONE, query, host=host)

    return read


def rows(look, person, now=None, **query):
    return look(person, now, **query).rows


def names(look, person, now=None, **query):
    return [row.child.full_name for row in rows(look, person, now, **query)]


def row_of(look, person, child, now=None):
    return next(row for row in rows(look, person, now) if row.child.id == child.id)


def kinds(row):
    return {signal.kind: signal for signal in row.signals}


@pytest.fixture
def review_in(db, site):
    """Give a child a plan whose review is due in ``days`` days."""

    def schedule(lead, child, days):
        plan = plans.create_plan(db, lead, child.id, site=site)
        due_on = (utcnow() + timedelta(days=days)).date()
        return reviews.schedule_review(db, lead, plan.id, {"due_on": due_on.isoformat()}, site=site)

    return schedule


@pytest.fixture
def book(db, site):
    """Book a meeting about a child ``days`` days ahead, by its lead, with ``attendees``."""

    def make(lead, child, days, attendees=()):
        starts = (utcnow() + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
        data = {
            "purpose": "tac_meeting",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "attendees": [{"person_id": person.id, "required": True} for person in attendees],
        }
        return booking.schedule(db, lead, child.id, data, site=site)

    return make


@pytest.fixture
def caseload_of_four(db, child_team, make_child, review_in, host):
    """The SENCO's four children: Amara (child_team's) with a review due in 10 days, Ben with one
    due in 3, Chloe with a new entry from her teacher, Dev with nothing waiting."""
    senco = child_team.senco
    ben = make_child(senco, full_name="Ben Carter", year_group="Year 4", sen_status="ehcp")
    chloe = make_child(senco, full_name="Chloe Evans", year_group="Year 5")
    dev = make_child(senco, full_name="Dev Patel", preferred_name="Devi", year_group="Year 4")
    review_in(senco, child_team.child, 10)
    review_in(senco, ben, 3)
    team.add_member(db, senco, chloe.id, {"person_id": child_team.teacher.id, "role": "class_teacher"})
    timeline.post_entry(db, child_team.teacher, chloe.id, {"kind": "update", "title": "Read aloud"}, host=host)
    return {"amara": child_team.child, "ben": ben, "chloe": chloe, "dev": dev}


def test_the_most_urgent_child_comes_first_then_the_soonest_due_then_news_then_the_rest(
    child_team, caseload_of_four, look
):
    assert names(look, child_team.senco) == ["Ben Carter", "Amara Okafor", "Chloe Evans", "Dev Patel"]
    in_five_days = utcnow() + timedelta(days=5)  # Ben's review is then two days overdue
    assert [row.urgency for row in rows(look, child_team.senco, in_five_days)] == [
        Urgency.OVERDUE,
        Urgency.DUE,
        Urgency.TO_LOOK_AT,
        Urgency.NOTHING,
    ]


def test_the_longest_overdue_comes_before_one_overdue_since_yesterday(child_team, caseload_of_four, look):
    in_twelve_days = utcnow() + timedelta(days=12)
    assert names(look, child_team.senco, in_twelve_days)[:2] == ["Ben Carter", "Amara Okafor"]


def test_ordered_by_name_the_caseload_reads_alphabetically(child_team, caseload_of_four, look):
    assert names(look, child_team.senco, order="name") == ["Amara Okafor", "Ben Carter", "Chloe Evans", "Dev Patel"]


def test_an_overdue_review_shows_the_day_it_was_due(child_team, caseload_of_four, look):
    ben = caseload_of_four["ben"]
    signal = kinds(row_of(look, child_team.senco, ben, utcnow() + timedelta(days=5)))[SignalKind.REVIEW]
    assert (signal.urgency, signal.on) == (Urgency.OVERDUE, (utcnow() + timedelta(days=3)).date())


def test_a_review_further_off_than_four_weeks_needs_nothing_yet(child_team, review_in, look):
    review_in(child_team.senco, child_team.child, 40)
    assert row_of(look, child_team.senco, child_team.child).signals == ()


def test_the_review_is_for_the_lead_not_the_rest_of_the_team(child_team, review_in, look):
    review_in(child_team.senco, child_team.child, 3)
    assert SignalKind.REVIEW in kinds(row_of(look, child_team.senco, child_team.child))
    assert SignalKind.REVIEW not in kinds(row_of(look, child_team.teacher, child_team.child))


def test_new_entries_are_counted_until_the_person_looks_at_the_timeline(db, child_team, host, look):
    for title in ("One", "Two"):
        timeline.post_entry(db, child_team.parent, child_team.child.id, {"kind": "message", "title": title}, host=host)
    assert kinds(row_of(look, child_team.senco, child_team.child))[SignalKind.NEW_ENTRIES].count == 2
    timeline.read_timeline(db, child_team.senco, child_team.child.id)
    assert row_of(look, child_team.senco, child_team.child).signals == ()


def test_new_entries_are_counted_for_each_reader_of_a_kind_as_new_to_them(db, child_team, host, look):
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "One"}, host=host)
    assert kinds(row_of(look, child_team.senco, child_team.child))[SignalKind.NEW_ENTRIES].count == 1
    assert row_of(look, child_team.teacher, child_team.child).signals == ()  # the teacher's own entry


def test_the_lead_sees_reports_awaited_and_the_professional_their_own(db, child_team, site, book, look):
    meeting = book(child_team.senco, child_team.child, 20, [child_team.slt, child_team.teacher])
    report_requests.request_reports(
        db, child_team.senco, meeting.id, [child_team.slt.id, child_team.teacher.id], site=site
    )
    awaited = kinds(row_of(look, child_team.senco, child_team.child))[SignalKind.REPORTS]
    assert (awaited.count, awaited.urgency, awaited.on) == (
        2,
        Urgency.DUE,
        meeting.starts_at.date() - timedelta(days=7),
    )
    asked_of_the_therapist = kinds(row_of(look, child_team.slt, child_team.child))
    assert SignalKind.OWN_REPORT in asked_of_the_therapist and SignalKind.REPORTS not in asked_of_the_therapist


def test_a_report_asked_of_the_teacher_is_theirs_and_awaited_by_the_lead_of_the_same_kind(
    db, child_team, site, book, look
):
    meeting = book(child_team.senco, child_team.child, 20, [child_team.teacher])
    report_requests.request_reports(db, child_team.senco, meeting.id, [child_team.teacher.id], site=site)
    assert SignalKind.REPORTS in kinds(row_of(look, child_team.senco, child_team.child))
    asked_of_the_teacher = kinds(row_of(look, child_team.teacher, child_team.child))
    assert SignalKind.OWN_REPORT in asked_of_the_teacher and SignalKind.REPORTS not in asked_of_the_teacher


def test_a_report_sent_is_no_longer_awaited(db, child_team, site, book, host, look):
    meeting = book(child_team.senco, child_team.child, 20, [child_team.slt])
    [request] = report_requests.request_reports(db, child_team.senco, meeting.id, [child_team.slt.id], site=site)
    entry = timeline.post_entry(
        db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Report"}, host=host
    )
    report_requests.send_report(db, child_team.slt, request.id, entry.id)
    timeline.read_timeline(db, child_team.senco, child_team.child.id)
    assert row_of(look, child_team.senco, child_team.child).signals == ()


def test_a_report_past_its_due_day_is_overdue(db, child_team, site, book, look):
    meeting = book(child_team.senco, child_team.child, 20, [child_team.slt])
    report_requests.request_reports(db, child_team.senco, meeting.id, [child_team.slt.id], site=site)
    in_sixteen_days = utcnow() + timedelta(days=16)
    assert kinds(row_of(look, child_team.senco, child_team.child, in_sixteen_days))[SignalKind.REPORTS].urgency is (
        Urgency.OVERDUE
    )


def test_each_child_shows_its_next_meeting_not_a_cancelled_one(db, child_team, site, book, look):
    cancelled = book(child_team.senco, child_team.child, 2)
    booking.cancel(db, child_team.senco, cancelled.id, site=site)
    soonest = book(child_team.senco, child_team.child, 9)
    book(child_team.senco, child_team.child, 30)
    assert row_of(look, child_team.senco, child_team.child).next_meeting.id == soonest.id


@pytest.fixture
def ehc_case(db, child_team, site):
    """An EHC needs assessment the school asked for ten days ago: the authority's decision is due in 32 days."""
    requested_on = (utcnow() - timedelta(days=10)).date()
    data = {"requested_by": "school", "requested_on": requested_on.isoformat()}
    return ehc.open_case(db, child_team.senco, child_team.child.id, data, site=site)


def test_the_ehc_stage_due_first_says_what_it_is_who_must_act_and_by_when(child_team, ehc_case, look):
    stage = kinds(row_of(look, child_team.senco, child_team.child))[SignalKind.EHC_STAGE]
    assert (english(stage.words), english(stage.who)) == (
        "The local authority's decision whether to assess",
        "the local authority",
    )
    assert (stage.urgency, stage.on) == (Urgency.DUE, (utcnow() + timedelta(days=32)).date())
    in_five_weeks = utcnow() + timedelta(weeks=5)
    assert kinds(row_of(look, child_team.senco, child_team.child, in_five_weeks))[SignalKind.EHC_STAGE].urgency is (
        Urgency.OVERDUE
    )


@pytest.fixture
def advice_asked(db, child_team, ehc_case, site):
    """The speech and language therapists' advice for the assessment, asked for today: due in six weeks."""
    today = utcnow().date()
    return ehc.request_advice(db, child_team.senco, ehc_case.id, {"agency": "speech_language"}, site=site, today=today)


EHC_SIGNALS = {SignalKind.ADVICE, SignalKind.OWN_ADVICE, SignalKind.EHC_STAGE}


def test_advice_the_agencies_owe_is_counted_for_the_lead(child_team, advice_asked, look):
    advice = kinds(row_of(look, child_team.senco, child_team.child))[SignalKind.ADVICE]
    assert (advice.count, advice.urgency) == (1, Urgency.DUE)
    assert set(kinds(row_of(look, child_team.teacher, child_team.child))) & EHC_SIGNALS == set()


def test_advice_asked_of_the_therapists_agency_is_theirs_to_give_by_its_day(child_team, advice_asked, look):
    shown = kinds(row_of(look, child_team.slt, child_team.child))
    assert set(shown) & EHC_SIGNALS == {SignalKind.OWN_ADVICE}
    assert (shown[SignalKind.OWN_ADVICE].urgency, shown[SignalKind.OWN_ADVICE].on) == (Urgency.DUE, advice_asked.due_on)


REFERRAL = {
    "agency": "health",
    "reason": "Tires quickly and falls often.",
    "answers": {"tried": "Small-group talk time since June.", "gp_knows": "Yes, since the summer."},
    "consent": {"given_by": "Grace Okafor, mother", "given_on": "2026-08-28", "method": "in_person"},
}


def test_a_referral_waits_since_the_day_it_was_made_and_is_overdue_after_six_weeks(db, child_team, site, look):
    referrals.refer(db, child_team.senco, child_team.child.id, REFERRAL, site=site)
    waiting = kinds(row_of(look, child_team.senco, child_team.child))[SignalKind.REFERRALS]
    assert (waiting.count, waiting.urgency, waiting.on) == (1, Urgency.TO_LOOK_AT, utcnow().date())
    in_seven_weeks = utcnow() + timedelta(weeks=7)
    assert kinds(row_of(look, child_team.senco, child_team.child, in_seven_weeks))[SignalKind.REFERRALS].urgency is (
        Urgency.OVERDUE
    )


def test_a_referral_whose_agency_asks_for_more_is_due_to_the_team(db, child_team, make_person, site, look):
    referral = referrals.refer(db, child_team.senco, child_team.child.id, REFERRAL, site=site)
    paediatrician = make_person("professional", agency="health", name="Dr Rosa Mendes")
    referrals.ask_for_information(db, paediatrician, referral.id, {"question": "Any falls at home?"}, site=site)
    asked = kinds(row_of(look, child_team.senco, child_team.child))[SignalKind.REFERRAL_QUESTIONS]
    assert (asked.count, asked.urgency) == (1, Urgency.DUE)


def test_a_name_finds_the_child_by_either_name_whatever_the_case(child_team, caseload_of_four, look):
    assert names(look, child_team.senco, name="carter") == ["Ben Carter"]
    assert names(look, child_team.senco, name="DEVI") == ["Dev Patel"]


def test_only_the_overdue_leaves_out_what_is_merely_due(child_team, caseload_of_four, look):
    assert names(look, child_team.senco, utcnow() + timedelta(days=5), needs="overdue") == ["Ben Carter"]


def test_needing_attention_leaves_out_the_children_with_nothing_waiting(child_team, caseload_of_four, look):
    assert names(look, child_team.senco, needs="attention") == ["Ben Carter", "Amara Okafor", "Chloe Evans"]


def test_filters_by_plan_and_year_group(child_team, caseload_of_four, look):
    assert names(look, child_team.senco, plan="ehcp") == ["Ben Carter"]
    assert names(look, child_team.senco, year="Year 4") == ["Ben Carter", "Dev Patel"]
    assert look(child_team.senco).year_groups == ["Year 4", "Year 5"]


def test_a_narrowed_caseload_still_counts_every_child(child_team, caseload_of_four, look):
    assert look(child_team.senco, name="ben").total == 4


def test_a_query_it_cannot_read_is_refused_naming_the_field(child_team, look):
    with pytest.raises(InvalidInput) as refused:
        look(child_team.senco, needs="everything")
    assert list(refused.value.errors) == ["needs"]


def test_a_person_sees_only_the_children_they_may_see(child_team, look):
    assert names(look, child_team.senco) == ["Amara Okafor"]
    assert names(look, child_team.ot_without_consent) == []
    assert names(look, child_team.outsider) == []


def test_looking_at_the_caseload_is_audited_naming_the_children_shown(db, child_team, caseload_of_four, look):
    look(child_team.senco, plan="ehcp")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "caseload.viewed"))
    assert (event.actor_id, event.detail) == (child_team.senco.id, {"children": [caseload_of_four["ben"].id]})


def test_the_caseload_runs_the_same_queries_for_five_children_as_for_sixty(
    db, child_team, make_child, review_in, book, site, host, count_queries, look
):
    senco = child_team.senco

    def add_children(count):
        for number in range(count):
            child = make_child(senco, full_name=f"Child {number:03}")
            team.add_member(db, senco, child.id, {"person_id": child_team.teacher.id, "role": "class_teacher"})
            review_in(senco, child, number % 20)
            meeting = book(senco, child, 10 + number % 5, [child_team.teacher])
            report_requests.request_reports(db, senco, meeting.id, [child_team.teacher.id], site=site)
            timeline.post_entry(db, child_team.teacher, child.id, {"kind": "update", "title": "x"}, host=host)
            requested_on = (utcnow() - timedelta(days=number % 50)).date().isoformat()
            ehc.open_case(db, senco, child.id, {"requested_by": "school", "requested_on": requested_on}, site=site)
            referrals.refer(db, senco, child.id, REFERRAL, site=site)

    def statements():
        with count_queries() as queries:
            shown = rows(look, senco, needs="attention")
        assert {SignalKind.REVIEW, SignalKind.REPORTS, SignalKind.EHC_STAGE, SignalKind.REFERRALS} <= {
            signal.kind for row in shown for signal in row.signals
        }
        return queries

    add_children(4)
    few = statements()
    add_children(55)
    many = statements()
    assert len(rows(look, senco)) == 60
    assert len(few) == len(many), "\n\n".join(many)
