"""Static files: cached for a year under URLs that change whenever the file does."""

import hashlib
import re
from pathlib import Path

import pytest

from webui.static_files import ContentVersions

STATIC = Path(__file__).resolve().parents[2] / "webui" / "static"


def linked(page: str, filename: str) -> str:
    return re.search(rf'(?:href|src)="(/static/{re.escape(filename)}\?v=[0-9a-f]+)"', page).group(1)


@pytest.mark.parametrize("filename", ["style.css", "glossary.js"])
def test_pages_link_a_static_file_by_a_hash_of_its_content(client, filename):
    url = linked(client.get("/login").get_data(as_text=True), filename)
    assert url.endswith("?v=" + hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:12])


@pytest.mark.parametrize("filename", ["style.css", "glossary.js"])
def test_a_static_file_at_its_hashed_url_is_cached_for_a_year(client, filename):
    response = client.get(linked(client.get("/login").get_data(as_text=True), filename))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("query", ["", "?v=0123456789ab"])
def test_a_static_file_without_its_current_hash_is_checked_again_each_time(client, query):
    response = client.get(f"/static/style.css{query}")
    assert response.status_code == 200 and "no-cache" in response.headers["Cache-Control"]


def test_the_hash_changes_when_the_file_changes(tmp_path):
    versions = ContentVersions()
    (tmp_path / "style.css").write_text("body { color: black; }")
    before = versions.of(str(tmp_path), "style.css")
    (tmp_path / "style.css").write_text("body { color: navy; }")
    assert versions.of(str(tmp_path), "style.css") != before


def test_a_file_outside_the_folder_gets_no_hash(tmp_path):
    (tmp_path / "secret").write_text("x")
    (tmp_path / "static").mkdir()
    assert ContentVersions().of(str(tmp_path / "static"), "../secret") is None


def test_a_page_links_a_changed_static_file_by_its_new_hash(client, app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    for content in ("body { color: black; }", "body { color: navy; }"):
        (tmp_path / "style.css").write_text(content)
        url = linked(client.get("/login").get_data(as_text=True), "style.css")
        assert url.endswith("?v=" + hashlib.sha256(content.encode()).hexdigest()[:12])
