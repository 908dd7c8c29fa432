"""The subject access export downloads as a ZIP: the record's JSON, as before, and its documents' files."""

import hashlib

from exports import exported, exported_json


def test_a_childs_export_holds_every_version_of_its_documents_files(client, auth, child_team, full_case):
    auth.login(child_team.admin)
    archive = exported(client.get(f"/admin/children/{child_team.child.id}/export.zip"))
    files = {name: archive.read(name) for name in archive.namelist() if name.startswith("files/")}
    [document] = {name.split("/")[1] for name in files}
    assert files == {
        f"files/{document}/version-1/report.txt": b"Therapy report, first draft",
        f"files/{document}/version-2/report.txt": b"Therapy report",
    }


def test_the_json_in_a_childs_export_lists_the_versions_whose_files_it_holds(client, auth, child_team, full_case):
    auth.login(child_team.admin)
    export = exported_json(client.get(f"/admin/children/{child_team.child.id}/export.zip"))
    assert export["child"]["id"] == child_team.child.id
    assert sorted(version["sha256"] for version in export["document_versions"]) == sorted(
        hashlib.sha256(text).hexdigest() for text in (b"Therapy report, first draft", b"Therapy report")
    )


def test_a_persons_export_holds_the_files_they_added(client, auth, child_team, full_case):
    auth.login(child_team.admin)
    archive = exported(client.get(f"/admin/accounts/{child_team.slt.id}/export.zip"))
    assert sorted(archive.read(name) for name in archive.namelist() if name.startswith("files/")) == [
        b"Therapy report", b"Therapy report, first draft"
    ]


def test_a_parents_export_holds_no_file_they_did_not_add(client, auth, child_team, full_case):
    auth.login(child_team.admin)
    archive = exported(client.get(f"/admin/accounts/{child_team.parent.id}/export.zip"))
    assert [name for name in archive.namelist() if name.startswith("files/")] == []


def test_the_export_is_never_cached(client, auth, child_team):
    auth.login(child_team.admin)
    response = client.get(f"/admin/children/{child_team.child.id}/export.zip")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == f"attachment; filename=child-{child_team.child.id}.zip"
