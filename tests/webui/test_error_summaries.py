"""Every link in an error summary takes the reader to the one field that needs correcting."""

from datetime import timedelta

import pytest
from dates import MONDAY, TUESDAY, at_school, form_time

MEETING_TIME = at_school(TUESDAY, 10)

# (who sends it, method, address, form, the field the summary must link to)
MISTAKES = {
    "a parent choosing who sees their post": (
        "parent",
        "post",
        "/children/{child}/entries",
        {"kind": "home_observation", "title": "Slept well", "visibility": "professionals"},
        "entry-visibility",
    ),
    "a teacher choosing a visibility that does not exist": (
        "teacher",
        "post",
        "/children/{child}/entries",
        {"kind": "update", "title": "x", "visibility": "x"},
        "entry-visibility",
    ),
    "a post without a title": ("teacher", "post", "/children/{child}/entries", {"kind": "update"}, "entry-title"),
    "a post dated in the future": (
        "teacher",
        "post",
        "/children/{child}/entries",
        {"kind": "update", "title": "x", "occurred_at": "2999-01-01T10:00"},
        "entry-occurred_at",
    ),
    "a meeting too short to find a time for": (
        "senco",
        "get",
        "/children/{child}/meetings/find",
        {"required": "{senco}", "duration": "5", "window_start": MONDAY.isoformat(),
         "window_end": (MONDAY + timedelta(days=4)).isoformat()},
        "duration_minutes",
    ),
    "a booking that ends before it starts": (
        "senco",
        "post",
        "/children/{child}/meetings",
        {"purpose": "iep_review", "starts_at": form_time(at_school(TUESDAY, 15, 30)),
         "ends_at": form_time(at_school(TUESDAY, 15))},
        "ends_at",
    ),
    "an answer to an invitation that is not an answer": (
        "parent",
        "post",
        "/meetings/{meeting}/rsvp",
        {"answer": "perhaps"},
        "answer",
    ),
    "an agreed action without a date": (
        "senco",
        "post",
        "/meetings/{meeting}/actions",
        {"owner_id": "{senco}", "text": "Ring the GP", "due_on": ""},
        "action-due_on",
    ),
    "reports asked for by a date that is not one": (
        "senco",
        "post",
        "/meetings/{meeting}/reports",
        {"person_id": "{senco}", "due_on": "soon"},
        "due_on",
    ),
    "an email address that is not one": (
        "senco",
        "post",
        "/children/{child}/team",
        {"email": "grace", "role": "parent"},
        "email",
    ),
    "a time offered that ends before it starts": (
        "parent",
        "post",
        "/account/availability",
        {"starts_at": form_time(at_school(TUESDAY, 18)), "ends_at": form_time(at_school(TUESDAY, 17))},
        "ends_at",
    ),
}


@pytest.mark.parametrize(("who", "method", "path", "form", "field"), MISTAKES.values(), ids=MISTAKES.keys())
def test_the_error_summary_links_to_the_one_field_with_the_mistake(
    client, auth, child_team, make_meeting, error_summary, who, method, path, form, field
):
    meeting = make_meeting(MEETING_TIME)
    values = {"child": child_team.child.id, "meeting": meeting.id, "senco": child_team.senco.id}
    path = path.format(**values)
    form = {name: value.format(**values) for name, value in form.items()}
    auth.login(getattr(child_team, who))
    response = client.get(path, query_string=form) if method == "get" else client.post(path, data=form)
    summary = error_summary(response.get_data(as_text=True))
    assert response.status_code == 400
    assert summary.links == [field] and summary.broken == []
