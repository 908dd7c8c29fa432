"""The EHC needs assessment and plan as a case: every stage with who acts and by when, on the
Code's days, an overdue stage flagged and reminded once, and what a parent is shown."""

import io
from datetime import UTC, date, datetime

import pytest
import sample_files
from sqlalchemy import func, select

from core import ENGLAND, Timescale, Timescales, hookimpl, time_bounds
from core.cases import ehc, ehc_reminders
from core.cases.ehc_due import ehc_due
from core.contributions import Agency, Role
from core.documents.filing import Upload, add_document
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.errors import Conflict, DoesNotFit, Forbidden, InvalidInput, NotFound
from core.messaging import notifications, reminders
from core.models import (
    Child,
    EhcCase,
    EhcReview,
    EhcStage,
    EhcStep,
    EntryKind,
    Notification,
    OutboxMessage,
    SenStatus,
    TimelineEntry,
)
from core.people import team
from core.plans import reviews as plan_reviews
from core.plugins import load_plugins
from core.records import children
from core.site import Site
from core.wording import english

REQUESTED = date(2026, 9, 1)
ZONE = "Europe/London"
# The clock the dates typed are checked against: after every day these tests record.
NOW = datetime(2028, 6, 1, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(time_bounds, "utcnow", lambda: NOW)


def morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    return LocalFileStore(tmp_path / "documents")


@pytest.fixture
def letter(db, child_team, store, host):
    """A letter (or plan, or advice) filed in the child's file by ``person``, the lead by default."""

    def filed(person=None, title="Letter from the local authority"):
        return add_document(
            db,
            person or child_team.senco,
            child_team.child.id,
            {"title": title, "kind": "letter"},
            Upload(io.BytesIO(sample_files.pdf(title)), "letter.pdf"),
            store=store,
            host=host,
            limit=DEFAULT_MAX_UPLOAD_BYTES,
        )

    return filed


@pytest.fixture
def case(db, child_team, site):
    data = {"requested_by": "school", "requested_on": REQUESTED.isoformat()}
    return ehc.open_case(db, child_team.senco, child_team.child.id, data, site=site)


@pytest.fixture
def decide(db, child_team, site, letter):
    """The lead records a decision of the authority from its letter, filed for the purpose."""

    def decided(case, decision, on, **data):
        values = {"decision": decision, "decided_on": on.isoformat(), "document_id": letter().id, **data}
        return ehc.record_decision(db, child_team.senco, case.id, values, site=site)

    return decided


@pytest.fixture
def assessed(case, decide):
    decide(case, "assess", date(2026, 10, 6))
    return case


@pytest.fixture
def drafted(db, child_team, site, assessed, decide, letter):
    advice = ehc.request_advice(
        db, child_team.senco, assessed.id, {"agency": "speech_language"}, site=site, today=date(2026, 10, 7)
    )
    ehc.answer_advice(
        db,
        child_team.slt,
        advice.id,
        {"document_id": letter(child_team.slt, "SLT advice").id},
        site=site,
        today=date(2026, 11, 10),
    )
    decide(assessed, "draft_issued", date(2026, 12, 1))
    return assessed


@pytest.fixture
def issued(db, child_team, site, drafted, decide):
    ehc.respond_to_draft(
        db,
        child_team.parent,
        drafted.id,
        {"comments": "More speech therapy", "school": "Oak Primary"},
        site=site,
        today=date(2026, 12, 10),
    )
    decide(drafted, "plan_issued", date(2027, 1, 12))
    return drafted


def stage(case, step, review_id=None):
    [found] = [s for s in case.stages if s.step is step and s.review_id == review_id]
    return found


def shown(view):
    """What a stage view says, in English: its words, who acts, due, done, overdue, outcome."""
    return [
        (
            english(s.words),
            english(s.who) if not isinstance(s.who, str) else s.who,
            s.due_on,
            s.done_on,
            s.overdue,
            english(s.outcome) if s.outcome else None,
        )
        for s in view.stages
    ]


def test_a_request_on_1_september_has_the_decision_due_13_october_and_the_final_plan_19_january(case):
    assert stage(case, EhcStep.DECISION_TO_ASSESS).due_on == date(2026, 10, 13)
    assert stage(case, EhcStep.FINAL_PLAN).due_on == date(2027, 1, 19)


def test_each_due_date_keeps_the_paragraph_it_comes_from(db, child_team, case, host):
    view = ehc.view_case(db, child_team.senco, child_team.child.id, REQUESTED, host=host)
    sources = {s.stage.step: english(s.source) for s in view.stages if s.source}
    assert sources == {
        EhcStep.DECISION_TO_ASSESS: "SEND Code of Practice 0 to 25 (2015), 9.14",
        EhcStep.FINAL_PLAN: "SEND Code of Practice 0 to 25 (2015), 9.40",
    }


def test_the_request_is_told_on_the_timeline_with_the_days_that_follow(db, child_team, case):
    entry = db.scalar(select(TimelineEntry).where(TimelineEntry.kind == EntryKind.EHC))
    assert entry.title == "The school asked the local authority for an EHC needs assessment on Tuesday 1 September 2026"
    assert (
        entry.body == "The decision whether to assess is due by Tuesday 13 October 2026, and the final plan by "
        "Tuesday 19 January 2027."
    )


def test_a_second_case_cannot_be_opened_while_one_is_open(db, child_team, case, site):
    with pytest.raises(Conflict):
        ehc.open_case(
            db,
            child_team.senco,
            child_team.child.id,
            {"requested_by": "parent", "requested_on": "2026-09-02"},
            site=site,
        )


def test_only_the_lead_opens_a_case(db, child_team, site):
    with pytest.raises(Forbidden):
        ehc.open_case(
            db,
            child_team.teacher,
            child_team.child.id,
            {"requested_by": "school", "requested_on": "2026-09-01"},
            site=site,
        )


def test_someone_outside_the_team_does_not_learn_there_is_a_case(db, child_team, case, host):
    with pytest.raises(NotFound):
        ehc.case_for(db, child_team.outsider, case.id)
    with pytest.raises(NotFound):
        ehc.view_case(db, child_team.outsider, child_team.child.id, REQUESTED, host=host)


def test_the_lead_records_a_decision_only_with_the_authoritys_letter(db, child_team, case, site):
    with pytest.raises(InvalidInput) as refused:
        ehc.record_decision(
            db, child_team.senco, case.id, {"decision": "assess", "decided_on": "2026-10-06"}, site=site
        )
    assert "letter" in refused.value.errors


def test_a_letter_uploaded_with_the_decision_is_filed_in_the_childs_file(db, child_team, case, site, store):
    upload = {"data": {"title": "Decision to assess"}, "upload": Upload(io.BytesIO(sample_files.pdf()), "la.pdf")}
    done = ehc.record_decision(
        db,
        child_team.senco,
        case.id,
        {"decision": "assess", "decided_on": "2026-10-06"},
        upload,
        site=site,
        store=store,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    assert done.document_id is not None and done.outcome.value == "assess"


def test_a_class_teacher_does_not_record_the_authoritys_decisions(db, child_team, case, site, letter):
    data = {"decision": "assess", "decided_on": "2026-10-06", "document_id": letter().id}
    with pytest.raises(Forbidden):
        ehc.record_decision(db, child_team.teacher, case.id, data, site=site)


class CouncilPlugin:
    @hookimpl
    def register_agencies(self):
        return [
            Agency(
                code="council_sen",
                name="Council SEN team",
                roles=(Role(code="sen_officer", title="SEN officer"),),
                local_authority=True,
            )
        ]


def test_someone_of_the_councils_sen_service_records_a_decision_without_a_letter(db, child_team, make_person, case):
    council = load_plugins(extra=[CouncilPlugin()])
    officer = make_person("professional", agency="council_sen", name="Ruth Ellis")
    team.add_member(db, child_team.senco, child_team.child.id, {"person_id": officer.id, "role": "sen_officer"})
    from core.people import consent

    consent.record_consent(db, child_team.senco, child_team.child.id, "council_sen")
    done = ehc.record_decision(
        db, officer, case.id, {"decision": "assess", "decided_on": "2026-10-06"}, site=Site(host=council)
    )
    assert (done.outcome.value, done.recorded_by_id, done.document_id) == ("assess", officer.id, None)


def test_a_decision_not_to_assess_ends_the_case_and_the_final_plan_is_no_longer_needed(
    db, child_team, case, decide, host
):
    decide(case, "not_assess", date(2026, 10, 9))
    assert case.ended_on == date(2026, 10, 9)
    view = ehc.view_case(db, child_team.senco, child_team.child.id, date(2027, 3, 1), host=host)
    assert not view.overdue
    assert english(stage_view(view, EhcStep.FINAL_PLAN).outcome) == "no longer needed"
    assert view.may_open


def stage_view(view, step):
    [found] = [s for s in view.stages if s.stage.step is step]
    return found


def test_advice_is_due_six_weeks_after_it_is_asked_for(db, child_team, assessed, site):
    advice = ehc.request_advice(
        db, child_team.senco, assessed.id, {"agency": "speech_language"}, site=site, today=date(2026, 10, 7)
    )
    assert (advice.agency, advice.due_on) == ("speech_language", date(2026, 11, 18))


def test_advice_is_asked_only_of_an_agency_whose_people_in_the_team_read_the_record(db, child_team, assessed, site):
    with pytest.raises(DoesNotFit) as refused:
        ehc.request_advice(
            db, child_team.senco, assessed.id, {"agency": "occupational_therapy"}, site=site, today=date(2026, 10, 7)
        )
    assert "agency" in refused.value.errors


def test_the_therapist_sees_the_advice_asked_of_them_and_answers_it_with_a_document(
    db, child_team, assessed, site, letter, host
):
    advice = ehc.request_advice(
        db, child_team.senco, assessed.id, {"agency": "speech_language"}, site=site, today=date(2026, 10, 7)
    )
    view = ehc.view_case(db, child_team.slt, child_team.child.id, date(2026, 10, 8), host=host)
    assert [s.stage.id for s in view.advice_for_you] == [advice.id]
    document = letter(child_team.slt, "SLT advice")
    ehc.answer_advice(db, child_team.slt, advice.id, {"document_id": document.id}, site=site, today=date(2026, 11, 1))
    assert (advice.done_on, advice.document_id) == (date(2026, 11, 1), document.id)


def test_advice_asked_of_one_agency_is_not_anothers_to_answer(db, child_team, assessed, site):
    advice = ehc.request_advice(
        db, child_team.senco, assessed.id, {"agency": "speech_language"}, site=site, today=date(2026, 10, 7)
    )
    with pytest.raises(NotFound):
        ehc.answer_advice(db, child_team.teacher, advice.id, {"document_id": 1}, site=site, today=date(2026, 11, 1))


def test_the_family_has_15_days_beginning_with_the_day_the_draft_is_sent(drafted):
    response = stage(drafted, EhcStep.DRAFT_RESPONSE)
    assert (response.started_on, response.due_on) == (date(2026, 12, 1), date(2026, 12, 15))


def test_the_family_comments_on_the_draft_and_names_a_school(db, child_team, drafted, site, host):
    ehc.respond_to_draft(
        db,
        child_team.parent,
        drafted.id,
        {"comments": "More speech therapy", "school": "Oak Primary"},
        site=site,
        today=date(2026, 12, 10),
    )
    assert (drafted.parent_comments, drafted.parent_school) == ("More speech therapy", "Oak Primary")
    assert stage(drafted, EhcStep.DRAFT_RESPONSE).done_on == date(2026, 12, 10)


def test_only_the_family_gives_their_views_on_the_draft(db, child_team, drafted, site):
    with pytest.raises(Forbidden):
        ehc.respond_to_draft(db, child_team.senco, drafted.id, {"comments": "Fine"}, site=site, today=date(2026, 12, 2))


def test_the_family_says_something_on_the_draft(db, child_team, drafted, site):
    with pytest.raises(InvalidInput) as refused:
        ehc.respond_to_draft(db, child_team.parent, drafted.id, {"comments": " "}, site=site, today=date(2026, 12, 2))
    assert "comments" in refused.value.errors


def test_the_final_plan_issued_makes_the_child_one_with_an_ehcp(db, child_team, issued):
    assert stage(issued, EhcStep.FINAL_PLAN).outcome.value == "issue"
    assert db.get(Child, child_team.child.id).sen_status is SenStatus.EHCP


def test_an_annual_review_has_its_reports_two_weeks_before_and_outcome_and_decision_after(db, child_team, issued, site):
    review = ehc.schedule_review(db, child_team.senco, issued.id, {"meeting_on": "2027-12-06"}, site=site)
    due = {s.step: s.due_on for s in issued.stages if s.review_id == review.id}
    assert due == {
        EhcStep.REVIEW_REPORTS: date(2027, 11, 22),
        EhcStep.REVIEW_MEETING: date(2027, 12, 6),
        EhcStep.REVIEW_OUTCOME: date(2027, 12, 20),
        EhcStep.REVIEW_DECISION: date(2028, 1, 3),
    }


def test_an_annual_review_waits_for_the_final_plan(db, child_team, drafted, site):
    with pytest.raises(Conflict):
        ehc.schedule_review(db, child_team.senco, drafted.id, {"meeting_on": "2027-12-06"}, site=site)


def test_every_stage_walked_leaves_nothing_open_and_tells_each_step_on_the_timeline(
    db, child_team, issued, site, decide, host
):
    review = ehc.schedule_review(db, child_team.senco, issued.id, {"meeting_on": "2026-11-30"}, site=site)
    for step, on in (("reports", "2026-11-16"), ("meeting", "2026-11-30"), ("outcome", "2026-12-03")):
        ehc.record_review_step(db, child_team.senco, review.id, {"step": step, "on": on}, site=site)
    decide(issued, "amend", date(2026, 12, 4), review_id=review.id)
    view = ehc.view_case(db, child_team.parent, child_team.child.id, date(2027, 6, 1), host=host)
    assert all(s.done_on is not None for s in view.stages) and not view.overdue
    titles = db.scalars(
        select(TimelineEntry.title).where(TimelineEntry.kind == EntryKind.EHC).order_by(TimelineEntry.id)
    ).all()
    assert titles == [
        "The school asked the local authority for an EHC needs assessment on Tuesday 1 September 2026",
        "The local authority agreed to carry out an EHC needs assessment",
        "Advice for the EHC needs assessment asked of Speech and language therapy, due by Wednesday 18 November 2026",
        "Speech and language therapy sent their advice for the EHC needs assessment",
        "The local authority sent the draft EHC plan: the family can comment and name a school until "
        "Tuesday 15 December 2026",
        "The family gave their views on the draft EHC plan and named Oak Primary",
        "The local authority issued the final EHC plan",
        "The EHC plan's annual review meeting is on Monday 30 November 2026; reports go to everyone invited by "
        "Monday 16 November 2026",
        "Reports were sent to everyone invited to the EHC plan's annual review",
        "The EHC plan's annual review meeting was held",
        "The outcome of the EHC plan's annual review was sent out",
        "After the annual review the local authority decided to amend the EHC plan",
    ]


def test_a_parent_sees_each_stage_who_acts_by_when_and_what_is_late(db, child_team, drafted, host):
    view = ehc.view_case(db, child_team.parent, child_team.child.id, date(2027, 1, 20), host=host)
    assert shown(view) == [
        ("The request for an EHC needs assessment", "the school", None, date(2026, 9, 1), False, None),
        (
            "The local authority's decision whether to assess",
            "the local authority",
            date(2026, 10, 13),
            date(2026, 10, 6),
            False,
            "agreed to assess",
        ),
        ("The final EHC plan", "the local authority", date(2027, 1, 19), None, True, None),
        ("The draft EHC plan", "the local authority", None, date(2026, 12, 1), False, None),
        (
            "Advice from Speech and language therapy",
            "Speech and language therapy",
            date(2026, 11, 18),
            date(2026, 11, 10),
            False,
            None,
        ),
        (
            "The family's comments on the draft plan, and the school they name",
            "the family",
            date(2026, 12, 15),
            None,
            True,
            None,
        ),
    ]
    assert view.may_respond and not view.may_record_decisions and not view.may_ask_advice


def test_a_parent_reads_the_advice_even_when_it_was_sent_for_professionals_only(
    db, child_team, assessed, site, host, store
):
    advice = ehc.request_advice(
        db, child_team.senco, assessed.id, {"agency": "speech_language"}, site=site, today=date(2026, 10, 7)
    )
    upload = {
        "data": {"title": "SLT advice", "visibility": "professionals"},
        "upload": Upload(io.BytesIO(sample_files.pdf()), "advice.pdf"),
    }
    ehc.answer_advice(
        db,
        child_team.slt,
        advice.id,
        None,
        upload,
        site=site,
        today=date(2026, 11, 1),
        store=store,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    view = ehc.view_case(db, child_team.parent, child_team.child.id, date(2026, 11, 2), host=host)
    assert stage_view(view, EhcStep.DECISION_TO_ASSESS).document_id is not None
    assert stage_view(view, EhcStep.ADVICE).document_id == advice.document_id


def test_advice_kept_from_the_family_in_the_file_is_refused_as_the_answer(db, child_team, assessed, site, store):
    advice = ehc.request_advice(
        db, child_team.senco, assessed.id, {"agency": "speech_language"}, site=site, today=date(2026, 10, 7)
    )
    kept_back = add_document(
        db,
        child_team.slt,
        child_team.child.id,
        {"title": "SLT notes", "kind": "report", "visibility": "professionals"},
        Upload(io.BytesIO(sample_files.pdf()), "notes.pdf"),
        store=store,
        host=site.host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    with pytest.raises(InvalidInput) as refused:
        ehc.answer_advice(
            db, child_team.slt, advice.id, {"document_id": kept_back.id}, site=site, today=date(2026, 11, 1)
        )
    assert "document_id" in refused.value.errors


def test_an_overdue_stage_is_flagged_to_the_lead_and_reminded_once(db, child_team, case):
    assert ehc_reminders.remind_overdue(db, morning(date(2026, 10, 13)), ZONE) == 0
    assert ehc_reminders.remind_overdue(db, morning(date(2026, 10, 14)), ZONE) == 1
    assert ehc_reminders.remind_overdue(db, morning(date(2026, 10, 15)), ZONE) == 0
    [reminder] = db.scalars(select(Notification).where(Notification.key.like("ehc-overdue:%"))).all()
    assert reminder.recipient_id == child_team.senco.id
    assert (
        reminder.headline
        == "The local authority's decision whether to assess for Amara was due Tuesday 13 October 2026"
    )
    assert reminder.link == f"/children/{child_team.child.id}/ehc"


def test_the_reminders_job_reminds_of_overdue_stages(db, child_team, case):
    reminders.queue_due(db, morning(date(2026, 10, 20)), ZONE)
    reminders.queue_due(db, morning(date(2026, 10, 21)), ZONE)
    count = select(func.count()).select_from(Notification).where(Notification.key.like("ehc-overdue:%"))
    assert db.scalar(count) == 1


def test_late_advice_is_reminded_to_its_agency_and_the_lead(db, child_team, assessed, site):
    ehc.request_advice(
        db, child_team.senco, assessed.id, {"agency": "speech_language"}, site=site, today=date(2026, 10, 7)
    )
    ehc_reminders.remind_overdue(db, morning(date(2026, 11, 19)), ZONE)
    told = db.execute(
        select(Notification.recipient_id, Notification.headline).where(Notification.key.like("ehc-overdue:%"))
    ).all()
    assert sorted(told) == sorted(
        [
            (child_team.slt.id, "Your advice for Amara's EHC needs assessment was due Wednesday 18 November 2026"),
            (
                child_team.senco.id,
                "Advice for Amara's EHC needs assessment was due Wednesday 18 November 2026 and has not come",
            ),
        ]
    )


def test_the_caseload_reads_each_childs_next_stage_due_in_one_query(
    db, child_team, assessed, site, make_child, count_queries
):
    ehc.request_advice(
        db, child_team.senco, assessed.id, {"agency": "speech_language"}, site=site, today=date(2026, 10, 7)
    )
    others = [make_child(child_team.senco, full_name=f"Child {n}") for n in range(3)]
    ids = select(Child.id).where(Child.id.in_([child_team.child.id, *(c.id for c in others)]))
    with count_queries() as queries:
        due = ehc_due(db, ids, date(2026, 11, 20))
    assert len(queries) == 1
    assert set(due) == {child_team.child.id}
    [facts] = due.values()
    assert (facts.stage.step, facts.due_on, facts.overdue) == (EhcStep.ADVICE, date(2026, 11, 18), True)
    assert (facts.advice_waiting, facts.advice_overdue) == (1, 1)


class WalesPlugin:
    """Another nation's rules as a plugin: the days here are made up for the test."""

    @hookimpl
    def ehc_timescales(self):
        days = {
            step: Timescale(days=t.days * 2, source=t.source, before=t.before, first_day_counts=t.first_day_counts)
            for step, t in ENGLAND.steps.items()
        }
        return Timescales(code="wales", name=ENGLAND.name, steps=days)


def test_a_plugins_timescales_replace_englands(db, child_team):
    site = Site(host=load_plugins(extra=[WalesPlugin()]))
    case = ehc.open_case(
        db, child_team.senco, child_team.child.id, {"requested_by": "parent", "requested_on": "2026-09-01"}, site=site
    )
    assert case.timescales == "wales"
    assert stage(case, EhcStep.DECISION_TO_ASSESS).due_on == date(2026, 11, 24)


def test_a_table_of_timescales_without_every_step_is_refused():
    with pytest.raises(ValueError, match="missing"):
        Timescales(code="half", name=ENGLAND.name, steps={"final_plan": ENGLAND.steps["final_plan"]})


def test_the_lead_is_offered_the_decisions_the_open_stages_wait_for(db, child_team, assessed, host):
    view = ehc.view_case(db, child_team.senco, child_team.child.id, date(2026, 10, 7), host=host)
    assert [decision.value for decision, _ in view.decisions] == ["plan_issued", "no_plan", "draft_issued"]


def test_an_agency_lists_the_advice_asked_of_it_across_its_children(db, child_team, assessed, site):
    advice = ehc.request_advice(
        db, child_team.senco, assessed.id, {"agency": "speech_language"}, site=site, today=date(2026, 10, 7)
    )
    assert ehc.advice_asked_of(db, child_team.slt) == [advice]
    assert ehc.advice_asked_of(db, child_team.teacher) == []


@pytest.fixture
def reviewed(db, child_team, site, issued):
    ehc.schedule_review(db, child_team.senco, issued.id, {"meeting_on": "2027-12-06"}, site=site)
    return issued


# What a parent is told of each stage as the case goes on: (the case so far, the day she looks,
# the stage) -> its words, who must act, due, done, overdue and outcome.
PARENTS_VIEW = [
    (
        "case",
        date(2026, 10, 1),
        EhcStep.REQUEST,
        ("The request for an EHC needs assessment", "the school", None, date(2026, 9, 1), False, None),
    ),
    (
        "case",
        date(2026, 10, 14),
        EhcStep.DECISION_TO_ASSESS,
        (
            "The local authority's decision whether to assess",
            "the local authority",
            date(2026, 10, 13),
            None,
            True,
            None,
        ),
    ),
    (
        "assessed",
        date(2026, 10, 14),
        EhcStep.DECISION_TO_ASSESS,
        (
            "The local authority's decision whether to assess",
            "the local authority",
            date(2026, 10, 13),
            date(2026, 10, 6),
            False,
            "agreed to assess",
        ),
    ),
    (
        "assessed",
        date(2026, 10, 14),
        EhcStep.DRAFT_PLAN,
        ("The draft EHC plan", "the local authority", None, None, False, None),
    ),
    (
        "drafted",
        date(2026, 11, 20),
        EhcStep.ADVICE,
        (
            "Advice from Speech and language therapy",
            "Speech and language therapy",
            date(2026, 11, 18),
            date(2026, 11, 10),
            False,
            None,
        ),
    ),
    (
        "drafted",
        date(2026, 12, 15),
        EhcStep.DRAFT_RESPONSE,
        (
            "The family's comments on the draft plan, and the school they name",
            "the family",
            date(2026, 12, 15),
            None,
            False,
            None,
        ),
    ),
    (
        "drafted",
        date(2026, 12, 16),
        EhcStep.DRAFT_RESPONSE,
        (
            "The family's comments on the draft plan, and the school they name",
            "the family",
            date(2026, 12, 15),
            None,
            True,
            None,
        ),
    ),
    (
        "issued",
        date(2027, 2, 1),
        EhcStep.FINAL_PLAN,
        ("The final EHC plan", "the local authority", date(2027, 1, 19), date(2027, 1, 12), False, "plan issued"),
    ),
    (
        "reviewed",
        date(2027, 11, 23),
        EhcStep.REVIEW_REPORTS,
        ("Reports sent to everyone invited to the annual review", "the school", date(2027, 11, 22), None, True, None),
    ),
    (
        "reviewed",
        date(2027, 11, 23),
        EhcStep.REVIEW_DECISION,
        (
            "The local authority's decision after the annual review",
            "the local authority",
            date(2028, 1, 3),
            None,
            False,
            None,
        ),
    ),
]


@pytest.mark.parametrize(("walked", "today", "step", "expected"), PARENTS_VIEW)
def test_a_parent_is_shown_each_stage_as_the_case_goes_on(request, db, child_team, host, walked, today, step, expected):
    request.getfixturevalue(walked)
    view = ehc.view_case(db, child_team.parent, child_team.child.id, today, host=host)
    [shown_stage] = [row for row, s in zip(shown(view), view.stages, strict=True) if s.stage.step is step]
    assert shown_stage == expected


def test_the_reminder_of_a_late_stage_reaches_the_leads_mail_through_the_outbox(db, child_team, case, site):
    ehc_reminders.remind_overdue(db, morning(date(2026, 10, 14)), ZONE)
    notifications.queue_emails(db, morning(date(2026, 10, 14)), site)
    [mail] = db.scalars(select(OutboxMessage).where(OutboxMessage.to_address == child_team.senco.email)).all()
    assert mail.subject == "The local authority's decision whether to assess for Amara was due Tuesday 13 October 2026"


def test_nobody_is_chased_about_a_closed_case(db, child_team, case):
    children.close_case(db, child_team.senco, child_team.child.id)
    assert ehc_reminders.remind_overdue(db, morning(date(2026, 10, 14)), ZONE) == 0


def test_an_annual_review_is_held_with_the_support_plans_review(db, child_team, issued, site, plan):
    plan_review = plan_reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": "2028-06-20"}, site=site)
    data = {"meeting_on": "2028-06-20", "plan_review_id": plan_review.id}
    review = ehc.schedule_review(db, child_team.senco, issued.id, data, site=site)
    assert review.plan_review_id == plan_review.id


def test_an_annual_review_names_no_review_of_another_childs_plan(db, child_team, issued, site):
    with pytest.raises(DoesNotFit) as refused:
        ehc.schedule_review(
            db, child_team.senco, issued.id, {"meeting_on": "2028-06-20", "plan_review_id": 1}, site=site
        )
    assert "plan_review_id" in refused.value.errors


def test_an_erased_case_takes_its_ehc_case_with_it(db, child_team, issued, site, erase_case):
    ehc.schedule_review(db, child_team.senco, issued.id, {"meeting_on": "2027-12-06"}, site=site)
    erase_case()
    for model in (EhcCase, EhcReview, EhcStage):
        assert db.scalar(select(func.count()).select_from(model)) == 0
