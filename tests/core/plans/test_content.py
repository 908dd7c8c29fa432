"""The shared plan: SMART outcomes, readings, strategies, provision, and who does what."""

from datetime import date, timedelta

import pytest
from conftest import today
from sqlalchemy import select

from core.access import child_access
from core.db import make_session_factory
from core.errors import Conflict, Forbidden, InvalidInput, NotFound, StaleVersion
from core.models import (
    AuditEvent,
    EntryKind,
    Person,
    PlanStatus,
    TimelineEntry,
    Visibility,
)
from core.plans import content as plans
from core.plans import reviews, versions
from core.plans.progress import OnTrack
from core.schemas import SMART
from core.wording import english


def plan_changes(db):
    return db.scalars(
        select(TimelineEntry).where(TimelineEntry.kind == EntryKind.PLAN_CHANGE).order_by(TimelineEntry.id)
    ).all()


def read(db, child_team, who="senco", on=None):
    return plans.view_plan(db, getattr(child_team, who), child_team.child.id, today=on or today())


# Starting the plan


def test_the_lead_professional_starts_a_plan_from_the_childs_record(db, child_team, site):
    child = child_team.child
    child.needs = {"communication_and_interaction": "Two-step instructions are hard to follow."}
    child.about_me = "I like it when you show me."
    plan = plans.create_plan(db, child_team.senco, child.id, site=site)
    assert (plan.cycle, plan.status, plan.needs, plan.child_views) == (1, PlanStatus.DRAFT, child.needs, child.about_me)


def test_a_child_has_one_current_plan(db, child_team, site, plan):
    with pytest.raises(Conflict):
        plans.create_plan(db, child_team.senco, child_team.child.id, site=site)


def test_a_child_without_a_plan_reads_as_no_plan_yet(db, child_team):
    view = read(db, child_team, "parent")
    assert (view.plan, view.outcomes, view.provision) == (None, [], [])


def test_starting_a_plan_tells_the_whole_team(db, child_team, plan):
    [entry] = plan_changes(db)
    assert (entry.title, entry.visibility) == ("New support plan started", Visibility.TEAM)


# SMART outcomes


@pytest.mark.parametrize(
    ("missing", "field", "explains"),
    [
        ({"target_value": None}, "target_value", "Measurable"),
        ({"unit": ""}, "unit", "Measurable"),
        ({"target_on": None}, "target_on", "Time-bound"),
        ({"baseline_value": None}, "baseline_value", "baseline"),
        ({"baseline_on": None}, "baseline_on", "baseline"),
    ],
)
def test_an_outcome_that_is_not_smart_is_refused_saying_what_smart_needs(add_outcome, missing, field, explains):
    with pytest.raises(InvalidInput) as raised:
        add_outcome(**missing)
    assert explains in raised.value.errors[field][0]
    assert raised.value.errors["_schema"] == [SMART]
    assert "specific, measurable, achievable, realistic and time-bound" in SMART


def test_an_outcome_without_a_target_or_a_date_names_both(add_outcome):
    with pytest.raises(InvalidInput) as raised:
        add_outcome(target_value=None, target_on=None)
    assert {"target_value", "target_on", "_schema"} <= set(raised.value.errors)


def test_a_target_date_must_come_after_the_baseline(add_outcome):
    with pytest.raises(InvalidInput) as raised:
        add_outcome(target_on="2025-09-01")
    assert list(raised.value.errors) == ["target_on", "_schema"]


def test_a_target_must_differ_from_the_baseline(add_outcome):
    with pytest.raises(InvalidInput) as raised:
        add_outcome(target_value=0)
    assert "change from the baseline" in raised.value.errors["target_value"][0]


def test_a_target_given_as_words_is_refused(add_outcome):
    with pytest.raises(InvalidInput) as raised:
        add_outcome(target_value="much better")
    assert "target_value" in raised.value.errors


def test_a_changed_outcome_must_still_be_smart(db, child_team, site, add_outcome):
    outcome = add_outcome()
    with pytest.raises(InvalidInput) as raised:
        plans.change_outcome(
            db, child_team.senco, outcome.id, {"target_on": None}, expected_version=outcome.version, site=site
        )
    assert "target_on" in raised.value.errors and outcome.target_on == date(2025, 12, 10)


def test_an_outcome_is_owned_by_someone_in_the_team(add_outcome, child_team):
    with pytest.raises(InvalidInput) as raised:
        add_outcome(owner_id=child_team.outsider.id)
    assert list(raised.value.errors) == ["owner_id"]


def test_an_outcome_owner_brings_their_agency(add_outcome, child_team):
    outcome = add_outcome(owner_id=child_team.slt.id)
    assert (outcome.owner, outcome.owner_agency) == (child_team.slt, "speech_language")


def test_a_new_owner_of_an_outcome_brings_their_agency(db, child_team, site, add_outcome):
    outcome = add_outcome()
    plans.change_outcome(db, child_team.senco, outcome.id, {"owner_id": child_team.slt.id},
                         expected_version=outcome.version, site=site)
    assert (outcome.owner, outcome.owner_agency) == (child_team.slt, "speech_language")


def test_support_cannot_be_handed_to_someone_outside_the_team(db, child_team, site, add_provision):
    provision = add_provision()
    with pytest.raises(InvalidInput) as refused:
        plans.change_provision(db, child_team.senco, provision.id, {"person_id": child_team.outsider.id},
                               expected_version=provision.version, site=site)
    assert "person_id" in refused.value.errors and provision.person == child_team.slt


def test_an_outcome_owned_by_an_agency_alone_is_accepted(add_outcome):
    outcome = add_outcome(owner_id=None, owner_agency="occupational_therapy")
    assert (outcome.owner, outcome.owner_agency) == (None, "occupational_therapy")


def test_an_outcome_owned_by_no_one_is_refused(add_outcome):
    with pytest.raises(InvalidInput) as raised:
        add_outcome(owner_id=None)
    assert list(raised.value.errors) == ["owner_id"]


# Every change is on the timeline, in plain words, without case detail in its title


def test_every_change_to_the_plan_posts_a_plan_change(db, child_team, site, plan, add_outcome, add_strategy,
                                                     add_provision):
    outcome = add_outcome()
    add_strategy()
    provision = add_provision()
    plans.change_outcome(db, child_team.senco, outcome.id, {"target_value": 12},
                         expected_version=outcome.version, site=site)
    plans.remove_provision(db, child_team.senco, provision.id, site=site)
    plans.update_plan(db, child_team.senco, plan.id, {"parent_views": "We want her to enjoy books."},
                      expected_version=plan.version, site=site)
    versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    assert [entry.title for entry in plan_changes(db)] == [
        "New support plan started",
        "New target added to the plan",
        "New strategy added to the plan",
        "New support added to the plan",
        "Target changed",
        "Support taken out of the plan",
        "Plan updated",
        "Plan agreed",
    ]


def test_a_plan_change_keeps_the_words_in_its_body_not_its_title(db, add_outcome):
    add_outcome()
    entry = plan_changes(db)[-1]
    assert "Reads words" not in entry.title
    assert entry.body == (
        "Cognition and learning: Reads words from the Year 2 list aloud "
        "(from 0 to 10 words a minute, by Wednesday 10 December 2025)"
    )


def test_a_change_that_changes_nothing_posts_nothing(db, child_team, site, add_outcome):
    outcome = add_outcome()
    before = len(plan_changes(db))
    plans.change_outcome(db, child_team.senco, outcome.id, {"target_value": 10},
                         expected_version=outcome.version, site=site)
    assert len(plan_changes(db)) == before


# Who may do what


@pytest.mark.parametrize("who", ["teacher", "slt", "parent"])
def test_only_the_lead_professional_adds_outcomes(db, child_team, site, plan, who):
    with pytest.raises(Forbidden):
        plans.add_outcome(db, getattr(child_team, who), plan.id, {"area": "cognition_and_learning"}, site=site)


def test_a_parent_cannot_edit_an_outcome(db, child_team, site, add_outcome):
    outcome = add_outcome()
    with pytest.raises(Forbidden):
        plans.change_outcome(db, child_team.parent, outcome.id, {"target_value": 2},
                             expected_version=outcome.version, site=site)


@pytest.mark.parametrize("who", ["teacher", "parent"])
def test_only_the_lead_professional_agrees_the_plan(db, child_team, site, plan, add_outcome, who):
    add_outcome()
    with pytest.raises(Forbidden):
        versions.agree_plan(db, getattr(child_team, who), plan.id, expected_version=plan.version, site=site)


def test_a_parent_reads_the_whole_plan(db, child_team, add_outcome, add_strategy, add_provision):
    add_outcome()
    add_strategy()
    add_provision()
    view = read(db, child_team, "parent")
    assert (len(view.outcomes), len(view.strategies), len(view.provision)) == (1, 1, 1)


def test_a_parent_records_a_reading_from_home(db, child_team, add_outcome):
    outcome = add_outcome()
    reading = plans.record_reading(db, child_team.parent, outcome.id, {"taken_on": "2025-10-01", "value": 4})
    assert (reading.from_home, reading.recorded_by) == (True, child_team.parent)


def test_a_professional_records_a_reading_at_school(db, child_team, add_outcome):
    outcome = add_outcome()
    reading = plans.record_reading(db, child_team.teacher, outcome.id, {"taken_on": "2025-10-01", "value": 4})
    assert reading.from_home is False


def test_a_parent_cannot_log_a_session_of_provision(db, child_team, add_provision):
    provision = add_provision()
    with pytest.raises(Forbidden):
        plans.record_session(db, child_team.parent, provision.id, {"held_on": "2025-09-02", "delivered": True})


def test_a_professional_of_another_agency_cannot_log_the_sessions_of_support(db, child_team, add_provision):
    provision = add_provision()  # the therapist's group
    with pytest.raises(Forbidden):
        plans.record_session(db, child_team.teacher, provision.id, {"held_on": "2025-09-02", "delivered": True})


@pytest.mark.parametrize("who", ["slt", "senco"])
def test_the_provisions_deliverer_and_the_lead_log_its_sessions(db, child_team, add_provision, who):
    provision = add_provision()
    session = plans.record_session(db, getattr(child_team, who), provision.id, {"held_on": "2025-09-02",
                                                                                   "delivered": True})
    assert session.provision_id == provision.id


def test_a_member_of_the_provisions_agency_logs_its_sessions(db, child_team, add_provision, make_person):
    from core.people import team

    colleague = make_person("professional", agency="speech_language")
    team.add_member(db, child_team.senco, child_team.child.id,
                    {"person_id": colleague.id, "role": "speech_language_therapist"})
    provision = add_provision()
    assert plans.record_session(db, colleague, provision.id, {"held_on": "2025-09-02", "delivered": True})


@pytest.mark.parametrize("who", ["other_parent", "outsider", "ot_without_consent", "admin"])
def test_someone_outside_the_team_finds_no_plan(db, child_team, site, plan, add_outcome, add_provision, who):
    outcome, provision, person = add_outcome(), add_provision(), getattr(child_team, who)
    with pytest.raises(NotFound):
        plans.view_plan(db, person, child_team.child.id, today=today())
    with pytest.raises(NotFound):
        plans.record_reading(db, person, outcome.id, {"taken_on": "2025-10-01", "value": 4})
    with pytest.raises(NotFound):
        plans.change_outcome(db, person, outcome.id, {"target_value": 2}, expected_version=outcome.version, site=site)
    with pytest.raises(NotFound):
        plans.record_session(db, person, provision.id, {"held_on": "2025-09-02", "delivered": True})
    with pytest.raises(NotFound):
        versions.list_versions(db, person, child_team.child.id)


def test_reading_the_plan_is_audited(db, child_team, plan):
    read(db, child_team, "parent")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "plan.viewed"))
    assert (event.actor_id, event.child_id, event.subject) == (child_team.parent.id, child_team.child.id,
                                                               f"plan:{plan.id}")


def statements_reading_the_plan(db, connection, count_queries, child_team):
    """The SELECTs of the family's read of the plan, in a session of its own, touching all its page shows."""
    db.flush()
    with make_session_factory(connection)() as fresh, count_queries() as queries:
        parent = fresh.get(Person, child_team.parent.id)
        queries.clear()
        view = plans.view_plan(fresh, parent, child_team.child.id, today=today())
        shown = [view.agreed and view.agreed.agreed_by.full_name, view.next_review and view.next_review.due_on]
        for item in view.outcomes:
            shown += [item.outcome.owner.full_name, *(reading.value for reading in item.readings)]
        for row in view.provision:
            shown += [row.provision.person.full_name, *(session.held_on for session in row.provision.sessions)]
        shown += [judged.outcome.text for judged in (view.last_review.judgements if view.last_review else [])]
    return [q for q in queries if q.lstrip().upper().startswith("SELECT") and "audit_event" not in q]


def test_the_plan_is_read_in_the_same_few_statements_however_much_it_holds(
    db, connection, child_team, site, plan, add_outcome, count_queries
):
    senco, teacher = child_team.senco, child_team.teacher
    first = add_outcome()
    few = statements_reading_the_plan(db, connection, count_queries, child_team)

    second = add_outcome(text="Counts objects to 20", unit="objects")
    for outcome in (first, second):
        plans.record_reading(db, teacher, outcome.id, {"taken_on": "2025-10-01", "value": 4})
    plans.add_strategy(db, senco, plan.id, {"text": "Visual timetable", "where": "school"}, site=site)
    versions.agree_plan(db, senco, plan.id, expected_version=plan.version, site=site)
    judged = [{"outcome_id": outcome.id, "judgement": "partly", "comment": ""} for outcome in (first, second)]
    reviews.hold_review(db, senco, plan.id, {"judgements": judged}, site=site)
    due_on = (today() + timedelta(days=90)).isoformat()
    new = reviews.start_next_plan(db, senco, plan.id, {"review_due_on": due_on}, site=site)
    plans.remove_outcome(db, senco, new.current_outcomes[0].id, site=site)
    group = {"support": "Phonics group", "person_id": child_team.slt.id, "sessions_per_week": 2}
    support = plans.add_provision(db, senco, new.id, {**group, "minutes_per_session": 15, "starts_on": "2025-09-01"},
                                  site=site)
    for day in ("2025-09-02", "2025-09-03"):
        plans.record_session(db, child_team.slt, support.id, {"held_on": day, "delivered": True})
    plans.record_reading(db, teacher, new.current_outcomes[0].id, {"taken_on": today().isoformat(), "value": 5})
    versions.agree_plan(db, senco, new.id, expected_version=new.version, site=site)
    many = statements_reading_the_plan(db, connection, count_queries, child_team)
    assert len(few) == len(many) <= 6, "\n\n".join(many)


def test_the_lead_chooses_who_is_responsible_from_the_current_team_lead_first(db, child_team, plan):
    access = child_access(db, child_team.senco, child_team.child.id)
    members = plans.choosable_members(db, access)
    assert members[0].person_id == child_team.senco.id
    assert (child_team.slt.id, child_team.slt.full_name, "speech_language_therapist") in [
        (member.person_id, member.full_name, member.role) for member in members
    ]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "team.viewed"))
    assert (event.actor_id, event.child_id) == (child_team.senco.id, child_team.child.id)


def test_only_the_lead_is_offered_the_team_to_choose_from(db, child_team, plan):
    with pytest.raises(Forbidden):
        plans.choosable_members(db, child_access(db, child_team.parent, child_team.child.id))


# Readings and what they show


def test_a_reading_before_the_baseline_is_refused(db, child_team, add_outcome):
    outcome = add_outcome()
    with pytest.raises(InvalidInput) as raised:
        plans.record_reading(db, child_team.teacher, outcome.id, {"taken_on": "2025-08-31", "value": 1})
    assert list(raised.value.errors) == ["taken_on"]


def test_a_reading_in_the_future_is_refused(db, child_team, add_outcome):
    outcome = add_outcome()
    later = (today() + timedelta(days=3)).isoformat()
    with pytest.raises(InvalidInput):
        plans.record_reading(db, child_team.teacher, outcome.id, {"taken_on": later, "value": 1})


def test_the_plan_shows_which_outcomes_are_on_track_and_which_behind(db, child_team, add_outcome):
    reading_outcome, maths_outcome = add_outcome(), add_outcome(text="Counts objects to 20", unit="objects")
    # On 11 October (40 days in) the line expects 4.
    plans.record_reading(db, child_team.teacher, reading_outcome.id, {"taken_on": "2025-10-11", "value": 4})
    plans.record_reading(db, child_team.teacher, maths_outcome.id, {"taken_on": "2025-10-11", "value": 3})
    statuses = {p.outcome.id: p.status for p in read(db, child_team).outcomes}
    assert statuses == {reading_outcome.id: OnTrack.ON_TRACK, maths_outcome.id: OnTrack.BEHIND}


def test_an_outcome_without_readings_says_so(db, child_team, add_outcome):
    add_outcome()
    [progress] = read(db, child_team).outcomes
    assert (progress.status, progress.latest) == (OnTrack.NO_READINGS, None)


def test_a_removed_outcome_takes_no_more_readings(db, child_team, site, add_outcome):
    outcome = add_outcome()
    plans.remove_outcome(db, child_team.senco, outcome.id, site=site)
    with pytest.raises(Conflict):
        plans.record_reading(db, child_team.teacher, outcome.id, {"taken_on": "2025-10-01", "value": 4})
    assert read(db, child_team).outcomes == []


# Strategies


def test_parents_see_the_home_strategies_first(db, child_team, add_strategy):
    add_strategy("Visual timetable on the classroom wall", "school")
    add_strategy("Picture timetable for the morning routine", "home")
    add_strategy("Two-step instructions with gestures", "both")
    places = [s.where.value for s in read(db, child_team, "parent").strategies]
    assert places == ["home", "both", "school"]


def test_staff_see_the_school_strategies_first(db, child_team, add_strategy):
    add_strategy("Picture timetable for the morning routine", "home")
    add_strategy("Visual timetable on the classroom wall", "school")
    places = [s.where.value for s in read(db, child_team, "teacher").strategies]
    assert places == ["school", "home"]


# Provision and its delivery log


def test_the_plan_shows_the_share_of_planned_sessions_delivered(db, child_team, add_provision):
    provision = add_provision(sessions_per_week=2)
    for day, delivered in [("2025-09-01", True), ("2025-09-03", True), ("2025-09-08", False), ("2025-09-10", True)]:
        session = {"held_on": day, "delivered": delivered, "missed_reason": "" if delivered else "Therapist ill"}
        plans.record_session(db, child_team.slt, provision.id, session)
    # Two full weeks from Monday 1 September: 4 sessions planned, 3 delivered.
    [item] = read(db, child_team, "parent", on=date(2025, 9, 14)).provision
    assert (item.delivery.planned, item.delivery.delivered, item.delivery.missed) == (4, 3, 1)
    assert item.delivery.share == 0.75


def test_a_missed_session_says_why(db, child_team, add_provision):
    provision = add_provision()
    with pytest.raises(InvalidInput) as raised:
        plans.record_session(db, child_team.slt, provision.id, {"held_on": "2025-09-02", "delivered": False})
    assert list(raised.value.errors) == ["missed_reason"]


def test_a_session_outside_the_dates_of_the_provision_is_refused(db, child_team, add_provision):
    provision = add_provision(ends_on="2025-12-19")
    with pytest.raises(InvalidInput):
        plans.record_session(db, child_team.slt, provision.id, {"held_on": "2026-01-05", "delivered": True})


def test_provision_ends_on_or_after_it_starts(add_provision):
    with pytest.raises(InvalidInput) as raised:
        add_provision(ends_on="2025-08-01")
    assert list(raised.value.errors) == ["ends_on"]


def test_provision_by_someone_outside_the_team_is_refused(add_provision, child_team):
    with pytest.raises(InvalidInput) as raised:
        add_provision(person_id=child_team.ot_without_consent.id)
    assert list(raised.value.errors) == ["person_id"]


@pytest.mark.parametrize(
    ("per_week", "minutes", "words"),
    [(3, 20, "3 × 20 minutes a week"), (1, 30, "30 minutes once a week"), (0.5, 45, "45 minutes every 2 weeks")],
)
def test_how_often_reads_as_people_say_it(add_provision, per_week, minutes, words):
    provision = add_provision(sessions_per_week=per_week, minutes_per_session=minutes)
    assert english(plans.how_often(provision)) == words


# Two people at once


def test_a_change_to_the_plan_made_on_a_stale_copy_is_refused(db, child_team, site, plan):
    stale = plan.version
    plans.update_plan(db, child_team.senco, plan.id, {"parent_views": "Ours"}, expected_version=stale, site=site)
    with pytest.raises(StaleVersion):
        plans.update_plan(db, child_team.senco, plan.id, {"parent_views": "Theirs"}, expected_version=stale, site=site)
    assert plan.parent_views == "Ours"


def test_an_outcome_changed_on_a_stale_copy_is_refused(db, child_team, site, add_outcome):
    outcome = add_outcome()
    stale = outcome.version
    plans.change_outcome(db, child_team.senco, outcome.id, {"target_value": 12}, expected_version=stale, site=site)
    with pytest.raises(Conflict):
        plans.change_outcome(db, child_team.senco, outcome.id, {"target_value": 8}, expected_version=stale, site=site)
    assert outcome.target_value == 12
