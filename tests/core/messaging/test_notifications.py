"""Notifications: who is told what, how, and never about what they may not read."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from dates import TUESDAY as MEETING_DAY
from dates import at_school, said_day, said_when
from sqlalchemy import select

from core.db import make_session_factory
from core.errors import NotFound
from core.meetings import booking as meetings
from core.meetings import report_requests as reports
from core.messaging import notifications, reminders
from core.messaging.outbox import deliver_due
from core.models import Delivery, Notification, NotificationKind, OutboxMessage
from core.people import consent, team
from core.plugins import load_plugins
from core.site import Site
from core.timeline import entries as timeline

TUESDAY = at_school(MEETING_DAY, 10)
# Tuesday's meeting agrees an action due a week later; an annual review four weeks later asks
# for reports two weeks before it.
ACTION_DUE = MEETING_DAY + timedelta(weeks=1)
ANNUAL_REVIEW = at_school(MEETING_DAY + timedelta(weeks=4), 10)
REPORT_DUE = ANNUAL_REVIEW.date() - timedelta(weeks=2)
ZONE = "Europe/London"


def morning(day, days_later=0):
    """09:00 at school, ``days_later`` days after ``day`` (before it, when negative)."""
    return at_school(day + timedelta(days=days_later), 9)


def notes_for(db, person):
    return db.scalars(select(Notification).where(Notification.recipient_id == person.id)).all()


def reminders_for(db, person, about=""):
    """The person's reminders whose key starts with ``about``: "action", "report", "tomorrow"."""
    return [n for n in notes_for(db, person) if n.kind is NotificationKind.REMINDER and n.key.startswith(about)]


def post(db, host, author, child_team, **data):
    return timeline.post_entry(db, author, child_team.child.id, {"kind": "update", "title": "News", **data}, host=host)


def tomorrow_evening():
    """After the digest hour on a day after every notification the test makes."""
    return datetime.combine(datetime.now(UTC).date() + timedelta(days=1), datetime.min.time(), UTC).replace(hour=18)


@pytest.fixture
def mail(db, connection, site, smtp_server):
    """``mail(now)``: turn due notifications into e-mail, as ``teamaround outbox run`` does, and
    send the outbox to a real SMTP server; returns ``to(person)``, the messages it holds for them."""
    url, sink = smtp_server

    def run(now=TUESDAY):
        notifications.queue_emails(db, now, site)
        db.flush()
        deliver_due(make_session_factory(connection), url)
        db.expire_all()
        return lambda person: [message for message in sink.messages if message["To"] == person.email]

    return run


@pytest.fixture
def action_for_slt(db, child_team, make_meeting, site):
    """An action for the therapist, agreed at Tuesday's meeting, due a week later."""
    meeting = make_meeting(TUESDAY)
    return meetings.add_action(
        db,
        child_team.senco,
        meeting.id,
        {"owner_id": child_team.slt.id, "text": "Send the report", "due_on": ACTION_DUE.isoformat()},
        site=site,
    )


@pytest.fixture
def annual_review(make_meeting):
    return make_meeting(ANNUAL_REVIEW, purpose="ehcp_annual_review")


@pytest.fixture
def report_request(db, child_team, site, annual_review):
    """The therapist's report asked for the annual review: due two weeks before it."""
    [request] = reports.request_reports(db, child_team.senco, annual_review.id, [child_team.slt.id], site=site)
    return request


def leaves_the_team(db, child_team, person):
    team.remove_member(db, child_team.senco, child_team.child.id, person.id)


def loses_consent(db, child_team, person):
    consent.withdraw_consent(db, child_team.senco, child_team.child.id, person.agency, site=Site(host=load_plugins()))


def is_deactivated(db, child_team, person):
    person.active = False
    db.flush()


losing_access = pytest.mark.parametrize(
    "lose_access",
    [leaves_the_team, loses_consent, is_deactivated],
    ids=["left the team", "consent withdrawn", "deactivated"],
)


def test_a_new_entry_notifies_everyone_who_may_read_it_but_its_author(db, child_team, host):
    post(db, host, child_team.teacher, child_team)
    told = {n.recipient_id for n in db.scalars(select(Notification))}
    assert told == {child_team.senco.id, child_team.parent.id, child_team.slt.id}


@pytest.mark.parametrize("visibility,not_told", [("professionals", "parent"), ("agency", "teacher")])
def test_no_one_is_told_of_an_entry_they_may_not_read(db, child_team, host, visibility, not_told):
    post(db, host, child_team.slt, child_team, visibility=visibility, title="Private")
    assert notes_for(db, getattr(child_team, not_told)) == []
    assert notes_for(db, child_team.ot_without_consent) == []


def test_a_notification_names_the_child_who_and_what_with_its_first_line_and_link(db, child_team, host):
    entry = post(db, host, child_team.teacher, child_team, title="Great week in phonics")
    [note] = notes_for(db, child_team.parent)
    assert note.headline == f"{child_team.teacher.full_name} posted an update about Amara"
    assert note.first_line == "Great week in phonics"
    assert note.link == f"/children/{child_team.child.id}#entry-{entry.id}"


def test_an_assessment_is_announced_without_its_content(db, child_team, host):
    example = host.assessment_types["speech_language.therapy_targets"].example
    timeline.post_assessment(
        db,
        child_team.slt,
        child_team.child.id,
        {"assessment_type": "speech_language.therapy_targets", "payload": dict(example), "visibility": "team"},
        host=host,
    )
    [note] = notes_for(db, child_team.parent)
    assert note.headline.endswith("posted an assessment about Amara") and note.first_line == ""


def test_a_reply_is_a_reply_notification_in_the_same_thread(db, child_team, host):
    question = timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "message", "title": "Can we talk?"}, host=host
    )
    answer = timeline.post_entry(
        db,
        child_team.senco,
        child_team.child.id,
        {"kind": "message", "title": "Yes, Tuesday?", "reply_to": question.id},
        host=host,
    )
    assert answer.reply_to_id == question.id and answer.visibility == question.visibility
    [note] = [n for n in notes_for(db, child_team.parent) if n.key == f"entry:{answer.id}"]
    assert note.kind is NotificationKind.REPLY


def test_the_sender_sees_who_has_read_their_message_and_who_not_yet(db, child_team, host):
    message = timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "message", "title": "Hello"}, host=host
    )
    timeline.acknowledge(db, child_team.senco, message.id)
    receipts = timeline.read_receipts(db, child_team.parent, message.id)
    assert [ack.person for ack in receipts.read] == [child_team.senco]
    assert set(receipts.not_yet) == {child_team.teacher, child_team.slt}


def test_by_default_people_who_prefer_email_get_it_at_once_and_others_in_app_only(db, child_team):
    child_team.teacher.preferred_contact = "text"
    assert notifications.delivery_for(db, child_team.parent, NotificationKind.MESSAGE) is Delivery.IMMEDIATELY
    assert notifications.delivery_for(db, child_team.teacher, NotificationKind.MESSAGE) is Delivery.NOT_AT_ALL


def test_a_person_chooses_per_kind(db, child_team, host, site):
    notifications.set_preferences(db, child_team.parent, {"new_entry": "daily_digest", "meeting": "not_at_all"})
    post(db, host, child_team.teacher, child_team)
    [note] = notes_for(db, child_team.parent)
    assert note.delivery is Delivery.DAILY_DIGEST


def test_immediate_notifications_are_mailed_once(db, child_team, host, site):
    post(db, host, child_team.teacher, child_team)
    notifications.queue_emails(db, TUESDAY, site)
    notifications.queue_emails(db, TUESDAY, site)
    mailed = db.scalars(select(OutboxMessage.to_address)).all()
    assert sorted(mailed) == sorted([child_team.senco.email, child_team.parent.email, child_team.slt.email])


def test_a_daily_digest_gathers_the_days_notifications_after_school(db, child_team, host, site):
    notifications.set_preferences(db, child_team.parent, {"new_entry": "daily_digest"})
    post(db, host, child_team.teacher, child_team, title="One")
    post(db, host, child_team.teacher, child_team, title="Two")
    today = datetime.now(UTC).date()
    morning = datetime.combine(today, datetime.min.time(), UTC).replace(hour=9) + timedelta(days=1)
    evening = morning.replace(hour=18)
    notifications.queue_emails(db, morning, site)
    assert db.scalars(select(OutboxMessage).where(OutboxMessage.to_address == child_team.parent.email)).all() == []
    notifications.queue_emails(db, evening, site)
    [digest] = db.scalars(select(OutboxMessage).where(OutboxMessage.to_address == child_team.parent.email)).all()
    assert '"One"' in digest.text_body and '"Two"' in digest.text_body and "2 new" in digest.subject


def test_notifications_reach_a_real_mail_server(db, child_team, host, mail):
    post(db, host, child_team.teacher, child_team, title="Trip to the farm")
    [to_parent] = mail()(child_team.parent)
    body = to_parent.get_body(("plain",)).get_content()
    assert to_parent["Subject"] == f"{child_team.teacher.full_name} posted an update about Amara"
    assert '"Trip to the farm"' in body and "https://school.example/children/" in body


def test_an_unanswered_invite_is_chased_after_three_days_once(db, child_team, make_meeting):
    meeting = make_meeting(datetime.now(UTC) + timedelta(days=10))
    meeting.updated_at = datetime.now(UTC) - timedelta(days=4)
    reminders.queue_due(db, datetime.now(UTC), "Europe/London")
    reminders.queue_due(db, datetime.now(UTC), "Europe/London")
    chased = [n for n in notes_for(db, child_team.parent) if n.key.startswith("answer:")]
    assert len(chased) == 1 and chased[0].headline.startswith("Please say whether you can come")


def test_attendees_are_reminded_the_day_before(db, child_team, make_meeting):
    make_meeting(datetime.now(UTC) + timedelta(hours=20))
    reminders.queue_due(db, datetime.now(UTC), "Europe/London")
    assert any(n.key.startswith("tomorrow:") for n in notes_for(db, child_team.slt))


def test_an_overdue_action_reminds_its_owner_and_the_lead(db, child_team, action_for_slt):
    reminders.queue_due(db, morning(ACTION_DUE, 3), ZONE)
    [to_owner] = reminders_for(db, child_team.slt, "action")
    [to_lead] = reminders_for(db, child_team.senco, "action")
    assert to_owner.headline == f"Your action about Amara was due {said_day(ACTION_DUE)}"
    assert to_lead.headline == f"Owen Davies's action about Amara was due {said_day(ACTION_DUE)}"
    assert to_owner.first_line == to_lead.first_line == "Send the report"


def test_an_action_due_soon_reminds_its_owner_once(db, child_team, action_for_slt):
    reminders.queue_due(db, morning(ACTION_DUE, -2), ZONE)
    reminders.queue_due(db, morning(ACTION_DUE, -1), ZONE)
    [reminder] = reminders_for(db, child_team.slt, "action")
    assert reminder.headline == f"Your action about Amara is due {said_day(ACTION_DUE)}"
    assert reminder.first_line == "Send the report" and reminders_for(db, child_team.senco, "action") == []


def test_an_action_is_not_chased_more_than_two_days_before_it_is_due(db, child_team, action_for_slt):
    reminders.queue_due(db, morning(ACTION_DUE, -3), ZONE)
    assert reminders_for(db, child_team.slt, "action") == []


def test_a_done_action_is_not_chased(db, child_team, action_for_slt):
    meetings.complete_action(db, child_team.slt, action_for_slt.id)
    reminders.queue_due(db, morning(ACTION_DUE, 3), ZONE)
    assert reminders_for(db, child_team.slt, "action") == reminders_for(db, child_team.senco, "action") == []


def test_a_report_due_soon_reminds_whoever_was_asked_once(db, child_team, report_request):
    reminders.queue_due(db, morning(REPORT_DUE, -3), ZONE)
    reminders.queue_due(db, morning(REPORT_DUE, -2), ZONE)
    [reminder] = reminders_for(db, child_team.slt, "report")
    assert reminder.headline == (
        f"Your report for the EHCP annual review about Amara on {said_when(ANNUAL_REVIEW)} "
        f"is due {said_day(REPORT_DUE)}"
    )


def test_a_report_is_not_chased_more_than_three_days_before_it_is_due(db, child_team, report_request):
    reminders.queue_due(db, morning(REPORT_DUE, -4), ZONE)
    assert reminders_for(db, child_team.slt, "report") == []


def test_an_overdue_report_is_chased_again_and_the_lead_is_told(db, child_team, report_request):
    reminders.queue_due(db, morning(REPORT_DUE, -2), ZONE)
    reminders.queue_due(db, morning(REPORT_DUE, 2), ZONE)
    due_soon, overdue = sorted(reminders_for(db, child_team.slt, "report"), key=lambda n: n.id)
    assert due_soon.key.startswith("report:") and overdue.key.startswith("report-overdue:")
    assert overdue.headline.endswith(f"was due {said_day(REPORT_DUE)}")
    [to_lead] = reminders_for(db, child_team.senco, "report")
    assert to_lead.headline.startswith("Owen Davies's report for the EHCP annual review about Amara")
    assert to_lead.headline.endswith(f"was due {said_day(REPORT_DUE)} and has not come")


def test_a_sent_report_is_not_chased(db, child_team, host, report_request):
    entry = post(db, host, child_team.slt, child_team, kind="document", title="SLT report")
    reports.send_report(db, child_team.slt, report_request.id, entry.id)
    reminders.queue_due(db, morning(REPORT_DUE, 2), ZONE)
    assert reminders_for(db, child_team.slt, "report") == reminders_for(db, child_team.senco, "report") == []


def test_no_report_is_chased_for_a_cancelled_review(db, child_team, site, annual_review, report_request):
    meetings.cancel(db, child_team.senco, annual_review.id, site=site)
    reminders.queue_due(db, morning(REPORT_DUE, 2), ZONE)
    assert reminders_for(db, child_team.slt, "report") == reminders_for(db, child_team.senco, "report") == []


@losing_access
def test_no_reminder_goes_to_someone_who_may_no_longer_see_the_child(db, child_team, make_meeting, site, lose_access):
    tomorrow = make_meeting(datetime.now(UTC) + timedelta(hours=20))
    meetings.add_action(
        db,
        child_team.senco,
        tomorrow.id,
        {"owner_id": child_team.slt.id, "text": "Bring notes", "due_on": date.today().isoformat()},
        site=site,
    )
    reports.request_reports(db, child_team.senco, tomorrow.id, [child_team.slt.id], site=site, due_on=date.today())
    lose_access(db, child_team, child_team.slt)
    reminders.queue_due(db, datetime.now(UTC), ZONE)
    assert reminders_for(db, child_team.slt) == []
    assert len(reminders_for(db, child_team.parent, "tomorrow")) == 1


@losing_access
def test_an_email_queued_before_someone_lost_access_is_not_sent(db, child_team, host, site, mail, lose_access):
    post(db, host, child_team.teacher, child_team, title="Trip to the farm")
    notifications.queue_emails(db, TUESDAY, site)
    lose_access(db, child_team, child_team.slt)
    to = mail()
    assert to(child_team.slt) == []
    assert ["Trip to the farm" in message.get_body().get_content() for message in to(child_team.parent)].count(
        True
    ) == 1
    assert db.scalars(select(OutboxMessage).where(OutboxMessage.to_address == child_team.slt.email)).all() == []


def test_a_digest_held_back_at_send_time_still_brings_the_news_its_reader_may_read(
    db, child_team, host, site, make_child, mail
):
    zara = make_child(child_team.senco, full_name="Zara Okafor")
    team.add_member(db, child_team.senco, zara.id, {"person_id": child_team.parent.id, "role": "parent"})
    notifications.set_preferences(db, child_team.parent, {"new_entry": "daily_digest"})
    post(db, host, child_team.teacher, child_team, title="Amara read aloud")
    timeline.post_entry(db, child_team.senco, zara.id, {"kind": "update", "title": "Zara's new class"}, host=host)
    notifications.queue_emails(db, tomorrow_evening(), site)
    team.remove_member(db, child_team.senco, zara.id, child_team.parent.id)
    assert mail(tomorrow_evening())(child_team.parent) == []
    [digest] = mail(tomorrow_evening())(child_team.parent)
    body = digest.get_body(("plain",)).get_content()
    assert '"Amara read aloud"' in body and "Zara" not in body and "1 new" in digest["Subject"]


@pytest.mark.parametrize("lose_access", [leaves_the_team, loses_consent], ids=["left the team", "consent withdrawn"])
def test_a_notification_about_a_child_someone_may_no_longer_see_leaves_their_list(db, child_team, host, lose_access):
    post(db, host, child_team.teacher, child_team)
    [note] = notifications.recent(db, child_team.slt)
    lose_access(db, child_team, child_team.slt)
    assert notifications.recent(db, child_team.slt) == [] and notifications.unread_count(db, child_team.slt) == 0
    with pytest.raises(NotFound):
        notifications.open_notification(db, child_team.slt, note.id)


def invites(messages):
    """The invites among ``messages``, each as (the calendar part's method parameter, its calendar)."""
    parts = [p for message in messages for p in message.walk() if p.get_content_type() == "text/calendar"]
    return [(part.get_param("method"), icalendar.Calendar.from_ical(part.get_content())) for part in parts]


def test_a_changed_meeting_is_mailed_as_the_same_invite_one_version_on(db, child_team, make_meeting, site, mail):
    meeting = make_meeting(TUESDAY)
    later = TUESDAY + timedelta(hours=2)
    mail()
    meetings.change(
        db,
        child_team.senco,
        meeting.id,
        {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()},
        expected_version=meeting.version,
        site=site,
    )
    to = mail()
    (_, before), (method, after) = invites(to(child_team.parent))
    event_before, event_after = before.walk("VEVENT")[0], after.walk("VEVENT")[0]
    assert method == after["method"] == "REQUEST"
    assert any(message["Subject"].strip().startswith("Changed:") for message in to(child_team.parent))
    assert event_after["uid"] == event_before["uid"] and event_after["sequence"] == event_before["sequence"] + 1
    assert event_after["dtstart"].dt == later


def test_a_cancelled_meeting_is_mailed_as_method_cancel_of_the_same_invite(db, child_team, make_meeting, site, mail):
    meeting = make_meeting(TUESDAY)
    mail()
    meetings.cancel(db, child_team.senco, meeting.id, site=site)
    to = mail()
    (_, before), (method, after) = invites(to(child_team.parent))
    event_before, event_after = before.walk("VEVENT")[0], after.walk("VEVENT")[0]
    assert method == after["method"] == "CANCEL"
    assert any(message["Subject"].strip().startswith("Cancelled:") for message in to(child_team.parent))
    assert event_after["uid"] == event_before["uid"] and event_after["sequence"] > event_before["sequence"]
    assert event_after["status"] == "CANCELLED"


def test_an_overdue_action_reaches_its_owner_and_the_lead_by_mail(db, child_team, action_for_slt, mail):
    reminders.queue_due(db, morning(ACTION_DUE, 3), ZONE)
    to = mail()
    [to_owner] = [m for m in to(child_team.slt) if "was due" in m["Subject"]]
    [to_lead] = [m for m in to(child_team.senco) if "was due" in m["Subject"]]
    assert to_owner["Subject"] == f"Your action about Amara was due {said_day(ACTION_DUE)}"
    assert to_lead["Subject"] == f"Owen Davies's action about Amara was due {said_day(ACTION_DUE)}"
    assert '"Send the report"' in to_owner.get_body(("plain",)).get_content()


def test_a_daily_digest_reaches_the_mail_server_naming_the_child_who_and_what_for_each_item(
    db, child_team, host, make_child, mail
):
    zara = make_child(child_team.senco, full_name="Zara Okafor")
    team.add_member(db, child_team.senco, zara.id, {"person_id": child_team.parent.id, "role": "parent"})
    notifications.set_preferences(db, child_team.parent, {"new_entry": "daily_digest", "message": "daily_digest"})
    post(db, host, child_team.teacher, child_team, title="Amara read aloud")
    timeline.post_entry(db, child_team.senco, zara.id, {"kind": "message", "title": "Zara's new class"}, host=host)
    assert mail()(child_team.parent) == []  # before the digest hour
    [digest] = mail(tomorrow_evening())(child_team.parent)
    body = digest.get_body(("plain",)).get_content()
    assert digest["Subject"] == "Teamaround: 2 new for you today"
    assert "Daniel Hughes posted an update about Amara." in body and '"Amara read aloud"' in body
    assert "Priya Shah posted a message about Zara." in body and '"Zara\'s new class"' in body


def test_someone_who_chose_not_at_all_for_a_kind_gets_no_mail_of_it(db, child_team, host, mail):
    notifications.set_preferences(db, child_team.parent, {"new_entry": "not_at_all"})
    post(db, host, child_team.teacher, child_team, title="Trip to the farm")
    to = mail(tomorrow_evening())
    assert to(child_team.parent) == [] and len(to(child_team.senco)) == 1


@pytest.mark.parametrize("visibility", ["agency", "professionals"])
def test_no_mail_carries_an_entry_to_someone_who_may_not_read_it(db, child_team, host, mail, visibility):
    post(db, host, child_team.slt, child_team, visibility=visibility, title="Private words")
    to = mail(tomorrow_evening())
    assert to(child_team.parent) == [] and to(child_team.ot_without_consent) == []
    if visibility == "agency":
        assert to(child_team.teacher) == to(child_team.senco) == []


def test_reports_for_an_annual_review_are_due_two_weeks_before_and_the_lead_sees_who_sent(
    db, child_team, make_meeting, site, host
):
    meeting = make_meeting(TUESDAY, purpose="ehcp_annual_review")
    [request] = reports.request_reports(db, child_team.senco, meeting.id, [child_team.slt.id], site=site)
    assert request.due_on == MEETING_DAY - timedelta(weeks=2)
    assert any(n.kind is NotificationKind.ACTION for n in notes_for(db, child_team.slt))
    entry = post(db, host, child_team.slt, child_team, kind="document", title="SLT report")
    reports.send_report(db, child_team.slt, request.id, entry.id)
    [state] = reports.status(db, child_team.senco, meeting.id, MEETING_DAY - timedelta(days=10))
    assert state.request.received_at is not None and not state.overdue


def _entry(kind):
    def make(db, child_team, host, site, make_meeting):
        author = child_team.parent if kind == "message" else child_team.teacher
        timeline.post_entry(db, author, child_team.child.id, {"kind": kind, "title": f"A {kind}"}, host=host)
        return child_team.senco

    return make


def _reply(db, child_team, host, site, make_meeting):
    question = timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "message", "title": "Question"}, host=host
    )
    timeline.post_entry(
        db,
        child_team.senco,
        child_team.child.id,
        {"kind": "message", "title": "Answer", "reply_to": question.id},
        host=host,
    )
    return child_team.parent


def _plan_change(db, child_team, host, site, make_meeting):
    from core.access import child_access
    from core.models import EntryKind

    timeline.record_system_entry(
        db,
        child_access(db, child_team.senco, child_team.child.id),
        site=site,
        kind=EntryKind.PLAN_CHANGE,
        title="New target added",
    )
    return child_team.parent


def _meeting(db, child_team, host, site, make_meeting):
    make_meeting(TUESDAY)
    return child_team.parent


def _action(db, child_team, host, site, make_meeting):
    meeting = make_meeting(TUESDAY)
    meetings.add_action(
        db,
        child_team.senco,
        meeting.id,
        {"owner_id": child_team.slt.id, "text": "Send report", "due_on": ACTION_DUE.isoformat()},
        site=site,
    )
    return child_team.slt


def _reminder(db, child_team, host, site, make_meeting):
    make_meeting(datetime.now(UTC) + timedelta(hours=20))
    reminders.queue_due(db, datetime.now(UTC), "Europe/London")
    return child_team.slt


@pytest.mark.parametrize(
    "event,kind",
    [
        (_entry("update"), NotificationKind.NEW_ENTRY),
        (_entry("message"), NotificationKind.MESSAGE),
        (_reply, NotificationKind.REPLY),
        (_plan_change, NotificationKind.PLAN_CHANGE),
        (_meeting, NotificationKind.MEETING),
        (_action, NotificationKind.ACTION),
        (_reminder, NotificationKind.REMINDER),
    ],
    ids=["new entry", "message", "reply", "plan change", "meeting", "action", "reminder"],
)
def test_every_kind_of_notification_reaches_a_real_mail_server(
    db, child_team, host, site, make_meeting, mail, event, kind
):
    recipient = event(db, child_team, host, site, make_meeting)
    expected = db.scalars(
        select(Notification).where(Notification.recipient_id == recipient.id, Notification.kind == kind)
    ).first()
    assert expected is not None
    assert expected.headline in [message["Subject"] for message in mail()(recipient)]


def test_a_time_named_by_a_system_entry_reads_in_the_schools_zone_in_its_notification(db, child_team, site):
    from zoneinfo import ZoneInfo

    from core.access import child_access
    from core.models import EntryKind
    from core.wording import Wording, when

    summer = datetime(2027, 6, 15, 10, 0, tzinfo=ZoneInfo(ZONE))  # 09:00 UTC
    timeline.record_system_entry(
        db, child_access(db, child_team.senco, child_team.child.id), site=site, kind=EntryKind.MEETING,
        title=Wording("Moved to %(when)s", {"when": when(summer)}),
    )
    [note] = notes_for(db, child_team.parent)
    assert note.first_line == f"Moved to {said_when(summer)}"
