"""A SENCO's calendar subscription feed with 1,000 meetings: the app's answer against
icalendar serialising the same events alone, and what a matching ETag saves.

A SENCO leads the teams of about forty children and attends most of their meetings, so the
meetings are booked with the core service, 25 per child, each with the child's whole team,
from two months back to a year and a half ahead. The app is asked through the Flask test
client (the feed is one GET; gunicorn would add the same to both sides), after start-up is
frozen as ``teamaround serve`` freezes it (webui/cli.py); the baseline is
``core.meetings.ical.feed`` on the same meetings already read, so it times serialising alone.

    .venv/bin/python bench/feed.py [--meetings 1000] [--database postgresql]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from datetime import timedelta

import harness
from sqlalchemy import func, select

from core.db import make_engine, make_session_factory
from core.meetings import booking as meetings
from core.meetings import feeds, ical
from core.models import Meeting, MeetingAttendee, MeetingPurpose, Membership, Person
from core.plugins import load_plugins
from core.site import Site
from core.types import utcnow
from webui import create_app
from webui.cli import freeze_start_up

CHILDREN = 40  # the generator gives one SENCO forty children
TOUCHES_MEETINGS = re.compile(r"\bmeetings\b", re.IGNORECASE)


def book(url: str, count: int) -> tuple[str, int]:
    """Meetings led by the first SENCO across her children, enough that her feed holds ``count``
    (the generator books a few of its own); her feed token."""
    site = Site(host=load_plugins())
    engine = make_engine(url)
    with make_session_factory(engine)() as db, db.begin():
        senco = db.scalars(select(Person).where(Person.email.startswith("senco.")).order_by(Person.id)).first()
        teams: dict[int, list[int]] = {}
        for child_id, person_id in db.execute(
            select(Membership.child_id, Membership.person_id)
            .where(Membership.child_id.in_(select(Membership.child_id).where(Membership.person_id == senco.id)))
            .order_by(Membership.child_id, Membership.id)
        ):
            teams.setdefault(child_id, []).append(person_id)
        children, first = sorted(teams), utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(days=60)
        purposes = list(MeetingPurpose)
        already = db.scalar(
            select(func.count()).select_from(MeetingAttendee).join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
            .where(MeetingAttendee.person_id == senco.id, Meeting.starts_at >= utcnow() - feeds.PAST)
        )
        for number in range(max(0, count - already)):
            child_id = children[number % len(children)]
            starts = first + timedelta(hours=13 * number)
            place = {"location": "School library"} if number % 3 else {"online_link": "https://meet.example.org/team"}
            meetings.schedule(db, senco, child_id, {
                "purpose": purposes[number % len(purposes)].value,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=1)).isoformat(),
                "attendees": [{"person_id": person_id} for person_id in teams[child_id] if person_id != senco.id],
                **place,
            }, site=site)
        token = feeds.issue(db, senco)
        senco_id = senco.id
    engine.dispose()
    return token, senco_id


def medians_ms(actions: dict, repeats: int) -> dict[str, float]:
    """Median time of each action, run in turn round after round so that a busy moment
    of the machine falls on all of them alike."""
    times = {name: [] for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def serialiser(app, person_id: int):
    """icalendar on the person's meetings, read once here: no database when it is called."""
    site = Site(host=app.extensions["teamaround.plugins"], zone=app.config["TIMEZONE"], base_url=app.config["BASE_URL"])
    with app.extensions["teamaround.sessions"]() as db:
        person = db.get(Person, person_id)
        loaded = feeds.calendar_meetings(db, person)
        db.expunge_all()
    return lambda: ical.feed(loaded, person, zone=site.zone, base_url=site.base_url, host=site.host)


def reader(app, person_id: int):
    """Reading the meetings alone, each time in a new session: the database's share of the feed."""
    def read():
        with app.extensions["teamaround.sessions"]() as db:
            feeds.calendar_meetings(db, db.get(Person, person_id))
    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=15)
    options = parser.parse_args()
    print(harness.machine(), flush=True)
    with harness.database(options.database) as url:
        print(harness.generate(url, CHILDREN), flush=True)
        token, senco_id = book(url, options.meetings)
        app = create_app(harness.app_config(url))
        freeze_start_up()  # as a worker of `teamaround serve` does once it has built the app
        client = app.test_client()
        path = f"/calendar/{token}.ics"
        first = client.get(path)  # also warms the app up
        if first.status_code != 200:
            raise RuntimeError(f"the feed answered {first.status_code}")
        matching = {"If-None-Match": first.headers["ETag"]}
        serialise = serialiser(app, senco_id)
        with harness.statements_run() as statements:
            unchanged = client.get(path, headers=matching)
        times = medians_ms({"app": lambda: client.get(path), "alone": serialise, "read": reader(app, senco_id),
                            "etag": lambda: client.get(path, headers=matching)}, options.repeats)
        same_bytes = serialise() == first.data

    ratio = times["app"] / times["alone"]
    on_meetings = [s for s in statements if TOUCHES_MEETINGS.search(s)]
    print(f"\n{options.database}: calendar feed of a SENCO, {first.data.count(b'BEGIN:VEVENT')} events, "
          f"{len(first.data):,} bytes (median of {options.repeats})")
    print(f"app, GET /calendar/<token>.ics      {times['app']:8.1f} ms")
    print(f"icalendar alone, same events        {times['alone']:8.1f} ms   "
          f"same bytes as the app: {'yes' if same_bytes else 'NO'}")
    print(f"reading the meetings alone          {times['read']:8.1f} ms")
    print(f"ratio app/icalendar                 {ratio:8.2f}      "
          f"(goal <= 1.3: {'holds' if ratio <= 1.3 else 'NOT MET'})")
    print(f"with a matching ETag                {times['etag']:8.1f} ms   answer {unchanged.status_code}, "
          f"{len(statements)} statements, {len(on_meetings)} on meetings "
          f"(goal 304 and 0: {'holds' if unchanged.status_code == 304 and not on_meetings else 'NOT MET'})")
    for statement in statements:
        print(f"  {statement[:110]}")


if __name__ == "__main__":
    main()
