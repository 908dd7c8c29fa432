"""What the system wrote reads in the reader's language: pages and the API."""

from datetime import timedelta

import pytest

from core.people import accounts
from core.types import utcnow
from core.wording import Nn_, Wording
from webui.wording import Catalogues


@pytest.fixture
def booked(make_meeting):
    return make_meeting((utcnow() + timedelta(days=9)).replace(minute=0, second=0, microsecond=0))


def test_a_polish_reader_sees_a_booked_meeting_on_the_timeline_in_polish(client, auth, db, child_team, booked):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "Spotkanie zaplanowane: Spotkanie zespołu wokół dziecka" in page
    assert "Meeting booked" not in page


def test_an_english_reader_sees_the_same_entry_in_english(client, auth, child_team, booked):
    auth.login(child_team.teacher)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "<h3>Meeting booked: " in page


def test_the_api_gives_the_words_in_the_requesters_language_and_the_message_they_came_from(
    client, auth, db, child_team, booked
):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    response = client.get(f"/api/v1/children/{child_team.child.id}/timeline")
    (entry,) = [item for item in response.get_json()["entries"] if item["wording"]]
    assert entry["title"] == "Spotkanie zaplanowane: Spotkanie zespołu wokół dziecka"
    assert entry["wording"]["title"]["key"] == "Meeting booked: %(meeting)s"
    assert entry["wording"]["title"]["values"]["meeting"] == {
        "wording": {"key": "Team around the child meeting", "values": {}}
    }


@pytest.mark.parametrize(("count", "words"), [(1, "1 cel"), (3, "3 cele"), (5, "5 celów"), (22, "22 cele")])
def test_a_number_takes_the_polish_form_that_agrees_with_it(app, count, words):
    with app.app_context():
        reader = Catalogues({}).reader("pl", "Europe/London")
        assert reader.render(Wording.counted(Nn_("%(n)d target", "%(n)d targets"), "n", n=count)) == words
