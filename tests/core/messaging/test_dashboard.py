"""What needs a person's attention: unseen entries, waiting families, the next meetings."""

from datetime import timedelta

from sqlalchemy import select

from core.messaging import dashboard
from core.models import AuditEvent
from core.timeline import entries as timeline
from core.types import utcnow


def board(db, person):
    return dashboard.dashboard(db, person, utcnow(), "Europe/London")


def ids(listed):
    """What a list of the board shows, by id (the lists are rows, not the records)."""
    return [record.id for record in listed]


def test_entries_not_yet_acknowledged_are_listed_until_they_are(db, child_team, host):
    entry = timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host
    )
    assert ids(board(db, child_team.parent).unacknowledged) == [entry.id]
    timeline.acknowledge(db, child_team.parent, entry.id)
    assert board(db, child_team.parent).unacknowledged == []


def test_the_unseen_list_keeps_to_what_the_person_may_read(db, child_team, host):
    timeline.post_entry(
        db,
        child_team.slt,
        child_team.child.id,
        {"kind": "update", "title": "agency only", "visibility": "agency"},
        host=host,
    )
    assert board(db, child_team.teacher).unacknowledged == []
    assert board(db, child_team.parent).unacknowledged == []


def test_a_parents_message_waits_on_the_leads_list_until_the_school_acknowledges_it(db, child_team, host):
    message = timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "message", "title": "Can we talk?"}, host=host
    )
    assert ids(board(db, child_team.senco).unanswered_messages) == [message.id]
    assert board(db, child_team.teacher).unanswered_messages == []
    timeline.acknowledge(db, child_team.teacher, message.id)
    assert board(db, child_team.senco).unanswered_messages == []


def test_a_listed_entry_reads_its_title_and_its_authors_name(db, child_team, host):
    timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "message", "title": "Can we talk?"}, host=host
    )
    (listed,) = board(db, child_team.senco).unacknowledged
    assert (listed.title, listed.author_name) == ("Can we talk?", child_team.parent.full_name)


def a_week_of_meetings(make_meeting):
    """Meetings on a Friday and on the Tuesday after, and the Saturday between, 09:00 UTC."""
    monday = (utcnow() + timedelta(days=7 - utcnow().weekday() + 7)).replace(hour=9, minute=0, second=0, microsecond=0)
    friday, saturday, tuesday = (monday + timedelta(days=n) for n in (4, 5, 8))
    return make_meeting(friday), saturday, make_meeting(tuesday)


def test_on_a_saturday_the_next_meetings_include_next_tuesdays_and_not_yesterdays(db, child_team, make_meeting):
    _, saturday, tuesday = a_week_of_meetings(make_meeting)
    assert ids(dashboard.dashboard(db, child_team.parent, saturday, "Europe/London").next_meetings) == [tuesday.id]
    assert dashboard.dashboard(db, child_team.teacher, saturday, "Europe/London").next_meetings == []


def test_each_reader_of_a_kind_is_listed_the_meetings_they_are_asked_to(db, child_team, make_meeting):
    meeting = make_meeting(utcnow() + timedelta(days=3), attendees=[{"person_id": child_team.teacher.id}])
    assert ids(board(db, child_team.teacher).next_meetings) == [meeting.id]
    assert board(db, child_team.outsider).next_meetings == []


def test_each_reader_of_a_kind_is_listed_their_own_children(db, child_team):
    assert [child.full_name for child in board(db, child_team.parent).children] == [child_team.child.full_name]
    assert [child.full_name for child in board(db, child_team.other_parent).children] == ["Leo Brennan"]


def test_the_next_meetings_are_the_soonest_few(db, child_team, make_meeting):
    soon = (utcnow() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    booked = [make_meeting(soon + timedelta(days=days)) for days in range(dashboard.NEXT_MEETINGS + 1)]
    assert ids(dashboard.dashboard(db, child_team.parent, utcnow(), "Europe/London").next_meetings) == [
        meeting.id for meeting in booked[:-1]
    ]


def test_the_lead_sees_a_review_due_within_four_weeks_and_no_later_one(db, child_team, site):
    from core.plans import content as plans
    from core.plans import reviews

    plan = plans.create_plan(db, child_team.senco, child_team.child.id, site=site)
    soon = (utcnow() + timedelta(days=20)).date()
    review = reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": soon.isoformat()}, site=site)
    assert [due.id for due in board(db, child_team.senco).reviews_due] == [review.id]
    assert board(db, child_team.teacher).reviews_due == []
    reviews.schedule_review(
        db, child_team.senco, plan.id, {"due_on": (soon + timedelta(days=30)).isoformat()}, site=site
    )
    assert board(db, child_team.senco).reviews_due == []


def test_each_reader_of_a_kind_is_listed_the_entries_new_to_them(db, child_team, host):
    entry = timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host
    )
    assert ids(board(db, child_team.senco).unacknowledged) == [entry.id]
    assert board(db, child_team.teacher).unacknowledged == []  # their own entry


def test_an_entry_leaves_the_new_list_once_the_person_has_looked_at_the_childs_timeline(db, child_team, host):
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host)
    timeline.read_timeline(db, child_team.parent, child_team.child.id)
    assert board(db, child_team.parent).unacknowledged == []


def test_an_entry_posted_after_the_person_last_looked_is_new(db, child_team, host):
    timeline.read_timeline(db, child_team.parent, child_team.child.id)
    later = timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host
    )
    assert ids(board(db, child_team.parent).unacknowledged) == [later.id]


def test_someone_elses_look_at_the_timeline_leaves_the_entry_new_for_the_person(db, child_team, host):
    entry = timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host
    )
    timeline.read_timeline(db, child_team.senco, child_team.child.id)
    assert ids(board(db, child_team.parent).unacknowledged) == [entry.id]


def test_looking_at_the_timeline_does_not_acknowledge_the_entry(db, child_team, host):
    entry = timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host
    )
    timeline.read_timeline(db, child_team.parent, child_team.child.id)
    assert entry.acknowledgements == []


def send(db, host, child_team, person, title, **values):
    return timeline.post_entry(
        db, person, child_team.child.id, {"kind": "message", "title": title, **values}, host=host
    )


def test_a_parents_message_stops_waiting_once_someone_in_the_school_replies(db, child_team, host):
    message = send(db, host, child_team, child_team.parent, "Can we talk?")
    send(db, host, child_team, child_team.teacher, "Of course: Tuesday?", reply_to=message.id)
    assert board(db, child_team.senco).unanswered_messages == []


def test_a_parents_follow_up_in_the_thread_does_not_count_as_a_reply(db, child_team, host):
    message = send(db, host, child_team, child_team.parent, "Can we talk?")
    send(db, host, child_team, child_team.parent, "It is about the trip.", reply_to=message.id)
    assert message.id in ids(board(db, child_team.senco).unanswered_messages)


def test_a_second_parents_acknowledgement_leaves_a_familys_message_waiting(db, child_team, host, make_person):
    from core.people import team

    other_parent = make_person("parent", name="Sam Okafor")
    team.add_member(db, child_team.senco, child_team.child.id, {"person_id": other_parent.id, "role": "parent"})
    message = send(db, host, child_team, child_team.parent, "Can we talk?")
    timeline.acknowledge(db, other_parent, message.id)
    assert ids(board(db, child_team.senco).unanswered_messages) == [message.id]


def test_a_message_from_the_school_does_not_wait_for_the_school(db, child_team, host):
    send(db, host, child_team, child_team.teacher, "Trip on Friday")
    assert board(db, child_team.senco).unanswered_messages == []


def test_a_reply_from_a_professional_of_the_team_answers_a_familys_message(db, child_team, host):
    message = send(db, host, child_team, child_team.parent, "Can we talk?")
    send(db, host, child_team, child_team.slt, "I can call on Monday.", reply_to=message.id)
    assert board(db, child_team.senco).unanswered_messages == []


def test_looking_at_the_dashboard_is_audited_naming_the_children_shown(db, child_team):
    board(db, child_team.parent)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "dashboard.viewed"))
    assert (event.actor_id, event.detail) == (child_team.parent.id, {"children": [child_team.child.id]})
