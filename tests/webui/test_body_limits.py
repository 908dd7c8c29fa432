"""One limit for JSON and form bodies, answered 413 before the body is read, on the API in
its error shape and on pages as the app's error page; calendar files have their own."""

from io import BytesIO

ICS_HEAD = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
ICS_EVENT = (b"BEGIN:VEVENT\r\nUID:clinic-%d@example\r\nDTSTAMP:20270101T000000Z\r\n"
             b"DTSTART:20270302T090000Z\r\nDTEND:20270302T100000Z\r\nSUMMARY:Clinic\r\nEND:VEVENT\r\n")


def calendar_of(size: int) -> BytesIO:
    """An iCalendar file of at least ``size`` bytes, every event a real one."""
    events, number = [], 0
    while len(ICS_HEAD) + sum(map(len, events)) < size:
        events.append(ICS_EVENT % number)
        number += 1
    return BytesIO(ICS_HEAD + b"".join(events) + b"END:VCALENDAR\r\n")


def test_a_thirty_megabyte_json_body_is_refused_in_the_error_shape(client, bearer, child_team):
    body = b'{"kind": "update", "title": "' + b"x" * 30_000_000 + b'"}'
    response = client.post(f"/api/v1/children/{child_team.child.id}/timeline", data=body,
                           headers={**bearer("slt"), "Content-Type": "application/json"})
    assert response.status_code == 413 and set(response.json) == {"message", "errors"}


def test_a_form_over_the_limit_is_refused_with_the_apps_error_page(client, auth, child_team):
    auth.login(child_team.slt)
    response = client.post(f"/children/{child_team.child.id}/entries",
                           data={"kind": "update", "title": "x" * 2_000_000})
    assert response.status_code == 413 and b"Too large" in response.data


def test_the_limit_is_the_one_setting_for_json_and_forms(app, client, auth, bearer, child_team):
    app.config["MAX_BODY_BYTES"] = 2_000
    too_long = "x" * 3_000
    api = client.post(f"/api/v1/children/{child_team.child.id}/timeline",
                      json={"kind": "update", "title": too_long}, headers=bearer("slt"))
    auth.login(child_team.slt)
    page = client.post(f"/children/{child_team.child.id}/entries", data={"kind": "update", "body": too_long})
    assert (api.status_code, page.status_code) == (413, 413)


def test_a_multipart_form_field_over_the_limit_is_refused(app, client, auth, child_team):
    auth.login(child_team.slt)
    app.config["MAX_BODY_BYTES"] = 100_000  # above the multipart parser's 64 KiB reads
    response = client.post("/account/availability/import",
                           data={"file": (BytesIO(b""), "empty.ics"), "note": "x" * 150_000},
                           content_type="multipart/form-data")
    assert response.status_code == 413


def test_a_calendar_file_larger_than_a_form_may_be_is_imported(app, client, auth, child_team):
    auth.login(child_team.slt)
    app.config["MAX_BODY_BYTES"] = 100_000  # above the multipart parser's 64 KiB reads
    response = client.post("/account/availability/import", data={"file": (calendar_of(300_000), "busy.ics")},
                           content_type="multipart/form-data")
    assert response.status_code == 302


def test_a_calendar_file_over_its_own_limit_is_refused_not_cut_short(app, client, auth, child_team):
    auth.login(child_team.slt)
    app.config["MAX_CALENDAR_BYTES"] = 10_000
    response = client.post("/account/availability/import", data={"file": (calendar_of(20_000), "busy.ics")},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and b"Too large" in response.data
