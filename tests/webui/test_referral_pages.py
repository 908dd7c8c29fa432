"""The referral pages: the lead refers with the family's consent, the receiving agency reads its
referrals and answers on the page, and the family reads where each one is in their language."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import sample_files

from core.cases import referrals
from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from webui import referrals as referral_pages

REFERRED = datetime(2026, 9, 1, 9, tzinfo=UTC)
FORM = {
    "agency": "health",
    "reason": "Tires quickly and falls often.",
    "answers.tried": "Rest breaks since June.",
    "answers.gp_knows": "Yes.",
    "consent.given": "1",
    "consent.given_by": "Grace Okafor, mother",
    "consent.given_on": "2026-08-28",
    "consent.method": "in_person",
}


@pytest.fixture
def paediatrician(make_person):
    return make_person("professional", agency="health", name="Dr Rosa Mendes")


@pytest.fixture
def referral(db, child_team, site):
    data = {
        "agency": "health",
        "reason": "Tires quickly and falls often.",
        "answers": {"tried": "Rest breaks.", "gp_knows": "Yes."},
        "consent": {"given_by": "Grace Okafor", "given_on": "2026-08-28", "method": "phone"},
    }
    return referrals.refer(db, child_team.senco, child_team.child.id, data, site=site)


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_lead_refers_with_the_familys_consent_and_follows_the_referral(client, auth, child_team):
    auth.login(child_team.senco)
    form = client.get(f"/children/{child_team.child.id}/referrals/new?agency=health")
    assert "Does the family&#39;s GP know about the concern?" in text(form)
    made = client.post(f"/children/{child_team.child.id}/referrals", data=FORM)
    assert made.status_code == 302
    shown = client.get(made.headers["Location"])
    assert "Waiting for Health to answer" in text(shown) and "Grace Okafor, mother" in text(shown)


def test_without_the_familys_consent_the_form_comes_back_saying_why(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(
        f"/children/{child_team.child.id}/referrals", data={k: v for k, v in FORM.items() if k != "consent.given"}
    )
    assert response.status_code == 400
    assert "No referral without the family&#39;s consent: say who gave it, when and how." in text(response)


def test_a_required_question_left_blank_is_named_on_the_form(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/referrals", data=FORM | {"answers.gp_knows": ""})
    assert response.status_code == 400
    assert 'href="#referral-answers.gp_knows"' in text(response) and "Please answer this question." in text(response)


def test_the_agency_finds_the_referral_and_accepts_it_joining_the_team(
    client, auth, referral, paediatrician, child_team
):
    auth.login(paediatrician)
    assert "Amara Okafor" in text(client.get("/referrals"))
    page = client.get(f"/referrals/{referral.id}")
    assert "Rest breaks." in text(page) and "Accept: I join the child's team" in text(page)
    assert client.post(f"/referrals/{referral.id}/accept", data={"role": "paediatrician"}).status_code == 302
    assert client.get(f"/children/{child_team.child.id}").status_code == 200


def test_the_agency_asks_for_more_and_the_lead_answers(client, auth, referral, paediatrician, child_team):
    auth.login(paediatrician)
    assert client.post(f"/referrals/{referral.id}/ask", data={"question": "Falls at home?"}).status_code == 302
    auth.logout()
    auth.login(child_team.senco)
    page = text(client.get(f"/referrals/{referral.id}"))
    assert "Falls at home?" in page and "Answer the service's question" in page
    assert client.post(f"/referrals/{referral.id}/inform", data={"text": "Twice a week."}).status_code == 302
    assert "Waiting for Health to answer" in text(client.get(f"/referrals/{referral.id}"))


def test_a_decline_without_a_reason_comes_back_on_the_page(client, auth, referral, paediatrician):
    auth.login(paediatrician)
    response = client.post(f"/referrals/{referral.id}/decline", data={"reason": " "})
    assert response.status_code == 400 and 'href="#answer-decline.reason"' in text(response)


def test_the_agency_downloads_what_was_sent_and_the_team_reads_it_in_the_childs_file(
    client, auth, db, child_team, site, paediatrician, document_folder, host
):
    letter = filing.add_document(
        db,
        child_team.senco,
        child_team.child.id,
        {"title": "Letter from the GP", "kind": "letter"},
        filing.Upload(io.BytesIO(sample_files.pdf("GP")), "gp.pdf"),
        store=LocalFileStore(document_folder),
        host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    referral = referrals.refer(
        db,
        child_team.senco,
        child_team.child.id,
        {
            "agency": "health",
            "reason": "Falls.",
            "answers": {"tried": "Rest.", "gp_knows": "Yes."},
            "consent": {"given_by": "Grace Okafor", "given_on": "2026-08-28", "method": "phone"},
            "document_ids": [letter.id],
        },
        site=site,
    )
    url = f"/referrals/{referral.id}/documents/{letter.id}"
    auth.login(paediatrician)
    assert client.get(url).data == sample_files.pdf("GP")
    auth.logout()
    auth.login(child_team.teacher)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "other_parent"])
def test_nobody_else_finds_the_referral(client, auth, referral, child_team, who):
    auth.login(getattr(child_team, who))
    assert client.get(f"/referrals/{referral.id}").status_code == 404
    assert "Amara" not in text(client.get("/referrals"))


@pytest.mark.parametrize(
    "language, waiting, weeks",
    [
        ("en", "Waiting for Health to answer", "3 weeks"),
        ("pl", "Czeka na odpowiedź: Zdrowie", "3 tygodnie"),
        ("ur", "صحت کے جواب کا انتظار ہے", "3 ہفتے"),
    ],
)
def test_the_parent_reads_where_a_referral_is_and_how_long_it_has_waited(
    client, auth, db, child_team, site, monkeypatch, language, waiting, weeks
):
    monkeypatch.setattr(referrals, "utcnow", lambda: REFERRED)
    monkeypatch.setattr(referral_pages, "utcnow", lambda: REFERRED + timedelta(weeks=3, days=2))
    referrals.refer(
        db,
        child_team.senco,
        child_team.child.id,
        {
            "agency": "health",
            "reason": "Falls.",
            "answers": {"tried": "Rest.", "gp_knows": "Yes."},
            "consent": {"given_by": "Grace Okafor", "given_on": "2026-08-28", "method": "phone"},
        },
        site=site,
    )
    child_team.parent.language = language
    db.flush()
    auth.login(child_team.parent)
    page = text(client.get(f"/children/{child_team.child.id}/referrals"))
    assert f"<strong>{waiting}</strong> — {weeks}" in page
