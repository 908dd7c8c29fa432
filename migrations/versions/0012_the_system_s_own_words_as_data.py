"""the system's own words as data

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 13:15:00.000000

Entries the system writes (a meeting booked, a plan change) keep what happened as a
message and its values (``wording``, see core/wording.py), so that each reader sees
them in their own language. Entries written before kept only the English sentence: the
sentences the system wrote are recognised here and turned into messages; anything else
(what people typed, the demo's own words) is left as it is. Only meeting and plan-change
entries are looked at: people cannot post entries of those kinds by hand.

This migration reads English as the code of 5 December 2026 wrote it, so it keeps its
own copy of those sentences instead of importing today's code, which will move on.
"""

import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_TITLES = {
    "New support plan started", "Plan updated", "New target added to the plan", "Target changed",
    "Target taken out of the plan", "New strategy added to the plan", "Strategy changed",
    "Strategy taken out of the plan", "New support added to the plan", "Support changed",
    "Support taken out of the plan", "Review date changed", "Review date set", "Plan reviewed",
    "Next plan started", "Plan agreed",
}
_BODIES = {"A draft plan: needs, targets, support, review.", "The plan had no targets to judge."}
_PURPOSES = {
    "Team around the child meeting", "Support plan review", "EHCP annual review", "Planning meeting", "Meeting",
}
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}"
_MEETING_TITLE = re.compile(r"Meeting (booked|confirmed|changed|cancelled): (.+)", re.DOTALL)
_ACTION_TITLE = re.compile(rf"Action for (.+), by ({_DAY})", re.DOTALL)
_REVIEW_BODY = re.compile(rf"The plan will be reviewed by ({_DAY})\.")
_AREAS = (
    "Communication and interaction", "Cognition and learning", "Social, emotional and mental health",
    "Sensory and/or physical needs",
)
_PLACES = ("at school and at home", "at school", "at home")
_NUMBER = r"-?[\d.]+(?:e[-+]?\d+)?"
_OUTCOME = re.compile(
    rf"({'|'.join(map(re.escape, _AREAS))}): (.+) \(from ({_NUMBER}) to ({_NUMBER}) (.*), by ({_DAY})\)", re.DOTALL
)
_STRATEGY = re.compile(rf"(.+) \(({'|'.join(_PLACES)})\)", re.DOTALL)
_PROVISION = re.compile(rf"(.+): (.+?), from ({_DAY})(?: to ({_DAY}))?, by (.+)", re.DOTALL)
_ONCE = re.compile(r"(\d+) minutes once a week")
_EVERY = re.compile(rf"(\d+) minutes every ({_NUMBER}) weeks")
_TIMES = re.compile(rf"({_NUMBER}) × (\d+) minutes a week")
_CHANGED = re.compile(r"Changed: (.+)\.")
_VIEWS = {"needs", "the child's views", "the parents' views"}
_JUDGED = re.compile(r"Targets: (.+)\.")
_JUDGEMENT = re.compile(r"(\d+) (achieved|partly achieved|not yet achieved)")
_NEXT = re.compile(
    rf"Started from the review on ({_DAY}), carrying over (\d+) targets?, (\d+) (?:strategy|strategies) "
    r"and (\d+) kinds? of support\."
)
_AGREED = re.compile(r"Version (\d+), agreed by (.+?)\.")
_MEETING_BODY = re.compile(rf"({_DAY}, \d{{2}}:\d{{2}}) to (\d{{2}}:\d{{2}})(?:, (.+))?", re.DOTALL)


def _wording(key, **values):
    return {"key": key, "values": values}


def _counted(singular, plural, n, **values):
    return {"key": singular, "values": values | {"n": n}, "plural": plural, "count": "n"}


def _nested(wording):
    return {"wording": wording}


def _number(text):
    value = float(text)
    return int(value) if value.is_integer() else value


def _split_list(text):
    """English's "a, b and c", as the code wrote lists."""
    head, _, last = text.rpartition(" and ")
    return [*head.split(", "), last] if head else [last]


def _how_often(text):
    if match := _ONCE.fullmatch(text):
        minutes = _counted("%(n)d minute", "%(n)d minutes", int(match.group(1)))
        return _wording("%(minutes)s once a week", minutes=_nested(minutes))
    if match := _EVERY.fullmatch(text):
        minutes = _counted("%(n)d minute", "%(n)d minutes", int(match.group(1)))
        return _counted("%(minutes)s every %(n)s week", "%(minutes)s every %(n)s weeks", _number(match.group(2)),
                        minutes=_nested(minutes))
    if match := _TIMES.fullmatch(text):
        minutes = _counted("%(n)d minute", "%(n)d minutes", int(match.group(2)))
        return _wording("%(sessions)s × %(minutes)s a week", sessions=match.group(1), minutes=_nested(minutes))
    return None


def _plan_part(text):
    """A target, a strategy or a kind of support, as a plan change's body told it."""
    if match := _OUTCOME.fullmatch(text):
        area, words, baseline, target, unit, day = match.groups()
        return _wording("%(area)s: %(text)s (from %(baseline)s to %(target)s %(unit)s, by %(day)s)",
                        area=_nested(_wording(area)), text=words, baseline=baseline, target=target, unit=unit,
                        day=_day(day))
    if (match := _PROVISION.fullmatch(text)) and (often := _how_often(match.group(2))):
        support, _, starts, ends, who = match.groups()
        values = {"support": support, "often": _nested(often), "from": _day(starts)}
        if ends is None:
            return _wording("%(support)s: %(often)s, from %(from)s, by %(who)s", **values, who=who)
        return _wording("%(support)s: %(often)s, from %(from)s to %(to)s, by %(who)s", **values, to=_day(ends), who=who)
    if match := _STRATEGY.fullmatch(text):
        return _wording("%(text)s (%(where)s)", text=match.group(1), where=_nested(_wording(match.group(2))))
    return None


def _plan_body(text):
    if (match := _CHANGED.fullmatch(text)) and set(what := _split_list(match.group(1))) <= _VIEWS:
        return _wording("Changed: %(what)s.", what={"list": [_nested(_wording(item)) for item in what]})
    if match := _JUDGED.fullmatch(text):
        found = [_JUDGEMENT.fullmatch(item) for item in match.group(1).split(", ")]
        if all(found):
            judged = [_nested(_counted(f"%(n)d {m.group(2)}", f"%(n)d {m.group(2)}", int(m.group(1)))) for m in found]
            return _wording("Targets: %(found)s.", found={"list": judged})
    if match := _NEXT.fullmatch(text):
        day, targets, strategies, support = match.groups()
        carried = [
            _counted("%(n)d target", "%(n)d targets", int(targets)),
            _counted("%(n)d strategy", "%(n)d strategies", int(strategies)),
            _counted("%(n)d kind of support", "%(n)d kinds of support", int(support)),
        ]
        return _wording("Started from the review on %(day)s, carrying over %(carried)s.", day=_day(day),
                        carried={"list": [_nested(item) for item in carried]})
    first, *changes = text.split("\n")
    if match := _AGREED.fullmatch(first):
        number, person = int(match.group(1)), match.group(2)
        agreed = _wording("Version %(number)s, agreed by %(person)s.", number=number, person=person)
        return _wording("%(lines)s", lines={"lines": [_nested(agreed), *changes]})
    return _plan_part(text)


def _day(text):
    return {"day": datetime.strptime(text, "%A %d %B %Y").date().isoformat()}


def _title(text):
    if text in _TITLES:
        return _wording(text)
    if match := _MEETING_TITLE.fullmatch(text):
        name = match.group(2)
        meeting = {"wording": _wording(name)} if name in _PURPOSES else name
        return _wording(f"Meeting {match.group(1)}: %(meeting)s", meeting=meeting)
    if match := _ACTION_TITLE.fullmatch(text):
        return _wording("Action for %(person)s, by %(day)s", person=match.group(1), day=_day(match.group(2)))
    return None


def _body(text, zone):
    if text in _BODIES:
        return _wording(text)
    if match := _REVIEW_BODY.fullmatch(text):
        return _wording("The plan will be reviewed by %(day)s.", day=_day(match.group(1)))
    if match := _MEETING_BODY.fullmatch(text):
        starts = datetime.strptime(match.group(1), "%A %d %B %Y, %H:%M").replace(tzinfo=zone)
        hour, minute = map(int, match.group(2).split(":"))
        ends = starts.replace(hour=hour, minute=minute)
        values = {"starts": {"when": starts.isoformat()}, "ends": {"clock": ends.isoformat()}}
        if match.group(3) is None:
            return _wording("%(starts)s to %(ends)s", **values)
        where = match.group(3)
        values["where"] = {"wording": _wording("online")} if where == "online" else where
        return _wording("%(starts)s to %(ends)s, %(where)s", **values)
    return _plan_body(text)


def upgrade() -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wording', sa.JSON(), nullable=True))
    # The school's zone, as the application reads it: the times in old meeting entries were written in it.
    zone = ZoneInfo(os.environ.get("TEAMAROUND_TIMEZONE", "Europe/London"))
    entries = sa.table(
        'timeline_entries', sa.column('id'), sa.column('kind'), sa.column('title'), sa.column('body'),
        sa.column('wording', sa.JSON()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(entries.c.id, entries.c.title, entries.c.body).where(
            entries.c.kind.in_(["meeting", "plan_change"])
        )
    )
    for entry_id, title, body in rows.all():
        parts = {name: found for name, found in (("title", _title(title)), ("body", _body(body or "", zone))) if found}
        if parts:
            connection.execute(entries.update().where(entries.c.id == entry_id).values(wording=parts))


def downgrade() -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_column('wording')
