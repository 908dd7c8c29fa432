"""What a referral shows beyond its own words: the documents sent with it only to those who may
read them, and nothing to the receiving agency once the family withdraws its consent."""

import io

import pytest
import sample_files

from core.cases import referrals
from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.people import consent

CONSENT = {"given_by": "Grace Okafor", "given_on": "2026-08-28", "method": "phone"}


@pytest.fixture
def paediatrician(make_person):
    return make_person("professional", agency="health", name="Dr Rosa Mendes")


@pytest.fixture
def professionals_note(db, child_team, document_folder, host):
    """A document the lead shares with professionals only, not with the family."""
    return filing.add_document(
        db,
        child_team.senco,
        child_team.child.id,
        {"title": "Notes on the home visit", "kind": "letter", "visibility": "professionals"},
        filing.Upload(io.BytesIO(sample_files.pdf("Notes")), "notes.pdf"),
        store=LocalFileStore(document_folder),
        host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )


@pytest.fixture
def referral(db, child_team, site, professionals_note):
    data = {
        "agency": "health",
        "reason": "Falls.",
        "answers": {"tried": "Rest.", "gp_knows": "Yes."},
        "consent": CONSENT,
        "document_ids": [professionals_note.id],
    }
    return referrals.refer(db, child_team.senco, child_team.child.id, data, site=site)


def test_the_parent_does_not_read_the_title_of_a_document_kept_from_her(client, auth, child_team, referral):
    auth.login(child_team.parent)
    page = client.get(f"/referrals/{referral.id}")
    assert page.status_code == 200
    assert "Notes on the home visit" not in page.get_data(as_text=True)


def test_the_api_names_no_document_kept_from_the_parent(client, bearer, referral):
    read = client.get(f"/api/v1/referrals/{referral.id}", headers=bearer("parent"))
    assert read.status_code == 200 and read.json["document_ids"] == []


def test_the_receiving_agency_reads_nothing_once_the_family_withdraws_consent(
    client, auth, db, child_team, site, referral, professionals_note, paediatrician
):
    referrals.accept(db, paediatrician, referral.id, {}, site=site)
    consent.withdraw_consent(db, child_team.parent, child_team.child.id, "health", site=site)
    auth.login(paediatrician)
    assert client.get(f"/referrals/{referral.id}").status_code == 404
    assert client.get(f"/referrals/{referral.id}/documents/{professionals_note.id}").status_code == 404
    assert "Amara" not in client.get("/referrals").get_data(as_text=True)


def test_a_document_id_of_superscript_digits_is_refused_on_the_form(client, auth, child_team):
    auth.login(child_team.senco)
    form = {
        "agency": "health",
        "reason": "Falls.",
        "answers.tried": "Rest.",
        "answers.gp_knows": "Yes.",
        "consent.given": "1",
        "consent.given_by": "Grace Okafor",
        "consent.given_on": "2026-08-28",
        "consent.method": "phone",
        "document_ids": "²",
    }
    response = client.post(f"/children/{child_team.child.id}/referrals", data=form)
    assert response.status_code == 400 and 'href="#referral-document_ids"' in response.get_data(as_text=True)
