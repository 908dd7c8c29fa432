"""The minimal pages: log in, see your children, read and add to a timeline."""

import re

import pytest

from core.models import TimelineEntry
from core.timeline import entries as timeline


def test_pages_need_a_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, auth, child_team):
    wrong = auth.login(child_team.parent, password="not the password")
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "whatever"})
    assert wrong.status_code == unknown.status_code == 401
    # The form's CSRF token is signed with the second it was made in: compare the rest.
    assert _without_csrf(wrong.data) == _without_csrf(
        unknown.data.replace(b"nobody@example.org", child_team.parent.email.encode())
    )


def _without_csrf(page: bytes) -> bytes:
    # The form's token and the passkey button's, each signed with the second it was made in.
    page = re.sub(rb'data-csrf="[^"]*"', b'data-csrf=""', page)
    return re.sub(rb'name="csrf_token" value="[^"]*"', b'name="csrf_token"', page)


def test_a_parent_sees_their_child_and_not_another(client, auth, child_team):
    auth.login(child_team.parent)
    page = client.get("/").get_data(as_text=True)
    assert child_team.child.full_name in page
    assert child_team.other_child.full_name not in page


def test_another_childs_timeline_answers_not_found(client, auth, child_team):
    auth.login(child_team.parent)
    assert client.get(f"/children/{child_team.other_child.id}").status_code == 404
    assert client.get("/children/999999").status_code == 404


def test_a_parent_posts_a_home_observation_from_the_timeline_page(client, auth, child_team, db):
    auth.login(child_team.parent)
    response = client.post(
        f"/children/{child_team.child.id}/entries",
        data={"kind": "home_observation", "title": "Happy after school", "body": "Told me about her friend."},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Happy after school" in page


def test_a_bad_post_shows_the_errors_and_keeps_what_was_typed(client, auth, child_team, db):
    auth.login(child_team.parent)
    response = client.post(
        f"/children/{child_team.child.id}/entries",
        data={"kind": "home_observation", "title": "", "body": "Keep this text"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#entry-title"' in page and "Keep this text" in page
    assert db.query(TimelineEntry).count() == 0


def test_acknowledging_from_the_page_shows_seen_by(client, auth, child_team, db, host):
    entry = timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "Note"}, host=host
    )
    auth.login(child_team.parent)
    client.post(f"/entries/{entry.id}/acknowledge")
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert f"Seen by {child_team.parent.full_name}" in page


@pytest.mark.parametrize("path", ["/children/0", "/entries/0/acknowledge"])
def test_an_unknown_record_is_not_a_server_error(client, auth, child_team, path):
    auth.login(child_team.parent)
    response = client.post(path) if "acknowledge" in path else client.get(path)
    assert response.status_code == 404


def test_the_chronology_downloads_as_csv(client, auth, child_team, db, host):
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "Trip"}, host=host)
    auth.login(child_team.senco)
    response = client.get(f"/children/{child_team.child.id}/chronology.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Trip" in response.get_data(as_text=True)


def test_a_parent_filters_the_timeline_by_agency(client, auth, child_team, db, host):
    timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "From therapy"}, host=host)
    timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "From class"}, host=host
    )
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}?agency=speech_language").get_data(as_text=True)
    assert "From therapy" in page and "From class" not in page


def test_a_parent_replies_to_a_message_in_its_thread(client, auth, child_team, db, host):
    question = timeline.post_entry(
        db, child_team.senco, child_team.child.id, {"kind": "message", "title": "Shall we meet?"}, host=host
    )
    auth.login(child_team.parent)
    response = client.post(
        f"/children/{child_team.child.id}/entries",
        data={"kind": "message", "title": "Yes please", "reply_to": str(question.id)},
    )
    assert response.status_code == 302
    reply = db.query(TimelineEntry).filter_by(title="Yes please").one()
    assert reply.reply_to_id == question.id


def test_the_author_sees_who_has_not_read_their_message_yet(client, auth, child_team, db, host):
    message = timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "message", "title": "Hello"}, host=host
    )
    auth.login(child_team.parent)
    page = client.get(f"/entries/{message.id}/receipts").get_data(as_text=True)
    assert child_team.senco.full_name in page.split("Not read yet")[1]


def test_the_unread_count_shows_in_the_menu(client, auth, child_team, db, host):
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host)
    auth.login(child_team.parent)
    assert '<span class="badge">1 new</span>' in client.get("/").get_data(as_text=True)


def test_the_unread_count_is_counted_again_on_every_page(client, auth, child_team, db, host):
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host)
    auth.login(child_team.parent)
    assert '<span class="badge">1 new</span>' in client.get("/").get_data(as_text=True)
    assert client.post("/notifications/read").status_code == 302
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)


def test_a_parent_filters_the_timeline_by_kind(client, auth, child_team, db, host):
    timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "Spelling test"}, host=host
    )
    timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "home_observation", "title": "Tired tonight"}, host=host
    )
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}?kind=home_observation").get_data(as_text=True)
    assert "Tired tonight" in page and "Spelling test" not in page
    assert '<option value="home_observation" selected>' in page


def test_a_therapists_caseload_lists_the_children_whose_team_they_are_in(client, auth, child_team):
    auth.login(child_team.slt)
    page = client.get("/").get_data(as_text=True)
    assert "<h1>Your caseload</h1>" in page
    assert f'<a href="/children/{child_team.child.id}" dir="auto">{child_team.child.full_name}</a>' in page
    assert child_team.other_child.full_name not in page


def test_an_address_that_leads_nowhere_gets_the_apps_own_page(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Page not found" in page.get_data(as_text=True)
