"""What a person reads when an answer needs correcting: what to do, by the question's own name."""

import re

import pytest

from core.people import accounts


@pytest.fixture
def time_finder_without_anyone_or_a_length(client, auth, child_team):
    """The senco asks for times with nobody ticked and the length left empty: the page's text."""
    auth.login(child_team.senco)
    response = client.get(
        f"/children/{child_team.child.id}/meetings/find",
        query_string={"duration": "", "window_start": "2030-03-04", "window_end": "2030-03-08"},
    )
    assert response.status_code == 400
    return response.get_data(as_text=True)


def summary_lines(html: str) -> list[str]:
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary, re.S)]


def test_the_time_finder_says_to_choose_who_must_come(time_finder_without_anyone_or_a_length):
    lines = summary_lines(time_finder_without_anyone_or_a_length)
    assert "Who is coming: Choose at least one person who must come." in lines


def test_the_time_finder_says_to_give_the_meetings_length(time_finder_without_anyone_or_a_length):
    assert "How long (minutes): Say how long the meeting is, in minutes." in summary_lines(
        time_finder_without_anyone_or_a_length
    )


def test_a_form_error_reads_in_the_persons_language(client, auth, db, child_team):
    accounts.update_preferences(db, child_team.senco, {"language": "pl"})
    auth.login(child_team.senco)
    response = client.get(
        f"/children/{child_team.child.id}/meetings/find",
        query_string={"duration": "60", "window_start": "2030-03-04", "window_end": "2030-03-08"},
    )
    html = response.get_data(as_text=True)
    assert "Proszę wybrać co najmniej jedną osobę, która musi przyjść." in html
    assert "Choose at least one person who must come." not in html
