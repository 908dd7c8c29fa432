"""The child's file on the pages and through the API: uploads from a phone, downloads under the
policy, photos without location data, refusals with their reasons, and the size limit (issue 20)."""

import io

import pytest
import sample_files
from sqlalchemy import func, select

from core.models import Document


def upload(client, child_team, content, filename, headers=None, via="api", **fields):
    """Send a file as a browser or an agency system would: multipart, the file beside the details."""
    data = {"title": "Diagnosis letter", "kind": "letter", **fields, "file": (io.BytesIO(content), filename)}
    path = f"/api/v1/children/{child_team.child.id}/documents" if via == "api" else (
        f"/children/{child_team.child.id}/documents"
    )
    return client.post(path, data=data, headers=headers or {}, content_type="multipart/form-data")


def documents_in(db):
    return db.scalar(select(func.count()).select_from(Document))


KINDS = {
    "a PDF": (sample_files.pdf, "report.pdf", "application/pdf", "report.pdf"),
    "a JPEG with GPS": (sample_files.photo, "IMG_1234.jpg", "image/jpeg", "IMG_1234.jpg"),
    "a HEIC": (sample_files.heic, "IMG_1235.HEIC", "image/jpeg", "IMG_1235.jpg"),
    "a DOCX": (sample_files.docx, "review.docx", sample_files.DOCX_TYPE, "review.docx"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_uploaded_through_the_api_downloads_as_what_it_is(client, bearer, child_team, kind):
    make, filename, media_type, kept_as = KINDS[kind]
    added = upload(client, child_team, make(), filename, bearer("parent"))
    assert added.status_code == 201, added.json
    [version] = added.json["versions"]
    assert (version["media_type"], version["filename"]) == (media_type, kept_as)
    downloaded = client.get(f"/api/v1/documents/{added.json['id']}/file", headers=bearer("teacher"))
    assert downloaded.status_code == 200
    assert downloaded.mimetype == media_type.split(";")[0]
    assert len(downloaded.data) == version["size"]


def test_a_photo_downloads_without_its_gps_or_camera_details(client, bearer, child_team):
    added = upload(client, child_team, sample_files.photo(), "garden.jpg", bearer("parent"), kind="photo")
    downloaded = client.get(f"/api/v1/documents/{added.json['id']}/file", headers=bearer("senco"))
    assert sample_files.exif_of(downloaded.data) == {}


def test_a_download_is_an_attachment_under_a_sandboxing_policy(client, bearer, child_team):
    added = upload(client, child_team, sample_files.pdf(), "report.pdf", bearer("slt"))
    downloaded = client.get(f"/api/v1/documents/{added.json['id']}/file", headers=bearer("senco"))
    assert downloaded.headers["Content-Disposition"].startswith("attachment;")
    assert "report.pdf" in downloaded.headers["Content-Disposition"]
    assert "sandbox" in downloaded.headers["Content-Security-Policy"].split("; ")
    assert downloaded.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in downloaded.headers["Cache-Control"]


def test_a_pdf_is_shown_in_the_browser_only_when_asked_and_still_sandboxed(client, auth, bearer, child_team):
    added = upload(client, child_team, sample_files.pdf(), "report.pdf", bearer("slt"))
    auth.login(child_team.parent)
    shown = client.get(f"/documents/{added.json['id']}/file?show=1")
    assert shown.headers["Content-Disposition"].startswith("inline;")
    assert "sandbox" in shown.headers["Content-Security-Policy"].split("; ")


def test_a_word_document_is_never_shown_in_the_browser(client, auth, bearer, child_team):
    added = upload(client, child_team, sample_files.docx(), "review.docx", bearer("slt"))
    auth.login(child_team.parent)
    assert client.get(f"/documents/{added.json['id']}/file?show=1").headers["Content-Disposition"].startswith(
        "attachment;"
    )


def test_a_document_for_professionals_is_not_found_by_a_parent(client, bearer, child_team):
    added = upload(client, child_team, sample_files.pdf(), "notes.pdf", bearer("slt"), visibility="professionals")
    assert client.get(f"/api/v1/documents/{added.json['id']}/file", headers=bearer("parent")).status_code == 404
    listed = client.get(f"/api/v1/children/{child_team.child.id}/documents", headers=bearer("parent")).json
    assert listed["documents"] == []


def test_a_parent_uploads_from_the_page_and_sees_it_in_the_file(client, auth, db, child_team):
    auth.login(child_team.parent)
    response = client.post(
        f"/children/{child_team.child.id}/documents",
        data={"title": "Letter from Dr Rahman", "kind": "letter", "visibility": "team",
              "photo": (io.BytesIO(sample_files.photo()), "image.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get(f"/children/{child_team.child.id}/documents").get_data(as_text=True)
    assert "Letter from Dr Rahman" in page


def test_the_file_page_offers_a_phone_its_camera(client, auth, child_team):
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}/documents").get_data(as_text=True)
    assert 'accept="image/*" capture="environment"' in page
    assert 'enctype="multipart/form-data"' in page


def test_the_timeline_entry_names_its_document_through_the_api(client, bearer, child_team):
    added = upload(client, child_team, sample_files.pdf(), "report.pdf", bearer("slt"), title="SLT report")
    [entry] = client.get(f"/api/v1/children/{child_team.child.id}/timeline", headers=bearer("parent")).json["entries"]
    assert (entry["kind"], entry["title"], entry["document_id"]) == ("document", "SLT report", added.json["id"])


def test_the_timeline_links_the_entry_to_the_document(client, auth, bearer, child_team):
    added = upload(client, child_team, sample_files.pdf(), "report.pdf", bearer("slt"), title="SLT report")
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    [entry] = client.get(f"/api/v1/children/{child_team.child.id}/timeline", headers=bearer("parent")).json["entries"]
    assert f'href="/entries/{entry["id"]}/document"' in page
    followed = client.get(f"/entries/{entry['id']}/document")
    place = f"/children/{child_team.child.id}/documents#document-{added.json['id']}"
    assert followed.headers["Location"].endswith(place)


def test_a_refused_file_is_named_on_the_page_and_nothing_is_kept(client, auth, db, child_team):
    auth.login(child_team.parent)
    before = documents_in(db)
    response = upload(client, child_team, sample_files.html(), "letter.pdf", via="page")
    assert response.status_code == 400
    assert "Web pages (HTML)" in response.get_data(as_text=True)
    assert documents_in(db) == before


def test_a_refused_file_answers_in_the_one_error_shape(client, bearer, child_team):
    response = upload(client, child_team, sample_files.svg(), "drawing.svg", bearer("parent"))
    assert response.status_code == 400
    assert set(response.json) == {"message", "errors"}
    assert "SVG" in response.json["errors"]["file"][0]


def test_a_file_over_the_limit_answers_413_in_the_one_error_shape(app, client, bearer, db, child_team):
    app.config["MAX_UPLOAD_BYTES"] = 1024
    before = documents_in(db)
    response = upload(client, child_team, sample_files.pdf() + bytes(2048), "report.pdf", bearer("parent"))
    assert response.status_code == 413
    assert "at most" in response.json["errors"]["file"][0]
    assert documents_in(db) == before


def test_a_file_over_the_limit_is_named_on_the_page_with_413(app, client, auth, child_team):
    app.config["MAX_UPLOAD_BYTES"] = 1024
    auth.login(child_team.parent)
    response = upload(client, child_team, bytes(2048), "report.pdf", via="page")
    assert response.status_code == 413
    assert "A file can be at most" in response.get_data(as_text=True)


def test_a_request_over_the_limit_for_uploads_answers_413_in_the_one_error_shape(app, client, bearer, child_team):
    app.config["MAX_UPLOAD_REQUEST_BYTES"] = 2048
    response = upload(client, child_team, sample_files.pdf() + bytes(4096), "report.pdf", bearer("parent"))
    assert response.status_code == 413
    assert set(response.json) == {"message", "errors"}


def test_a_file_of_the_full_upload_limit_passes_the_limit_on_bodies(client, bearer, child_team):
    """The 1 MiB limit on JSON and form bodies does not apply to the file beside the form."""
    content = b"Reading log, one line a day.\n" * (25 * 1024 * 1024 // 29)
    response = upload(client, child_team, content, "reading log.txt", bearer("parent"))
    assert response.status_code == 201, response.json


def test_an_earlier_version_stays_downloadable(client, bearer, child_team):
    headers = bearer("slt")
    added = upload(client, child_team, sample_files.pdf("First draft"), "report.pdf", headers)
    second = client.post(f"/api/v1/documents/{added.json['id']}/versions", headers=headers,
                         data={"file": (io.BytesIO(sample_files.pdf("Final")), "report final.pdf")},
                         content_type="multipart/form-data")
    assert second.status_code == 201
    assert second.json["number"] == 2
    first = client.get(f"/api/v1/documents/{added.json['id']}/file?version=1", headers=headers)
    assert first.data == sample_files.pdf("First draft")


def test_a_refused_new_version_is_named_beside_its_document_and_the_earlier_one_stays(client, auth, bearer, child_team):
    added = upload(client, child_team, sample_files.pdf(), "report.pdf", bearer("slt"))
    auth.login(child_team.slt)
    response = client.post(f"/documents/{added.json['id']}/versions", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(sample_files.svg()), "report.svg")})
    assert response.status_code == 400
    assert f'id="version-file-{added.json["id"]}-error"' in response.get_data(as_text=True)
    listed = client.get(f"/api/v1/children/{child_team.child.id}/documents", headers=bearer("slt")).json
    assert [len(document["versions"]) for document in listed["documents"]] == [1]


def test_a_download_is_streamed_from_the_store_not_built_in_memory(client, bearer, child_team):
    added = upload(client, child_team, sample_files.pdf(), "report.pdf", bearer("slt"))
    downloaded = client.get(f"/api/v1/documents/{added.json['id']}/file", headers=bearer("senco"), buffered=False)
    assert downloaded.is_streamed
    assert downloaded.content_length == added.json["versions"][0]["size"]
    downloaded.close()


def test_every_problem_on_the_upload_form_links_to_its_field(client, auth, child_team, error_summary):
    auth.login(child_team.parent)
    response = client.post(f"/children/{child_team.child.id}/documents", content_type="multipart/form-data",
                           data={"title": " ", "about_on": "1066-10-14",
                                 "file": (io.BytesIO(b""), "empty.pdf")})
    assert response.status_code == 400
    summary = error_summary(response.get_data(as_text=True))
    assert sorted(summary.links) == ["document-about_on", "document-file", "document-title"]
    assert summary.broken == []
