"""The evidence bundle's page: the lead chooses, the bundle is built in the background, the
family reads it before the lead shares it with an agency."""

import io

import pytest
import sample_files
from pypdf import PdfReader

from core.documents import bundles, filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.jobs import queue


@pytest.fixture
def store(document_folder):
    return LocalFileStore(document_folder)


@pytest.fixture
def report(db, child_team, store, host):
    return filing.add_document(
        db,
        child_team.slt,
        child_team.child.id,
        {"title": "Therapy report", "kind": "report", "visibility": "team"},
        filing.Upload(io.BytesIO(sample_files.pdf("What the therapist found")), "report.pdf"),
        store=store,
        host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )


@pytest.fixture
def run_jobs(app, store, site):
    def run():
        return queue.run_due(app.extensions["teamaround.sessions"], [bundles.job_kind(store, site)])

    return run


@pytest.fixture
def asked(client, auth, child_team, report):
    """The lead asks for a bundle of the chronology and the therapist's report."""
    auth.login(child_team.senco)
    return client.post(
        f"/children/{child_team.child.id}/bundles",
        data={"purpose": "assessment_request", "chronology": "1", "documents": [str(report.id)]},
    )


def page(client, child_team):
    response = client.get(f"/children/{child_team.child.id}/bundles")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_lead_chooses_from_the_documents_the_whole_team_reads(client, auth, child_team, report):
    auth.login(child_team.senco)
    body = page(client, child_team)
    assert f'name="documents" value="{report.id}"' in body and "Therapy report" in body


def test_asking_for_a_bundle_shows_it_waiting(asked, client, child_team):
    assert asked.status_code == 302
    assert "Waiting to be put together" in page(client, child_team)


def test_a_bundle_of_nothing_is_refused_on_the_form(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/bundles", data={"purpose": "review"})
    assert response.status_code == 400
    assert "Choose at least one thing to put in the bundle." in response.get_data(as_text=True)


def test_a_chosen_id_that_is_no_number_is_refused_by_name(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(
        f"/children/{child_team.child.id}/bundles", data={"purpose": "review", "documents": ["seven"]}
    )
    assert response.status_code == 400 and 'href="#bundle-documents"' in response.get_data(as_text=True)


def test_the_family_reads_the_built_bundle_before_it_is_shared(asked, client, auth, child_team, run_jobs):
    run_jobs()
    auth.logout()
    auth.login(child_team.parent)
    body = page(client, child_team)
    assert "Ready" in body and "Not shared yet." in body
    [bundle_id] = {int(part.split("/")[0]) for part in body.split('href="/bundles/')[1:]}
    response = client.get(f"/bundles/{bundle_id}/bundle.pdf")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "What the therapist found" in text


def test_the_lead_shares_a_ready_bundle_with_an_agency(asked, client, child_team, run_jobs, db):
    run_jobs()
    [view] = bundles.child_bundles(db, child_team.senco, child_team.child.id).bundles
    response = client.post(f"/bundles/{view.bundle.id}/share", data={"agency": "speech_language"})
    assert response.status_code == 302
    assert "Shared with Speech and language therapy on" in page(client, child_team)


def test_sharing_with_an_agency_outside_the_team_is_refused_on_the_page(asked, client, child_team, run_jobs, db):
    run_jobs()
    [view] = bundles.child_bundles(db, child_team.senco, child_team.child.id).bundles
    response = client.post(f"/bundles/{view.bundle.id}/share", data={"agency": "nowhere"})
    assert response.status_code == 400
    assert "Choose an agency of someone in the child&#39;s team." in response.get_data(as_text=True)


def test_the_timeline_links_the_lead_and_the_family_to_the_bundles(client, auth, child_team):
    for person, linked in ((child_team.senco, True), (child_team.parent, True), (child_team.teacher, False)):
        auth.login(person)
        body = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
        assert (f'href="/children/{child_team.child.id}/bundles"' in body) is linked
        auth.logout()


def test_a_chosen_id_too_large_for_any_record_is_refused_by_name(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(
        f"/children/{child_team.child.id}/bundles", data={"purpose": "review", "documents": ["99999999999999999999"]}
    )
    assert response.status_code == 400 and 'href="#bundle-documents"' in response.get_data(as_text=True)


def test_a_chosen_id_of_superscript_digits_is_refused_by_name(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/bundles", data={"purpose": "review", "documents": ["²"]})
    assert response.status_code == 400 and 'href="#bundle-documents"' in response.get_data(as_text=True)
