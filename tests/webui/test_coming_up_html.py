"""A home page's lists of what is coming up (webui.coming_up_html): each review links to its
child's plan, says by when and whether it is overdue; each meeting links to it, its title's
terms explained, whose it is and when; names and titles as text, in the reader's language."""

from datetime import UTC, date, datetime

from core.meetings.ical import PURPOSE_TITLES
from core.messaging.dashboard import ComingMeeting
from core.models import MeetingPurpose
from core.plans.reviews import ReviewDue

TODAY = date(2026, 3, 10)
# A Monday at 14:00 in London, far enough off to be named by its whole date.
MONDAY = datetime(2027, 1, 4, 14, 0, tzinfo=UTC)
TAC = (MeetingPurpose.TAC_MEETING, PURPOSE_TITLES[MeetingPurpose.TAC_MEETING])  # as booked, titled by its purpose


def reviews(app, due, language="en"):
    with app.test_request_context("/", headers={"Accept-Language": language}):
        return "".join(
            app.jinja_env.from_string("{% for item in review_items(due, today, plan_url) %}{{ item }}{% endfor %}")
            .render(due=due, today=TODAY, plan_url=lambda child_id: f"/children/{child_id}/plan?a=1&b=2")
            .split("\n")
        )


def meetings(app, coming, language="en"):
    with app.test_request_context("/", headers={"Accept-Language": language}):
        return "".join(
            app.jinja_env.from_string("{% for item in meeting_items(coming, meeting_url) %}{{ item }}{% endfor %}")
            .render(coming=coming, meeting_url=lambda meeting_id: f"/meetings/{meeting_id}")
            .split("\n")
        )


def test_a_review_links_to_its_childs_plan_named_as_text(app):
    item = reviews(app, [ReviewDue(1, 7, "<b>Ben</b>", TODAY)])
    assert '<a href="/children/7/plan?a=1&amp;b=2">&lt;b&gt;Ben&lt;/b&gt;\'s plan</a>' in item
    assert "· review by Tuesday 10 March 2026</span>" in item


def test_a_review_due_before_today_is_overdue_and_one_due_today_is_not(app):
    assert reviews(app, [ReviewDue(1, 7, "Ben", date(2026, 3, 9))]).endswith("</span> <strong>Overdue</strong></li>  ")
    assert reviews(app, [ReviewDue(1, 7, "Ben", TODAY)]).endswith("</span></li>  ")


def test_a_meeting_links_to_it_with_its_terms_explained_and_whose_it_is_as_text(app):
    item = meetings(app, [ComingMeeting(5, *TAC, MONDAY, "<i>Ben</i>")])
    assert '<a href="/meetings/5">Team around the child meeting</a> <span class="term">' in item
    assert 'href="/glossary#term-team-around-the-child"' in item
    assert "</span></span> about &lt;i&gt;Ben&lt;/i&gt;" in item
    assert '<span class="meta">· Monday 4 January 2027 at 14:00</span></li>' in item


def test_a_meeting_the_organiser_named_shows_the_name_as_text(app):
    item = meetings(app, [ComingMeeting(5, MeetingPurpose.OTHER, "<b>Catch-up</b>", MONDAY, "Ben")])
    assert '<a href="/meetings/5">&lt;b&gt;Catch-up&lt;/b&gt;</a> about Ben' in item


def test_the_lists_read_in_the_readers_language(app):
    assert "Plan wsparcia: Ben</a>" in reviews(app, [ReviewDue(1, 7, "Ben", date(2026, 3, 9))], "pl")
    assert "<strong>Po terminie</strong>" in reviews(app, [ReviewDue(1, 7, "Ben", date(2026, 3, 9))], "pl")
    assert "w sprawie: Ben" in meetings(app, [ComingMeeting(5, *TAC, MONDAY, "Ben")], "pl")


def test_no_reviews_and_no_meetings_make_no_items(app):
    assert reviews(app, []) == meetings(app, []) == ""
