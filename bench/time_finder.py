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

from core.scheduling import Availability, find_times

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
    required = dict(list(people.items())[:8])
    optional = dict(list(people.items())[8:])
    every_interval = [interval for person in people.values() for interval in person.busy]

    def run():
        return find_times(required, optional, duration=timedelta(minutes=30), window=WINDOW)

    result = run()
    finder = timed(run, options.repeats)
    baseline = timed(lambda: sorted(every_interval), options.repeats)
    median, p95 = statistics.median(finder), sorted(finder)[int(0.95 * (len(finder) - 1))]
    print(
        f"12 attendees x 2,000 busy intervals over 4 weeks ({len(every_interval)} intervals), "
        f"{len(result.suggestions)} suggestions"
    )
    print(
        f"time-finder: median {median:.1f} ms, p95 {p95:.1f} ms (goal <= {GOAL_MS} ms: "
        f"{'met' if median <= GOAL_MS else 'NOT met'})"
    )
    print(
        f"baseline sort of the same intervals: median {statistics.median(baseline):.1f} ms; "
        f"ratio {median / statistics.median(baseline):.1f}"
    )


if __name__ == "__main__":
    main()
