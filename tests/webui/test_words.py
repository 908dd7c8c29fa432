"""The record's codes (kinds of entry, roles, answers) are shown as words, in the reader's language."""


import pytest
from dates import TUESDAY, at_school

from core.meetings import booking as meetings
from core.people import accounts
from core.timeline import entries as timeline

MEETING_TIME = at_school(TUESDAY, 10)


@pytest.fixture
def reads_polish(db, child_team):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    return child_team.parent


@pytest.fixture
def home_observation(db, child_team, host):
    return timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "home_observation", "title": "Slept well"}, host=host
    )


def test_the_timeline_names_the_kind_of_each_entry_in_words(client, auth, child_team, home_observation):
    auth.login(child_team.teacher)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert f"· Home observation · <bdi>{child_team.parent.full_name}</bdi>" in page
    assert '<option value="plan_change" >Plan change</option>' in page


def test_the_meeting_finder_names_each_members_role_in_words(client, auth, child_team):
    auth.login(child_team.senco)
    page = client.get(f"/children/{child_team.child.id}/meetings").get_data(as_text=True)
    assert f"{child_team.teacher.full_name} (Class teacher)" in page
    assert f"{child_team.slt.full_name} (Speech and language therapist)" in page


def test_the_meeting_page_says_who_is_needed_and_each_answer_in_words(client, auth, db, child_team, make_meeting):
    meeting = make_meeting(MEETING_TIME)
    meetings.respond(db, child_team.slt, meeting.id, {"answer": "tentative"})
    auth.login(child_team.senco)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"<td><bdi>{child_team.parent.full_name}</bdi></td><td>Yes</td>\n    <td>Not answered</td>" in page
    assert f"<td><bdi>{child_team.slt.full_name}</bdi></td><td>Optional</td>\n    <td>Maybe</td>" in page


def test_a_parent_reads_the_kinds_of_entry_in_their_language(client, auth, child_team, reads_polish, home_observation):
    auth.login(reads_polish)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "· Obserwacja z domu ·" in page


def test_a_parent_reads_the_roles_in_the_team_in_their_language(client, auth, child_team, reads_polish):
    auth.login(reads_polish)
    page = client.get(f"/children/{child_team.child.id}/team").get_data(as_text=True)
    assert '<p class="meta">Rodzic</p>' in page


def test_a_parent_reads_the_answers_to_a_meeting_in_their_language(
    client, auth, child_team, reads_polish, make_meeting
):
    meeting = make_meeting(MEETING_TIME)
    auth.login(reads_polish)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "<strong>jeszcze bez odpowiedzi</strong>" in page
    assert "<td>Nieobowiązkowo</td>" in page and "<td>Brak odpowiedzi</td>" in page


def test_a_parent_reads_the_chronology_heading_in_their_language(
    client, auth, child_team, reads_polish, home_observation
):
    auth.login(reads_polish)
    page = client.get(f"/children/{child_team.child.id}/chronology").get_data(as_text=True)
    assert "Data urodzenia: " in page and "Cała dokumentacja" in page and "1 zdarzenie" in page
