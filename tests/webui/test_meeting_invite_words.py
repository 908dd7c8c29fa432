"""A meeting's invite reads in each recipient's language: the e-mail and the calendar event it carries."""

import icalendar
import pytest
from dates import at_school, monday_with_offset
from sqlalchemy import select

from core.meetings import booking as meetings
from core.models import OutboxMessage
from core.people import accounts
from core.site import Site
from webui.wording import Catalogues


@pytest.fixture
def site_with_readers(host):
    return Site(host=host, base_url="https://school.example", mail_enabled=True, readers=Catalogues({}).reader)


@pytest.fixture
def book(db, child_team, site_with_readers):
    """Book a team around the child meeting next week, the parent and the therapist invited: its mail by recipient."""

    def booked(**values):
        starts = at_school(monday_with_offset(1), 15, 30)
        data = {
            "purpose": "tac_meeting",
            "starts_at": starts.isoformat(),
            "ends_at": starts.replace(hour=16, minute=30).isoformat(),
            "location": "Biblioteka",
            "attendees": [
                {"person_id": child_team.parent.id, "required": True},
                {"person_id": child_team.slt.id, "required": False},
            ],
            **values,
        }
        meetings.schedule(db, child_team.senco, child_team.child.id, data, site=site_with_readers)
        return {mail.recipient_id: mail for mail in db.scalars(select(OutboxMessage))}

    return booked


def test_a_polish_parents_invitation_is_written_in_polish(db, child_team, book):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    mail = book()[child_team.parent.id]
    assert mail.subject.startswith("Zaproszenie: Spotkanie zespołu wokół dziecka: Amara, ")
    assert mail.text_body.startswith("Dzień dobry, Grace Okafor,")
    assert "Priya Shah zaprasza na spotkanie w sprawie: Amara." in mail.text_body
    assert "Invitation" not in mail.subject and "invites you" not in mail.text_body


def test_the_calendar_event_a_polish_parent_receives_is_named_in_polish(db, child_team, book):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    event = icalendar.Calendar.from_ical(book()[child_team.parent.id].calendar).walk("VEVENT")[0]
    assert str(event["summary"]) == "Spotkanie zespołu wokół dziecka: Amara"
    assert str(event["description"]).startswith("Spotkanie w sprawie: Amara, z zespołem wokół dziecka.")


def test_an_urdu_readers_online_meeting_says_where_to_join_in_urdu(db, child_team, book):
    accounts.update_preferences(db, child_team.parent, {"language": "ur"})
    mail = book(location="", online_link="https://meet.example/amara")[child_team.parent.id]
    assert "آن لائن: https://meet.example/amara" in mail.text_body


def test_each_recipient_reads_their_own_language_in_one_booking(db, child_team, book):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    mail = book()
    assert mail[child_team.slt.id].subject.startswith("Invitation: Team around the child meeting: Amara, ")
    assert mail[child_team.parent.id].subject.startswith("Zaproszenie: ")
