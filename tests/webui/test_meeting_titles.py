"""A meeting named by its purpose reads in the reader's language; a title the organiser typed stays as typed."""

from datetime import timedelta

from core.people import accounts
from core.types import utcnow


def _soon():
    return (utcnow() + timedelta(days=9)).replace(minute=0, second=0, microsecond=0)


def test_a_polish_parent_reads_the_purpose_of_a_meeting_in_polish(client, auth, db, child_team, make_meeting):
    meeting = make_meeting(_soon())
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "<h1>Spotkanie zespołu wokół dziecka" in page


def test_a_title_the_organiser_typed_stays_as_typed(client, auth, db, child_team, make_meeting):
    meeting = make_meeting(_soon(), title="Talking about the bus to school")
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    assert "<h1>Talking about the bus to school</h1>" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
