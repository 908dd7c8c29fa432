"""The time-finder at the size of a real joint meeting: 12 attendees, 2,000 busy
intervals each, over four weeks. Prints the median and 95th percentile, and the
ratio to a baseline measured in the same run: sorting the same 24,000 intervals,
the O(n log n) floor any sweep has to pay.

    .venv/bin/python bench/time_finder.py [--repeats 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from core.meetings.time_finder import Availability, find_times

START = datetime(2027, 3, 1, tzinfo=UTC)
WINDOW = (START, START + timedelta(weeks=4))
GOAL_MS = 20


def diaries(seed: int = 7) -> dict[str, Availability]:
    rng = random.Random(seed)
    people = {}
    for number in range(12):
        busy = []
        for _ in range(2000):
            start = START + timedelta(minutes=rng.randrange(0, 4 * 7 * 24 * 60, 5))
            busy.append((start, start + timedelta(minutes=rng.choice((5, 10, 15, 20)))))
        people[f"attendee {number}"] = Availability(free=None, busy=busy)
    return people


def timed(action, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    options = parser.parse_args()
    people = diaries()
    every_interval = [interval for person in people.values() for interval in person.busy]
    baseline = statistics.median(timed(lambda: sorted(every_interval), options.repeats))
    print(
        f"12 attendees x 2,000 busy intervals over 4 weeks ({len(every_interval)} intervals); "
        f"baseline, a plain sort of them all: median {baseline:.1f} ms"
    )
    scenarios = {
        # Eight needed, four optional: with diaries this full nothing suits all eight,
        # so the finder also works out who is in the way.
        "8 required + 4 optional": (dict(list(people.items())[:8]), dict(list(people.items())[8:])),
        # The SENCO needed and free, the twelve optional: every school-hours slot is a
        # candidate to check against each optional diary and rank.
        "1 free required + 12 optional": ({"senco": Availability(free=None)}, people),
    }
    for name, (required, optional) in scenarios.items():

        def run(required=required, optional=optional):
            return find_times(required, optional, duration=timedelta(minutes=30), window=WINDOW)

        suggestions = len(run().suggestions)
        times = timed(run, options.repeats)
        median, p95 = statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]
        print(
            f"{name}: {suggestions} suggestions; median {median:.1f} ms, p95 {p95:.1f} ms, "
            f"{median / baseline:.1f}x the sort (goal <= {GOAL_MS} ms: {'met' if median <= GOAL_MS else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
