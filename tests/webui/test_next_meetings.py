"""The home page names each coming meeting's day as people say it."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from core.types import utcnow

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("days_ahead", [1, 3, 10], ids=["tomorrow", "this-week", "later"])
def test_a_parents_home_page_shows_their_next_meeting_with_its_day_in_words(client, auth, child_team,
                                                                            make_meeting, days_ahead):
    day = utcnow().astimezone(LONDON).date() + timedelta(days=days_ahead)
    make_meeting(datetime.combine(day, time(10), LONDON))
    auth.login(child_team.parent)
    page = client.get("/").get_data(as_text=True)
    said = {1: "tomorrow", 3: format_date(day, "EEEE", locale="en")}.get(
        days_ahead, format_date(day, "EEEE d MMMM y", locale="en"))
    assert f"· {said} at 10:00" in page
