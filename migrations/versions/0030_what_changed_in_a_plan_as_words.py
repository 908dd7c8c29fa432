"""what changed in an agreed plan as words to translate

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05 19:00:00.000000

An agreed version lists what changed since the one before (``plan_versions.changes``), and
the "Plan agreed" entry on the timeline repeats the list in its body. Both kept English
sentences; they now keep a message and its values (core/wording.py), read in the reader's
language. The sentences the system wrote are recognised and turned into messages; a line
not recognised stays as written. Like 0012 and 0016, this keeps its own copy of the English
of 5 December 2026 instead of importing code that will move on.
"""

import re
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None

_WHOLE = (
    "The first agreed version of the plan.", "The child's views changed", "The parents' views changed",
    "No changes since the last agreed version.",
)
_AREAS = (
    "Communication and interaction", "Cognition and learning", "Social, emotional and mental health",
    "Sensory and/or physical needs",
)
_PARTS = (
    "New target", "Target changed", "Target no longer in the plan", "New strategy", "Strategy changed",
    "Strategy no longer in the plan", "New support", "Support changed", "Support no longer in the plan",
)
_PART = re.compile(rf"({'|'.join(map(re.escape, _PARTS))}): (.+)", re.DOTALL)
_NEEDS = re.compile(rf"Needs changed: ({'|'.join(map(re.escape, _AREAS))})")
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}"
_REVIEW = re.compile(rf"Review date: ({_DAY})")


def _wording(key, **values):
    return {"key": key, "values": values}


def _change(text):
    """One line of what changed as the message the system keeps today; None when not the system's."""
    if text in _WHOLE:
        return _wording(text)
    if match := _PART.fullmatch(text):
        return _wording(f"{match.group(1)}: %(text)s", text=match.group(2))
    if match := _NEEDS.fullmatch(text):
        return _wording("Needs changed: %(area)s", area={"wording": _wording(match.group(1))})
    if match := _REVIEW.fullmatch(text):
        day = datetime.strptime(match.group(1), "%A %d %B %Y").date().isoformat()
        return _wording("Review date: %(day)s", day={"day": day})
    return None


def _english(change):
    """A change in the English the system wrote before, for a downgrade."""
    if isinstance(change, str):
        return change
    values = {}
    for name, value in change["values"].items():
        if isinstance(value, dict) and "wording" in value:
            value = value["wording"]["key"]
        elif isinstance(value, dict) and "day" in value:
            day = date.fromisoformat(value["day"])
            value = f"{day:%A} {day.day} {day:%B %Y}"
        values[name] = value
    return change["key"] % values if values else change["key"]


def _versions():
    return sa.table('plan_versions', sa.column('id'), sa.column('changes', sa.JSON()))


def _agreed_entries():
    return sa.table('timeline_entries', sa.column('id'), sa.column('kind'), sa.column('wording', sa.JSON()))


def _rewrite(turn):
    """Every version's changes, and the lines after the first of each "Plan agreed" entry's body, through ``turn``."""
    connection = op.get_bind()
    versions = _versions()
    for version_id, changes in connection.execute(sa.select(versions.c.id, versions.c.changes)).all():
        turned = [turn(change) for change in changes or []]
        if turned != changes:
            connection.execute(versions.update().where(versions.c.id == version_id).values(changes=turned))
    entries = _agreed_entries()
    rows = connection.execute(
        sa.select(entries.c.id, entries.c.wording).where(entries.c.kind == "plan_change")
    )
    for entry_id, wording in rows.all():
        if not wording or (wording.get("title") or {}).get("key") != "Plan agreed" or "body" not in wording:
            continue
        lines = wording["body"]["values"]["lines"]["lines"]
        agreed, *changes = lines
        turned = [_nested(turn(_unnested(change))) for change in changes]
        if turned != changes:
            body = {"key": "%(lines)s", "values": {"lines": {"lines": [agreed, *turned]}}}
            worded = {**wording, "body": body}
            connection.execute(entries.update().where(entries.c.id == entry_id).values(wording=worded))


def _nested(change):
    return {"wording": change} if isinstance(change, dict) else change


def _unnested(change):
    return change["wording"] if isinstance(change, dict) else change


def upgrade() -> None:
    _rewrite(lambda change: (_change(change) or change) if isinstance(change, str) else change)


def downgrade() -> None:
    _rewrite(_english)
