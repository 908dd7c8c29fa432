"""The home page's caseload: a row per child saying what needs the person, found and ordered."""

from datetime import timedelta

import pytest

from core.cases import ehc, referrals
from core.meetings import booking, report_requests
from core.people import accounts, team
from core.plans import content as plans
from core.plans import reviews
from core.timeline import entries as timeline
from core.types import utcnow


@pytest.fixture
def give_child(db, child_team, make_child, site, host):
    """A child of the SENCO's with a review due in ``review_in`` days, a meeting in ten days whose
    report the class teacher owes, and an entry of the teacher's the SENCO has not seen."""
    senco, teacher = child_team.senco, child_team.teacher

    def give(full_name, review_in=3, **values):
        child = make_child(senco, full_name=full_name, **values)
        team.add_member(db, senco, child.id, {"person_id": teacher.id, "role": "class_teacher"})
        plan = plans.create_plan(db, senco, child.id, site=site)
        due_on = (utcnow() + timedelta(days=review_in)).date().isoformat()
        reviews.schedule_review(db, senco, plan.id, {"due_on": due_on}, site=site)
        starts = (utcnow() + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
        meeting = booking.schedule(
            db,
            senco,
            child.id,
            {
                "purpose": "tac_meeting",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=1)).isoformat(),
                "attendees": [{"person_id": teacher.id, "required": True}],
            },
            site=site,
        )
        report_requests.request_reports(db, senco, meeting.id, [teacher.id], site=site)
        timeline.post_entry(db, teacher, child.id, {"kind": "update", "title": "Read aloud"}, host=host)
        return child

    return give


def home(client, **query):
    response = client.get("/", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_childs_row_says_what_needs_the_senco_and_when(client, auth, child_team, give_child):
    give_child("Ben Carter", review_in=3, year_group="Year 4")
    auth.login(child_team.senco)
    page = home(client)
    row = page[page.index("Ben Carter") : page.index("</tr>", page.index("Ben Carter"))]
    assert "Plan review</a> · due " in row
    assert "1 report awaited · due " in row
    assert "1 new entry</a>" in row
    assert "Team around the child meeting</a>" in row
    assert "Year 4" in row


def test_a_rows_typed_name_and_year_group_show_as_text(client, auth, child_team, give_child):
    give_child("<b>Ben</b> & Carter", year_group="<i>Nursery</i>")
    auth.login(child_team.senco)
    page = home(client)
    assert "&lt;b&gt;Ben&lt;/b&gt; &amp; Carter</a>" in page and "<b>Ben</b>" not in page
    assert "&lt;i&gt;Nursery&lt;/i&gt; · " in page and "<i>Nursery</i>" not in page


def test_a_row_reads_in_the_readers_language(client, auth, db, child_team, give_child):
    give_child("Ben Carter", review_in=3)
    accounts.update_preferences(db, child_team.senco, {"language": "pl"})
    auth.login(child_team.senco)
    page = home(client)
    row = page[page.index("Ben Carter") : page.index("</tr>", page.index("Ben Carter"))]
    assert "Przegląd planu</a> · " in row and "1 nowy wpis</a>" in row
    assert "Plan review" not in row and "new entry" not in row


def test_each_row_shows_its_own_childs_year_group_and_meeting(client, auth, db, child_team, give_child, site):
    give_child("Ben Carter", year_group="Year 4")
    cara = give_child("Cara Diaz", year_group="Year 5")
    starts = (utcnow() + timedelta(days=5)).replace(hour=9, minute=0, second=0, microsecond=0)
    ends = starts + timedelta(hours=1)
    data = {"purpose": "planning", "starts_at": starts.isoformat(), "ends_at": ends.isoformat()}
    booking.schedule(db, child_team.senco, cara.id, data, site=site)
    auth.login(child_team.senco)
    page = home(client)
    ben_row = page[page.index("Ben Carter") : page.index("</tr>", page.index("Ben Carter"))]
    cara_row = page[page.index("Cara Diaz") : page.index("</tr>", page.index("Cara Diaz"))]
    assert "Year 4 · " in ben_row and "Team around the child meeting</a>" in ben_row
    assert "Year 5 · " in cara_row and "Planning meeting</a>" in cara_row


def test_the_row_says_which_ehc_stage_is_due_and_which_referrals_wait(client, auth, db, child_team, site):
    requested_on = (utcnow() - timedelta(days=10)).date().isoformat()
    ehc.open_case(
        db, child_team.senco, child_team.child.id, {"requested_by": "school", "requested_on": requested_on}, site=site
    )
    referrals.refer(
        db,
        child_team.senco,
        child_team.child.id,
        {
            "agency": "health",
            "reason": "Tires quickly.",
            "answers": {"tried": "Rest breaks.", "gp_knows": "Yes."},
            "consent": {"given_by": "Grace Okafor, mother", "given_on": requested_on, "method": "in_person"},
        },
        site=site,
    )
    auth.login(child_team.senco)
    page = home(client)
    child = child_team.child.id
    stage = "The local authority&#39;s decision whether to assess"
    assert f'<a href="/children/{child}/ehc">{stage}</a> (the local authority) · due ' in page
    assert f'<a href="/children/{child}/referrals">1 referral waiting</a> · waiting since ' in page


def test_a_therapist_reads_that_their_agencys_advice_is_asked_for_and_by_when(client, auth, db, child_team, site):
    requested_on = (utcnow() - timedelta(days=10)).date().isoformat()
    case = ehc.open_case(
        db, child_team.senco, child_team.child.id, {"requested_by": "school", "requested_on": requested_on}, site=site
    )
    ehc.request_advice(db, child_team.senco, case.id, {"agency": "speech_language"}, site=site, today=utcnow().date())
    auth.login(child_team.slt)
    assert f'<a href="/children/{child_team.child.id}/ehc">Advice asked of you</a> · due ' in home(client)


def test_the_most_urgent_child_is_the_first_row(client, auth, child_team, give_child):
    give_child("Zara Young", review_in=2)
    give_child("Ben Carter", review_in=20)
    auth.login(child_team.senco)
    page = home(client)
    assert page.index("Zara Young") < page.index("Ben Carter") < page.index("Amara Okafor")
    by_name = home(client, order="name")
    assert by_name.index("Amara Okafor") < by_name.index("Ben Carter") < by_name.index("Zara Young")


def test_searching_by_name_keeps_the_matching_rows_and_what_was_typed(client, auth, child_team, give_child):
    give_child("Ben Carter")
    auth.login(child_team.senco)
    page = home(client, name="carter")
    assert "Ben Carter" in page and "Amara Okafor" not in page
    assert 'value="carter"' in page
    assert "Showing 1 of 2 children" in page


def test_a_filter_that_matches_nobody_says_so(client, auth, child_team):
    auth.login(child_team.senco)
    assert "No child on your caseload matches." in home(client, needs="overdue")


def test_a_filter_the_page_never_offers_is_refused_naming_it(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.get("/", query_string={"order": "shoe size"})
    assert response.status_code == 400
    assert "order" in response.get_data(as_text=True)


def test_a_parents_home_lists_their_children_without_a_caseload(client, auth, child_team):
    auth.login(child_team.parent)
    page = home(client)
    assert child_team.child.full_name in page and "What needs you" not in page


def test_the_home_page_runs_the_same_queries_for_five_children_as_for_sixty(
    app, client, auth, child_team, give_child, count_queries, monkeypatch
):
    from webui.kept_pages import KeptPages

    # Nothing kept, so nothing read again ahead of the page: each read is a rendering.
    monkeypatch.setitem(app.extensions, "teamaround.kept_pages", KeptPages(0))

    def selects():
        with count_queries() as queries:
            home(client)
        # Not the read's audit events, appended by a SELECT of a function on PostgreSQL.
        return [q for q in queries if q.lstrip().upper().startswith("SELECT") and "FROM teamaround_append" not in q]

    for number in range(4):
        give_child(f"Child {number:03}", review_in=number % 20)
    auth.login(child_team.senco)
    few = selects()
    for number in range(4, 59):
        give_child(f"Child {number:03}", review_in=number % 20)
    many = selects()
    assert "Showing 60 of 60 children" in home(client)
    assert len(few) == len(many), "\n\n".join(many)
