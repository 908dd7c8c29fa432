"""A reader's timeline (and plan, meetings, home page and the API's timeline read) is answered again from what
was rendered for them while nothing it shows has changed, and is the page a new rendering would
make whenever anything has."""

import re

import pytest
from conftest import PASSWORD, person_factory
from dates import TUESDAY, at_school
from sqlalchemy import func, inspect, select, text, update

from core.db import READ_ONLY, make_engine, make_session_factory
from core.migrations import upgrade
from core.models import AuditEvent, Person, data_version
from core.models.data_version import DATA_VERSION, UNWATCHED, unwatched_by_mistake
from core.timeline import entries as timeline
from webui.kept_pages import KeptPage, KeptPages

CSRF_TOKEN = re.compile(r'(name="csrf_token" value=")[^"]+"')


def without_tokens(html: str) -> str:
    return CSRF_TOKEN.sub(r'\1"', html)


@pytest.fixture
def page_of(client, auth, child_team):
    path = f"/children/{child_team.child.id}"

    def read(person=None):
        if person is not None:
            auth.logout()
            auth.login(person)
        answer = client.get(path)
        assert answer.status_code == 200
        return answer.get_data(as_text=True)

    return read


@pytest.fixture
def rendered_afresh(app, page_of):
    """The page as a new rendering makes it, nothing kept."""

    def read(person=None):
        kept = app.extensions["teamaround.kept_pages"]
        app.extensions["teamaround.kept_pages"] = KeptPages(0)
        try:
            return page_of(person)
        finally:
            app.extensions["teamaround.kept_pages"] = kept

    return read


@pytest.fixture
def an_update(db, child_team, host):
    return timeline.post_entry(db, child_team.teacher, child_team.child.id,
                               {"kind": "message", "title": "Read three pages today"}, host=host)


def test_reading_the_page_again_reads_none_of_its_records(page_of, child_team, an_update, count_queries):
    first = page_of(child_team.parent)
    with count_queries() as queries:
        again = page_of()
    assert without_tokens(again) == without_tokens(first)
    assert "Read three pages today" in again
    assert not [query for query in queries if "timeline_entries" in query]


def test_reading_the_page_again_is_audited_as_the_first_read_was(db, page_of, child_team, an_update):
    page_of(child_team.parent)
    page_of()
    viewed = db.scalars(select(AuditEvent).where(AuditEvent.action == "timeline.viewed",
                                                 AuditEvent.actor_id == child_team.parent.id)).all()
    assert [event.detail for event in viewed] == [{"entries": [an_update.id]}] * 2


def test_reading_a_page_leaves_the_data_version_as_it_is(db, page_of, child_team, an_update):
    before = data_version(db)
    page_of(child_team.parent)
    page_of()
    assert data_version(db) == before


def _post_a_reply(db, team, entry, host):
    timeline.post_entry(db, team.parent, team.child.id,
                        {"kind": "message", "title": "Thank you, we will try it", "reply_to": entry.id}, host=host)


def _acknowledge(db, team, entry, host):
    timeline.acknowledge(db, team.slt, entry.id)


def _withdraw(db, team, entry, host):
    timeline.withdraw_entry(db, team.teacher, entry.id)


def _rename_the_author_in_plain_sql(db, team, entry, host):
    db.execute(update(Person).where(Person.id == team.teacher.id).values(full_name="Daniel Hughes-Ward"))


def _retitle_the_entry_in_plain_sql(db, team, entry, host):
    db.connection().execute(text("UPDATE timeline_entries SET title = 'Read four pages' WHERE id = :id"),
                            {"id": entry.id})


@pytest.mark.parametrize("change", [
    _post_a_reply, _acknowledge, _withdraw, _rename_the_author_in_plain_sql, _retitle_the_entry_in_plain_sql,
])
def test_after_any_change_the_page_is_what_a_new_rendering_makes(
    db, page_of, rendered_afresh, child_team, an_update, host, change
):
    before = page_of(child_team.parent)
    change(db, child_team, an_update, host)
    db.flush()
    after = page_of()
    assert without_tokens(after) != without_tokens(before)
    assert without_tokens(after) == without_tokens(rendered_afresh())


def test_a_page_kept_for_one_reader_is_never_answered_to_another(page_of, rendered_afresh, db, child_team, host):
    timeline.post_entry(db, child_team.senco, child_team.child.id,
                        {"kind": "update", "title": "Bus timetable changed", "visibility": "professionals"}, host=host)
    parents = page_of(child_team.parent)
    therapists = page_of(child_team.slt)
    assert "Bus timetable changed" not in parents
    assert "Bus timetable changed" in therapists
    assert without_tokens(therapists) == without_tokens(rendered_afresh())
    assert "Bus timetable changed" not in page_of(child_team.parent)


def test_a_kept_page_carries_the_csrf_token_of_the_session_reading_it(app, client, auth, child_team, an_update):
    path = f"/children/{child_team.child.id}"
    auth.login(child_team.parent)
    app.config["WTF_CSRF_ENABLED"] = True
    client.get(path)
    other_session = app.test_client()
    signing_in = token_in(other_session.get("/login").get_data(as_text=True))
    other_session.post("/login", data={"email": child_team.parent.email, "password": PASSWORD,
                                       "csrf_token": signing_in})
    token = token_in(other_session.get(path).get_data(as_text=True))
    posted = other_session.post(f"{path}/entries", data={"kind": "home_observation", "title": "Slept well",
                                                         "csrf_token": token})
    assert posted.status_code == 302


def token_in(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_a_message_flashed_is_shown_once_and_never_kept(client, auth, page_of, child_team):
    auth.login(child_team.parent)
    path = f"/children/{child_team.child.id}"
    posted = client.post(f"{path}/entries", data={"kind": "home_observation", "title": "Slept well"},
                         follow_redirects=True)
    assert "Your entry is on the timeline." in posted.get_data(as_text=True)
    assert "Your entry is on the timeline." not in page_of()


def test_pages_past_the_budget_are_dropped_least_recently_answered_first():
    pages = KeptPages(budget=10)
    for key in "ab":
        pages.put(7, key, KeptPage(("x" * 4,), None, 4))
    pages.get(7, "a")
    pages.put(7, "c", KeptPage(("x" * 4,), None, 4))
    assert [key for key in "abc" if pages.get(7, key) is not None] == ["a", "c"]
    assert pages.size == 8


def test_a_new_data_version_drops_every_page_kept():
    pages = KeptPages(budget=10)
    pages.put(7, "a", KeptPage(("x" * 4,), None, 4))
    assert pages.get(8, "a") is None
    assert pages.size == 0
    assert pages.get(7, "a") is None


def test_every_table_but_the_unwatched_changes_the_data_version(db):
    connection = db.connection()
    assert unwatched_by_mistake(connection) == []
    watched = set(inspect(connection).get_table_names()) - UNWATCHED
    if connection.dialect.name == "postgresql":
        triggers = set(connection.scalars(text(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'data_version_moves'")))
        assert triggers == watched
    else:
        triggers = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        made = {f"data_version_after_{operation}_{table}"
                for table in watched for operation in ("insert", "update", "delete")}
        assert {name for name in triggers if name.startswith("data_version_")} == made


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_a_write_changes_the_data_version_when_it_commits_and_not_before(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    reader = engine.connect().execution_options(**{READ_ONLY: True})  # a read takes no lock (core.db)
    before = reader.scalar(DATA_VERSION)
    with make_session_factory(engine)() as db:
        with db.begin():
            person_factory(db)("parent")
            db.flush()
            reader.rollback()  # a snapshot of its own for each statement, as a page's reads have
            assert reader.scalar(DATA_VERSION) == before
        reader.rollback()
        assert reader.scalar(DATA_VERSION) != before
    reader.close()
    engine.dispose()


def _unwatched_tables_read(queries):
    """The tables whose writes leave the data version as it is that ``queries`` read, but the
    data version itself and the sessions, which every request reads, and the audit log in the
    statement that signs the reader in (which on PostgreSQL checks a home page to audit ahead
    against the reader's last look, as core.messaging.dashboard.last_look reads it)."""
    return {table for query in queries if query.lstrip().upper().startswith("SELECT")
            for table in UNWATCHED - {"data_version", "login_sessions"} - _read_to_sign_in(query)
            if re.search(rf"\b{table}\b", query)}


def _read_to_sign_in(query):
    return {"audit_events"} if re.search(r"\bFROM login_sessions\b", query) else set()


def test_the_page_reads_no_table_whose_writes_leave_the_data_version_as_it_is(
    page_of, rendered_afresh, child_team, an_update, count_queries
):
    page_of(child_team.parent)  # signed in: signing in reads what it writes, before any page
    with count_queries() as queries:
        rendered_afresh()
        page_of()  # answered from what was kept
    read = _unwatched_tables_read(queries)
    assert "timeline_entries" in " ".join(queries)
    assert read == set()


@pytest.fixture
def api_read(client, child_team):
    path = f"/api/v1/children/{child_team.child.id}/timeline"

    def read(headers):
        answer = client.get(path, headers=headers)
        assert answer.status_code == 200
        assert answer.mimetype == "application/json"
        return answer.get_json()

    return read


def test_the_apis_timeline_read_again_reads_none_of_its_records(api_read, bearer, an_update, count_queries):
    parents = bearer("parent")
    first = api_read(parents)
    with count_queries() as queries:
        again = api_read(parents)
    assert again == first
    assert [entry["id"] for entry in again["entries"]] == [an_update.id]
    assert not [query for query in queries if "timeline_entries" in query]


def test_the_apis_timeline_read_shows_a_change_and_is_no_one_elses(
    db, api_read, bearer, child_team, an_update, host
):
    parents, therapists = bearer("parent"), bearer("slt")
    api_read(parents)
    timeline.post_entry(db, child_team.senco, child_team.child.id,
                        {"kind": "update", "title": "Bus timetable changed", "visibility": "professionals"}, host=host)
    db.flush()
    assert [entry["title"] for entry in api_read(therapists)["entries"]][0] == "Bus timetable changed"
    assert [entry["title"] for entry in api_read(parents)["entries"]] == ["Read three pages today"]


@pytest.fixture
def read_twice(client, count_queries):
    """A page read, then read again: both as they read, and the statements of the second."""

    def read(path):
        first = client.get(path).get_data(as_text=True)
        with count_queries() as queries:
            again = client.get(path).get_data(as_text=True)
        return first, again, queries

    return read


def test_the_plan_page_read_again_is_kept_until_the_plan_changes(db, client, auth, child_team, plan, read_twice, site):
    from core.plans import content as plans

    path = f"/children/{child_team.child.id}/plan"
    auth.login(child_team.parent)
    first, again, queries = read_twice(path)
    assert without_tokens(again) == without_tokens(first)
    assert not [query for query in queries if "outcomes" in query]
    plans.add_outcome(db, child_team.senco, plan.id, {
        "area": "communication_and_interaction", "text": "Asks for help with two words", "unit": "times a day",
        "baseline_value": 0, "baseline_on": "2026-09-07", "target_value": 5, "target_on": "2027-03-26",
        "owner_id": child_team.senco.id}, site=site)
    db.flush()
    assert "Asks for help with two words" in client.get(path).get_data(as_text=True)


@pytest.fixture
def meetings_page_at(client, auth, child_team, make_meeting, monkeypatch):
    """The parent's meetings page read ``minutes`` and ``seconds`` into a half-hour meeting."""
    from datetime import timedelta

    from webui import meetings as meeting_pages

    starts = at_school(TUESDAY, 10)
    make_meeting(starts, minutes=30)
    auth.login(child_team.parent)

    def read(minutes, seconds):
        monkeypatch.setattr(meeting_pages, "utcnow", lambda: starts + timedelta(minutes=minutes, seconds=seconds))
        return client.get(f"/children/{child_team.child.id}/meetings").get_data(as_text=True)

    return read


def test_the_meetings_page_is_kept_for_the_minute_it_was_rendered_in(meetings_page_at, count_queries):
    first = meetings_page_at(29, 50)
    with count_queries() as queries:
        again = meetings_page_at(29, 55)
    assert without_tokens(again) == without_tokens(first)
    assert not [query for query in queries if "FROM meetings" in query]
    assert "Earlier meetings" not in again
    assert "Earlier meetings" in meetings_page_at(30, 10)


@pytest.fixture
def home_of(app, client, auth, child_team):
    """A SENCO's home page: read with ``afresh``, as a new rendering makes it, nothing kept."""
    auth.login(child_team.senco)

    def read(afresh=False):
        kept = app.extensions["teamaround.kept_pages"]
        if afresh:
            app.extensions["teamaround.kept_pages"] = KeptPages(0)
        try:
            answer = client.get("/")
        finally:
            app.extensions["teamaround.kept_pages"] = kept
        assert answer.status_code == 200
        return answer.get_data(as_text=True)

    return read


def test_the_home_page_read_again_reads_none_of_its_records_and_is_audited_as_the_first_read_was(
    db, home_of, child_team, an_update, count_queries, make_meeting, site
):
    from datetime import date

    from core.meetings import booking

    meeting = make_meeting(at_school(TUESDAY, 10))
    booking.add_action(db, child_team.senco, meeting.id,
                       {"owner_id": child_team.senco.id, "text": "Send the visual timetable home",
                        "due_on": date(2027, 1, 8).isoformat()}, site=site)
    first = home_of()
    with count_queries() as queries:
        again = home_of()
    assert without_tokens(again) == without_tokens(first)
    assert "Read three pages today" in again  # new to the SENCO
    assert not [query for query in queries if "timeline_entries" in query]
    viewed = db.execute(select(AuditEvent.action, AuditEvent.detail).where(
        AuditEvent.actor_id == child_team.senco.id, AuditEvent.action.like("%.viewed")).order_by(AuditEvent.id)).all()
    children = {"children": [child_team.child.id]}
    first_read = [("dashboard.viewed", children), ("actions.viewed", children), ("caseload.viewed", children)]
    assert viewed == first_read * 2


def test_a_look_at_a_childs_timeline_takes_its_entries_off_the_home_pages_new_ones(
    client, home_of, child_team, an_update, reads_of
):
    before = home_of()
    client.get(f"/children/{child_team.child.id}")
    after = home_of()  # not answered ahead: the last look it was kept under is gone
    assert "Read three pages today" in before and "Read three pages today" not in after
    assert without_tokens(after) == without_tokens(home_of(afresh=True))
    assert len(reads_of(child_team.senco, "dashboard.viewed")) == 3


def test_the_home_page_is_kept_for_the_minute_it_was_rendered_in(
    home_of, child_team, an_update, count_queries, monkeypatch
):
    from datetime import timedelta

    from webui import children as child_pages

    monkeypatch.setattr(child_pages, "utcnow", lambda: at_school(TUESDAY, 10))
    home_of()
    with count_queries() as queries:
        home_of()
    assert not [query for query in queries if "timeline_entries" in query]
    monkeypatch.setattr(child_pages, "utcnow", lambda: at_school(TUESDAY, 10) + timedelta(minutes=1))
    with count_queries() as queries:
        home_of()
    assert [query for query in queries if "timeline_entries" in query]


def test_a_persons_last_look_is_their_newest_look_at_any_childs_timeline(db, client, auth, child_team, an_update):
    from core.messaging.dashboard import last_look

    assert last_look(db, child_team.senco).id is None
    auth.login(child_team.senco)
    client.get(f"/children/{child_team.child.id}")
    client.get("/")
    newest = db.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.actor_id == child_team.senco.id,
                                                               AuditEvent.action == "timeline.viewed"))
    assert newest is not None and last_look(db, child_team.senco).id == newest


@pytest.mark.parametrize("reader", ["parent", "slt"])
def test_the_access_policy_decides_from_tables_that_change_the_data_version_only(db, child_team, reader, count_queries):
    """So a page kept at one data version keeps the access it was rendered with (webui.kept_pages)."""
    from core.access import child_access

    with count_queries() as queries:
        child_access(db, getattr(child_team, reader), child_team.child.id)
    read = {table for query in queries for table in UNWATCHED if re.search(rf"\b{table}\b", query)}
    assert "memberships" in " ".join(queries) and read == set()


def _leave_the_team_in_plain_sql(db, team):
    db.connection().execute(text("UPDATE memberships SET left_at = CURRENT_TIMESTAMP WHERE person_id = :id"),
                            {"id": team.slt.id})


def _withdraw_the_agencys_consent_in_plain_sql(db, team):
    db.connection().execute(text("UPDATE agency_consents SET withdrawn_at = CURRENT_TIMESTAMP WHERE child_id = :id"),
                            {"id": team.child.id})


ENDINGS_OF_ACCESS = pytest.mark.parametrize(
    "access_ends", [_leave_the_team_in_plain_sql, _withdraw_the_agencys_consent_in_plain_sql]
)


@pytest.mark.parametrize(("page", "access_ends"), [
    ("", _leave_the_team_in_plain_sql), ("", _withdraw_the_agencys_consent_in_plain_sql),
    ("/plan", _withdraw_the_agencys_consent_in_plain_sql), ("/meetings", _leave_the_team_in_plain_sql),
])
def test_a_reader_whose_access_ended_is_answered_nothing_kept(
    db, client, auth, child_team, an_update, page, access_ends
):
    path = f"/children/{child_team.child.id}{page}"
    auth.login(child_team.slt)
    assert client.get(path).status_code == client.get(path).status_code == 200
    access_ends(db, child_team)
    assert client.get(path).status_code == 404


@ENDINGS_OF_ACCESS
def test_an_api_reader_whose_access_ended_is_answered_nothing_kept(
    db, client, bearer, child_team, an_update, access_ends
):
    path, therapists = f"/api/v1/children/{child_team.child.id}/timeline", bearer("slt")
    assert client.get(path, headers=therapists).status_code == client.get(path, headers=therapists).status_code == 200
    access_ends(db, child_team)
    assert client.get(path, headers=therapists).status_code == 404


@ENDINGS_OF_ACCESS
def test_a_home_page_kept_no_longer_lists_a_child_whose_access_ended(db, client, auth, child_team, access_ends):
    auth.login(child_team.slt)
    assert child_team.child.full_name in client.get("/").get_data(as_text=True)
    access_ends(db, child_team)
    assert child_team.child.full_name not in client.get("/").get_data(as_text=True)


def test_the_home_page_reads_no_table_whose_writes_leave_the_data_version_as_it_is_but_the_audit_log(
    home_of, child_team, an_update, count_queries
):
    """Its reader's looks at timelines, which the page is also kept under (dashboard.last_look)."""
    home_of()
    with count_queries() as queries:
        home_of(afresh=True)
        home_of()
    read = _unwatched_tables_read(queries)
    assert "timeline_entries" in " ".join(queries)
    assert read == {"audit_events"}


def test_a_page_kept_for_a_minute_gone_is_replaced_not_kept_beside_it():
    pages = KeptPages(100)
    pages.put(7, "home", KeptPage(("x" * 4,), None, 4, also=(1,)))
    assert pages.get(7, "home", (2,)) is None
    pages.put(7, "home", KeptPage(("y" * 4,), None, 4, also=(2,)))
    assert pages.size == 4 and pages.get(7, "home", (2,)).pieces == ("yyyy",)


# Answered ahead: on PostgreSQL a page read again is audited with the session, in one statement.


@pytest.fixture
def reads_of(db):
    """The details of ``action``'s events by ``reader``, oldest first."""

    def read(reader, action="timeline.viewed"):
        return db.scalars(select(AuditEvent.detail).where(AuditEvent.action == action, AuditEvent.actor_id == reader.id)
                          .order_by(AuditEvent.id)).all()

    return read


@pytest.mark.parametrize("page", ["", "/plan", "/meetings"])
def test_a_page_read_again_on_postgresql_is_one_statement_which_audits_the_read(
    db, auth, child_team, plan, page, read_twice
):
    auth.login(child_team.parent)
    first, again, queries = read_twice(f"/children/{child_team.child.id}{page}")
    assert without_tokens(again) == without_tokens(first)
    # The session with the data version, and on SQLite, where a statement costs no round trip, the event.
    assert len(queries) == (1 if db.get_bind().dialect.name == "postgresql" else 2)


def test_the_home_page_read_again_on_postgresql_is_one_statement_which_audits_the_read(
    db, home_of, child_team, an_update, count_queries, reads_of
):
    first = home_of()
    with count_queries() as queries:
        again = home_of()
    assert without_tokens(again) == without_tokens(first)
    # On SQLite the session, which reads whether the reader's last look is still the page's, and the events.
    assert len(queries) == (1 if db.get_bind().dialect.name == "postgresql" else 2)
    assert len(reads_of(child_team.senco, "dashboard.viewed")) == 2


def test_every_read_is_audited_once_however_it_is_answered(db, client, auth, child_team, an_update, reads_of):
    from core.records.audit import verify_chain

    path = f"/children/{child_team.child.id}"
    auth.login(child_team.parent)
    client.get(path)  # rendered
    client.get(path)  # answered again, ahead on PostgreSQL
    client.get(path, headers={"Accept-Language": "pl"})  # another key: rendered
    client.post(f"{path}/entries", data={"kind": "home_observation", "title": "Slept well"})
    shown_with_a_message = client.get(path).get_data(as_text=True)  # the message flashed: rendered
    client.get(path)  # rendered: the page shown with the message was not kept
    client.get(path)  # answered again
    assert "Your entry is on the timeline." in shown_with_a_message
    entries = [detail["entries"] for detail in reads_of(child_team.parent)]
    assert entries[:3] == [[an_update.id]] * 3
    assert len(entries) == 6 and entries[3] == entries[4] == entries[5] and len(entries[3]) == 2
    assert list(verify_chain(db)) == []


def test_a_session_ended_elsewhere_has_its_page_read_again_audited_no_more(db, client, auth, child_team, an_update,
                                                                          reads_of):
    from core.models import LoginSession

    path = f"/children/{child_team.child.id}"
    auth.login(child_team.parent)
    client.get(path)
    client.get(path)
    db.execute(update(LoginSession).values(ended_at=func.now()))  # logged out on another device, say
    assert client.get(path).status_code == 302
    assert len(reads_of(child_team.parent)) == 2


def test_a_meetings_page_of_a_minute_gone_is_rendered_and_its_read_audited_once(
    meetings_page_at, child_team, reads_of
):
    meetings_page_at(29, 50)
    meetings_page_at(29, 55)  # answered again, ahead on PostgreSQL
    assert "Earlier meetings" in meetings_page_at(30, 10)
    assert len(reads_of(child_team.parent, "meetings.viewed")) == 3


def test_a_page_answered_to_a_session_is_forgotten_with_the_data_version():
    pages = KeptPages(budget=10)
    pages.put(7, "a", KeptPage(("x" * 4,), None, 4, also_now=tuple))
    pages.answered(7, "session at a", "a")
    assert pages.ahead("session at a") == (7, "a", pages.get(7, "a"))
    pages.get(8, "b")
    assert pages.ahead("session at a") is None


def test_the_apis_read_again_on_postgresql_is_one_statement_which_audits_the_read(
    db, api_read, bearer, child_team, an_update, count_queries, reads_of
):
    parents = bearer("parent")
    api_read(parents)
    with count_queries() as queries:
        api_read(parents)
    assert len(queries) == (1 if db.get_bind().dialect.name == "postgresql" else 2)
    assert reads_of(child_team.parent) == [{"entries": [an_update.id]}] * 2

