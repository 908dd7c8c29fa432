"""What the data shows: on track against a straight line from baseline to target, and provision delivered."""

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from core.models import Outcome, ProgressReading, Provision, ProvisionSession
from core.plans.progress import OnTrack, delivery_share, expected_value, planned_sessions, status

SEPTEMBER = date(2025, 9, 1)


def outcome(baseline=0.0, target=10.0, days=100, start=SEPTEMBER):
    return Outcome(baseline_value=baseline, baseline_on=start, target_value=target,
                   target_on=start + timedelta(days=days))


def reading(day, value):
    return ProgressReading(taken_on=SEPTEMBER + timedelta(days=day), value=value)


# The expected line


def test_the_line_runs_from_the_baseline_to_the_target():
    words = outcome()
    assert [expected_value(words, SEPTEMBER + timedelta(days=d)) for d in (0, 40, 100)] == [0, 4, 10]


def test_the_line_stays_at_the_target_after_the_target_date():
    assert expected_value(outcome(), SEPTEMBER + timedelta(days=150)) == 10


def test_the_line_stays_at_the_baseline_before_it_was_measured():
    assert expected_value(outcome(), SEPTEMBER - timedelta(days=5)) == 0


# On track, behind, achieved


def test_an_outcome_without_readings_has_no_status_yet():
    assert status(outcome(), []) is OnTrack.NO_READINGS


def test_one_reading_on_the_line_is_on_track():
    assert status(outcome(), [reading(40, 4)]) is OnTrack.ON_TRACK


def test_one_reading_above_the_line_is_on_track():
    assert status(outcome(), [reading(40, 6)]) is OnTrack.ON_TRACK


def test_one_reading_below_the_line_is_behind():
    assert status(outcome(), [reading(40, 3.9)]) is OnTrack.BEHIND


def test_a_reading_that_reaches_the_target_early_is_achieved():
    assert status(outcome(), [reading(30, 10)]) is OnTrack.ACHIEVED


def test_the_latest_reading_decides():
    assert status(outcome(), [reading(30, 10), reading(60, 5)]) is OnTrack.BEHIND


def test_of_two_readings_on_one_day_the_one_recorded_last_decides():
    assert status(outcome(), [reading(40, 4), reading(40, 2)]) is OnTrack.BEHIND


def test_a_reading_after_the_target_date_is_compared_with_the_target_itself():
    # 9.5 was ahead of the line on day 90, but by day 120 only the target will do.
    assert status(outcome(), [reading(90, 9.5)]) is OnTrack.ON_TRACK
    assert status(outcome(), [reading(90, 9.5), reading(120, 9.5)]) is OnTrack.BEHIND


def test_a_reading_after_the_target_date_that_reaches_it_is_achieved():
    assert status(outcome(), [reading(120, 10)]) is OnTrack.ACHIEVED


def test_a_target_below_the_baseline_is_on_track_when_readings_fall():
    incidents = outcome(baseline=10, target=2)  # fewer incidents a week
    assert status(incidents, [reading(50, 6)]) is OnTrack.ON_TRACK
    assert status(incidents, [reading(50, 5)]) is OnTrack.ON_TRACK


def test_a_target_below_the_baseline_is_behind_when_readings_stay_high():
    assert status(outcome(baseline=10, target=2), [reading(50, 7)]) is OnTrack.BEHIND


def test_a_target_below_the_baseline_is_achieved_at_or_under_it():
    assert status(outcome(baseline=10, target=2), [reading(80, 1)]) is OnTrack.ACHIEVED


values = st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False)
spans = st.integers(min_value=1, max_value=800)


@given(baseline=values, target=values, span=spans, day=st.integers(min_value=0, max_value=800))
def test_a_reading_exactly_on_the_line_is_on_track_or_achieved(baseline, target, span, day):
    assume(abs(target - baseline) > 1e-6)
    line = outcome(baseline, target, span)
    on = SEPTEMBER + timedelta(days=day)
    judged = status(line, [ProgressReading(taken_on=on, value=expected_value(line, on))])
    assert judged is (OnTrack.ACHIEVED if day >= span else OnTrack.ON_TRACK)


@given(baseline=values, target=values, span=spans, day=st.integers(min_value=0, max_value=800),
       gap=st.floats(min_value=0.01, max_value=100))
def test_a_reading_short_of_the_line_is_behind(baseline, target, span, day, gap):
    assume(abs(target - baseline) > 1e-6)
    line = outcome(baseline, target, span)
    on = SEPTEMBER + timedelta(days=day)
    towards = 1 if target > baseline else -1
    short = expected_value(line, on) - towards * gap
    assert status(line, [ProgressReading(taken_on=on, value=short)]) is OnTrack.BEHIND


@given(baseline=values, target=values, span=spans, day=st.integers(min_value=0, max_value=800), value=values,
       better=st.floats(min_value=0, max_value=100))
def test_a_better_reading_is_never_judged_worse(baseline, target, span, day, value, better):
    assume(abs(target - baseline) > 1e-6)
    line = outcome(baseline, target, span)
    on = SEPTEMBER + timedelta(days=day)
    towards = 1 if target > baseline else -1
    rank = [OnTrack.BEHIND, OnTrack.ON_TRACK, OnTrack.ACHIEVED]
    worse = status(line, [ProgressReading(taken_on=on, value=value)])
    improved = status(line, [ProgressReading(taken_on=on, value=value + towards * better)])
    assert rank.index(improved) >= rank.index(worse)


# Delivery


def provision(per_week=3, starts=SEPTEMBER, ends=None, log=()):
    return Provision(
        sessions_per_week=per_week,
        minutes_per_session=20,
        starts_on=starts,
        ends_on=ends,
        sessions=[ProvisionSession(held_on=starts + timedelta(days=d), delivered=ok) for d, ok in log],
    )


def test_nothing_is_planned_on_the_first_day_of_three_a_week():
    share = delivery_share(provision(), SEPTEMBER)
    assert (share.planned, share.share) == (0, None)


def test_nothing_is_planned_before_the_support_starts():
    assert delivery_share(provision(starts=SEPTEMBER + timedelta(days=10)), SEPTEMBER).share is None


def test_a_full_week_plans_its_sessions():
    assert planned_sessions(provision(), SEPTEMBER + timedelta(days=6)) == 3


def test_the_share_is_delivered_over_planned():
    share = delivery_share(provision(log=[(0, True), (2, False), (4, True)]), SEPTEMBER + timedelta(days=6))
    assert (share.planned, share.delivered, share.missed, share.share) == (3, 2, 1, 2 / 3)


def test_sessions_delivered_ahead_of_plan_count_at_most_all_planned():
    share = delivery_share(provision(log=[(0, True), (1, True), (2, True)]), SEPTEMBER + timedelta(days=3))
    assert (share.planned, share.delivered, share.share) == (1, 3, 1.0)


def test_planning_stops_at_the_end_of_the_support():
    ended = provision(ends=SEPTEMBER + timedelta(days=13))
    assert planned_sessions(ended, SEPTEMBER + timedelta(days=100)) == 6


def test_once_a_fortnight_plans_one_session_in_two_weeks():
    assert planned_sessions(provision(per_week=0.5), SEPTEMBER + timedelta(days=13)) == 1


def test_sessions_logged_after_today_are_not_counted_yet():
    share = delivery_share(provision(log=[(0, True), (8, True)]), SEPTEMBER + timedelta(days=6))
    assert share.delivered == 1


@given(per_week=st.floats(min_value=0.1, max_value=35), days=st.integers(min_value=0, max_value=400))
def test_planned_sessions_never_fall_as_time_passes(per_week, days):
    support = provision(per_week=per_week)
    today = SEPTEMBER + timedelta(days=days)
    assert planned_sessions(support, today + timedelta(days=1)) >= planned_sessions(support, today)
    assert planned_sessions(support, today) <= per_week * (days + 1) / 7 + 1e-6
