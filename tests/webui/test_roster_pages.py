"""The administrator's roster import: upload, the mapping step, the preview, applying it."""

import io

import pytest
from roster_exports import PLAIN_COLUMNS, counts, hillside, plain_csv, plain_school
from sqlalchemy import select

from core.db import make_session_factory
from core.jobs import queue
from core.models import Child, Job, RosterImport
from core.roster import apply


@pytest.fixture
def admin(client, auth, child_team):
    auth.login(child_team.admin)
    return client


@pytest.fixture
def work(db, connection, site):
    """What `teamaround jobs run` does beside the web server."""

    def run():
        queue.run_due(make_session_factory(connection), apply.job_kinds(site))
        db.expire_all()

    return run


def upload(client, content, name="export.zip", **form):
    return client.post(
        "/admin/roster", data={"file": (io.BytesIO(content), name), **form}, content_type="multipart/form-data"
    )


def test_an_uploaded_bundle_is_previewed_and_nothing_is_changed(db, admin):
    before = counts(db)
    response = upload(admin, hillside().zip())
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "New: 8" in page and "Joins the team of Ava Brown, Ben Brown" in page
    assert "Apply these changes" in page
    assert counts(db) == before


def test_applying_queues_the_import_and_the_page_shows_its_progress(db, admin, work):
    preview_page = upload(admin, hillside().zip()).headers["Location"]
    admin.post(f"{preview_page}/apply")
    assert "Applying: 0 of 13 changes made" in admin.get(preview_page).get_data(as_text=True)
    work()
    assert "Applied on" in admin.get(preview_page).get_data(as_text=True)
    assert db.scalar(select(Child.year_group).where(Child.full_name == "Cara Singh")) == "Y4"


def test_a_refused_row_is_shown_with_its_reason_and_the_import_cannot_be_applied(db, admin):
    preview_page = upload(admin, hillside(born="2016-02-30").zip()).headers["Location"]
    page = admin.get(preview_page).get_data(as_text=True)
    assert "users.csv:4" in page and "The date 2016-02-30 is not a date" in page
    assert "Apply these changes" not in page
    admin.post(f"{preview_page}/apply")
    assert db.scalar(select(Job.id)) is None
    assert db.scalar(select(RosterImport.queued_at)) is None


def test_a_plain_export_asks_which_column_says_what_then_previews(db, admin):
    mapping_page = upload(admin, plain_csv(plain_school(), encoding="cp1252"), "pupils.csv").headers["Location"]
    page = admin.get(mapping_page).get_data(as_text=True)
    assert "read as cp1252" in page and all(column in page for column in PLAIN_COLUMNS)
    response = admin.post(
        mapping_page,
        data={
            "pupil_identifier": "UPN",
            "pupil_name": "Legal name",
            "date_of_birth": "DOB",
            "contacts_1_name": "Contact 1",
            "contacts_1_email": "Contact 1 email",
            "mapping_name": "SIMS",
        },
    )
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "New: 5" in page and "Zoë Adams" in page
    assert 'value="SIMS"' in admin.get("/admin/roster").get_data(as_text=True)


def test_a_mapping_without_the_pupils_name_is_refused_naming_the_field(db, admin, error_summary):
    mapping_page = upload(admin, plain_csv(plain_school()), "pupils.csv").headers["Location"]
    response = admin.post(
        mapping_page, data={"pupil_identifier": "UPN", "date_of_birth": "DOB", "mapping_name": "SIMS"}
    )
    assert response.status_code == 400
    summary = error_summary(response.get_data(as_text=True))
    assert (summary.links, summary.broken) == (["pupil_name"], [])


def test_a_file_that_is_no_export_is_refused(db, admin):
    response = upload(admin, b"PK\x03\x04 not really a zip")
    assert response.status_code == 400 and "neither a ZIP" in response.get_data(as_text=True)
