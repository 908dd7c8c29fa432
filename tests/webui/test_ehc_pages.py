"""The EHC needs assessment's page: the lead records the request and the local authority's
letters and asks the agencies for advice, a professional asked answers with a file, the
family reads where things are in plain words and gives its views on the draft, and every
mistake is shown beside its field."""

import io
from datetime import date, timedelta

import pytest
import sample_files
from conftest import today
from sqlalchemy import select

from core.cases import ehc
from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.models import Document, EhcCase, EhcStage, EhcStep

# The worked example: a request on 1 September gives the decision due 13 October
# and the final plan due 19 January.
FIRST_OF_SEPTEMBER = date(2026, 9, 1)


@pytest.fixture
def letter(document_folder):
    """What a service is given for an uploaded letter, plan or advice: ``letter("Decision")``."""

    def make(title="Letter from the local authority"):
        upload = filing.Upload(io.BytesIO(sample_files.pdf(title)), "letter.pdf")
        return {"data": {"title": title}, "upload": upload}

    return make


@pytest.fixture
def filed(site, document_folder):
    return {"site": site, "store": LocalFileStore(document_folder), "limit": DEFAULT_MAX_UPLOAD_BYTES}


@pytest.fixture
def case(db, child_team, site):
    """A request the school made three weeks ago."""
    data = {"requested_by": "school", "requested_on": (today() - timedelta(weeks=3)).isoformat()}
    return ehc.open_case(db, child_team.senco, child_team.child.id, data, site=site)


@pytest.fixture
def assessing(db, child_team, case, letter, filed):
    """The local authority agreed to assess, last week."""
    data = {"decision": "assess", "decided_on": (today() - timedelta(weeks=1)).isoformat()}
    ehc.record_decision(db, child_team.senco, case.id, data, letter(), **filed)
    return case


@pytest.fixture
def draft_out(db, child_team, assessing, letter, filed):
    """The draft plan sent to the family two days ago: her 15 days are running."""
    data = {"decision": "draft_issued", "decided_on": (today() - timedelta(days=2)).isoformat()}
    ehc.record_decision(db, child_team.senco, assessing.id, data, letter("Draft EHC plan"), **filed)
    return assessing


@pytest.fixture
def advice_asked(db, child_team, assessing, site):
    """Advice asked of speech and language therapy, the therapist's agency."""
    asked = {"agency": "speech_language"}
    return ehc.request_advice(db, child_team.senco, assessing.id, asked, site=site, today=today())


def page_of(client, child_team):
    return client.get(f"/children/{child_team.child.id}/ehc").get_data(as_text=True)


def a_file(title="Letter from the local authority", **fields):
    return {"file": (io.BytesIO(sample_files.pdf(title)), "letter.pdf"), "title": title, **fields}


def stage(db, case, step):
    db.expire_all()  # the page's request changed it in a session of its own
    return db.scalars(select(EhcStage).where(EhcStage.case_id == case.id, EhcStage.step == step)).one()


# Opening a case


def test_the_lead_records_a_request_and_sees_the_law_s_days_for_it(client, auth, db, child_team):
    auth.login(child_team.senco)
    response = client.post(
        f"/children/{child_team.child.id}/ehc",
        data={"requested_by": "parent", "requested_on": FIRST_OF_SEPTEMBER.isoformat()},
    )
    assert response.status_code == 302
    page = page_of(client, child_team)
    assert "Tuesday 13 October 2026" in page and "Tuesday 19 January 2027" in page
    assert "The local authority&#39;s decision whether to assess" in page
    assert db.scalar(select(EhcCase.requested_by).where(EhcCase.child_id == child_team.child.id)).value == "parent"


def test_a_request_without_its_day_is_refused_beside_the_field(client, auth, db, child_team, error_summary):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/ehc", data={"requested_by": "school"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(page).links == ["open-requested_on"] and error_summary(page).broken == []
    assert db.scalar(select(EhcCase.id)) is None


def test_only_the_lead_is_offered_to_record_a_request(client, auth, child_team):
    auth.login(child_team.senco)
    assert 'id="open"' in page_of(client, child_team)
    auth.logout()
    auth.login(child_team.parent)
    page = page_of(client, child_team)
    assert 'id="open"' not in page and "There is no " in page


def test_a_professional_may_not_record_a_request(client, auth, child_team):
    auth.login(child_team.slt)
    response = client.post(
        f"/children/{child_team.child.id}/ehc", data={"requested_by": "school", "requested_on": today().isoformat()}
    )
    assert response.status_code == 403


# The local authority's letters


def test_the_lead_records_the_decision_to_assess_with_its_letter(client, auth, db, child_team, case):
    auth.login(child_team.senco)
    decided = today() - timedelta(days=1)
    response = client.post(
        f"/ehc/{case.id}/letters", data=a_file("Decision to assess", decision="assess", decided_on=decided.isoformat())
    )
    assert response.status_code == 302
    decision = stage(db, case, EhcStep.DECISION_TO_ASSESS)
    letter = db.get(Document, decision.document_id)
    assert decision.done_on == decided and letter.title == "Decision to assess" and letter.about_on == decided
    page = page_of(client, child_team)
    assert "agreed to assess" in page and f'href="/documents/{letter.id}/file"' in page


def test_a_decision_without_its_letter_is_refused_naming_the_file(client, auth, db, child_team, case, error_summary):
    auth.login(child_team.senco)
    response = client.post(
        f"/ehc/{case.id}/letters", data={"decision": "assess", "decided_on": today().isoformat(), "title": "Decision"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "letter-file" in error_summary(page).links and error_summary(page).broken == []
    assert stage(db, case, EhcStep.DECISION_TO_ASSESS).done_on is None


def test_the_letter_form_offers_only_the_decisions_the_case_waits_for(client, auth, child_team, case, assessing):
    auth.login(child_team.senco)
    page = page_of(client, child_team)
    assert 'value="draft_issued"' in page and 'value="plan_issued"' in page
    assert 'value="assess"' not in page and 'value="keep"' not in page


def test_the_family_is_not_offered_the_lead_s_forms(client, auth, child_team, assessing):
    auth.login(child_team.parent)
    page = page_of(client, child_team)
    for form in ("/letters", "/advice", "/reviews", 'id="open"'):
        assert form not in page


# Advice from the agencies


def test_the_lead_asks_an_agency_for_advice_due_in_the_law_s_six_weeks(client, auth, db, child_team, assessing):
    auth.login(child_team.senco)
    response = client.post(f"/ehc/{assessing.id}/advice", data={"agency": "speech_language"})
    assert response.status_code == 302
    assert stage(db, assessing, EhcStep.ADVICE).due_on == today() + timedelta(weeks=6)
    assert "Advice from Speech and language therapy" in page_of(client, child_team)


def test_asking_an_agency_that_is_not_in_the_team_is_refused_beside_the_field(
    client, auth, child_team, assessing, error_summary
):
    auth.login(child_team.senco)
    response = client.post(f"/ehc/{assessing.id}/advice", data={"agency": "social_care"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(page).links == ["ask-agency"] and error_summary(page).broken == []


def test_the_professional_asked_sees_the_request_and_answers_it_with_a_file(client, auth, db, child_team, advice_asked):
    auth.login(child_team.slt)
    page = page_of(client, child_team)
    assert "Advice asked of you" in page and f"/ehc-advice/{advice_asked.id}/answer" in page
    response = client.post(f"/ehc-advice/{advice_asked.id}/answer", data=a_file("Speech and language advice"))
    assert response.status_code == 302
    db.refresh(advice_asked)
    assert advice_asked.done_on == today()
    assert "Advice asked of you" not in page_of(client, child_team)


def test_advice_sent_for_professionals_only_is_still_the_whole_teams(client, auth, db, child_team, advice_asked):
    auth.login(child_team.slt)
    client.post(
        f"/ehc-advice/{advice_asked.id}/answer", data=a_file("Speech and language advice", visibility="professionals")
    )
    db.refresh(advice_asked)
    assert db.get(Document, advice_asked.document_id).visibility.value == "team"


def test_advice_sent_without_a_file_is_refused_beside_the_field(client, auth, child_team, advice_asked, error_summary):
    auth.login(child_team.slt)
    response = client.post(f"/ehc-advice/{advice_asked.id}/answer", data={"title": "Advice"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"advice-{advice_asked.id}-file" in error_summary(page).links and error_summary(page).broken == []


def test_nobody_outside_the_agency_asked_is_offered_or_may_answer_its_request(client, auth, child_team, advice_asked):
    auth.login(child_team.teacher)
    assert "Advice asked of you" not in page_of(client, child_team)
    response = client.post(f"/ehc-advice/{advice_asked.id}/answer", data=a_file("Advice"))
    assert response.status_code == 404


# The family's say on the draft


def test_the_family_gives_its_views_on_the_draft_and_names_a_school(client, auth, db, child_team, draft_out):
    auth.login(child_team.parent)
    page = page_of(client, child_team)
    last_day = today() - timedelta(days=2) + timedelta(days=14)
    assert "Your say on the draft plan" in page and f"{last_day.day} " in page
    response = client.post(
        f"/ehc/{draft_out.id}/response",
        data={"comments": "Speech therapy weekly, please.", "school": "Oakfield Primary"},
    )
    assert response.status_code == 302
    db.refresh(draft_out)
    assert (draft_out.parent_comments, draft_out.parent_school) == (
        "Speech therapy weekly, please.",
        "Oakfield Primary",
    )
    page = page_of(client, child_team)
    assert "Your say on the draft plan" not in page and "Oakfield Primary" in page


def test_the_family_may_still_give_its_views_once_its_days_are_over_and_is_told_so_gently(
    client, auth, db, child_team, site, letter, filed
):
    asked = {"requested_by": "parent", "requested_on": (today() - timedelta(weeks=12)).isoformat()}
    case = ehc.open_case(db, child_team.senco, child_team.child.id, asked, site=site)
    for decision, weeks_ago in (("assess", 8), ("draft_issued", 3)):
        data = {"decision": decision, "decided_on": (today() - timedelta(weeks=weeks_ago)).isoformat()}
        ehc.record_decision(db, child_team.senco, case.id, data, letter(), **filed)
    auth.login(child_team.parent)
    page = page_of(client, child_team)
    assert "The days the law gives you ended on" in page and "you can still send your views" in page
    response = client.post(f"/ehc/{case.id}/response", data={"comments": "Late, but here."})
    assert response.status_code == 302


def test_views_with_nothing_in_them_are_refused_beside_the_field(client, auth, child_team, draft_out, error_summary):
    auth.login(child_team.parent)
    response = client.post(f"/ehc/{draft_out.id}/response", data={"comments": "  ", "school": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(page).links == ["response-comments"] and error_summary(page).broken == []


def test_only_the_family_is_offered_the_draft_s_views(client, auth, child_team, draft_out):
    auth.login(child_team.senco)
    assert "Your say on the draft plan" not in page_of(client, child_team)
    response = client.post(f"/ehc/{draft_out.id}/response", data={"comments": "Not mine to give"})
    assert response.status_code == 403


# Late stages, shown plainly


def test_a_late_stage_is_shown_to_the_family_in_words_with_who_follows_it_up(client, auth, db, child_team, site):
    ehc.open_case(
        db,
        child_team.senco,
        child_team.child.id,
        {"requested_by": "parent", "requested_on": (today() - timedelta(weeks=7)).isoformat()},
        site=site,
    )
    auth.login(child_team.parent)
    page = page_of(client, child_team)
    waiting = page[page.index('id="waiting-title"') : page.index('id="steps-title"')]
    assert "Late" in waiting and "It was due by" in waiting and "the local authority" in waiting
    assert "follows it up" in waiting and 'href="/glossary#term-senco"' in waiting


def test_the_page_explains_its_words_to_the_family(client, auth, child_team, draft_out):
    auth.login(child_team.parent)
    page = page_of(client, child_team)
    for term in ("ehc-needs-assessment", "senco"):
        assert f'href="/glossary#term-{term}"' in page, term


def test_the_timeline_links_to_the_ehc_page(client, auth, child_team):
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert f'href="/children/{child_team.child.id}/ehc"' in page


# Annual reviews


@pytest.fixture
def plan_issued(db, child_team, draft_out, letter, filed):
    data = {"decision": "plan_issued", "decided_on": today().isoformat()}
    ehc.record_decision(db, child_team.senco, draft_out.id, data, letter("Final EHC plan"), **filed)
    return draft_out


def test_the_lead_sets_an_annual_review_and_records_its_steps(client, auth, db, child_team, plan_issued):
    auth.login(child_team.senco)
    meeting_on = today() + timedelta(weeks=4)
    assert client.post(f"/ehc/{plan_issued.id}/reviews", data={"meeting_on": meeting_on.isoformat()}).status_code == 302
    reports = stage(db, plan_issued, EhcStep.REVIEW_REPORTS)
    assert reports.due_on == meeting_on - timedelta(weeks=2)
    response = client.post(
        f"/ehc/{plan_issued.id}/reviews/{reports.review_id}/steps", data={"step": "reports", "on": today().isoformat()}
    )
    assert response.status_code == 302
    db.refresh(reports)
    assert reports.done_on == today()
    page = page_of(client, child_team)
    assert 'value="reports"' not in page and 'value="meeting"' in page


def test_a_review_step_without_its_day_is_refused_beside_the_field(
    client, auth, db, child_team, plan_issued, site, error_summary
):
    review = ehc.schedule_review(
        db, child_team.senco, plan_issued.id, {"meeting_on": (today() + timedelta(weeks=4)).isoformat()}, site=site
    )
    auth.login(child_team.senco)
    response = client.post(f"/ehc/{plan_issued.id}/reviews/{review.id}/steps", data={"step": "reports"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(page).links == [f"review-{review.id}-on"] and error_summary(page).broken == []
