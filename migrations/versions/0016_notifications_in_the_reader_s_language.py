"""notifications in the reader's language

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 12:45:00.000000

A notification keeps its headline, and a first line that quotes a system entry's title,
as a message and its values (``wording``, see core/wording.py), so that the list and
the e-mail read in the recipient's language. Notifications made before kept only the
English sentence: the sentences the system wrote are recognised and turned into
messages; a first line a person typed stays as typed. Like 0012, this keeps its own
copy of the English of 5 December 2026 instead of importing code that will move on.
"""

import os
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}"
_WHEN = rf"{_DAY}, \d{{2}}:\d{{2}}"
_POSTED = (
    "posted an update", "posted an observation from home", "posted a message", "posted an assessment",
    "posted a meeting note", "posted a change to the plan", "posted a document", "replied to a message",
)
_IN_SENTENCE = (
    "team around the child meeting", "support plan review", "EHCP annual review", "planning meeting", "meeting",
)
_PURPOSE = "|".join(map(re.escape, _IN_SENTENCE))
_MEETING = rf"({_PURPOSE}) about (.+?) on ({_WHEN})"
# (pattern, message, names of its groups); a group named "meeting" is a meeting in a sentence.
_HEADLINES = [
    (rf"(.+?) ({'|'.join(_POSTED)}) about (.+)", None, ()),
    (rf"An action for you about (.+), by ({_DAY})", "An action for you about %(child)s, by %(day)s", ("child", "day")),
    (rf"(.+?) asks for your report for the ({_PURPOSE}) about (.+), by ({_DAY})",
     "%(person)s asks for your report for the %(purpose)s about %(child)s, by %(day)s",
     ("person", "purpose", "child", "day")),
    (rf"Please say whether you can come to the {_MEETING}", "Please say whether you can come to the %(meeting)s",
     ("meeting",)),
    (rf"Reminder: the {_MEETING}", "Reminder: the %(meeting)s", ("meeting",)),
    (rf"Your action about (.+) was due ({_DAY})", "Your action about %(child)s was due %(day)s", ("child", "day")),
    (rf"Your action about (.+) is due ({_DAY})", "Your action about %(child)s is due %(day)s", ("child", "day")),
    (rf"(.+)'s action about (.+) was due ({_DAY})", "%(person)s's action about %(child)s was due %(day)s",
     ("person", "child", "day")),
    (rf"Your report for the {_MEETING} is due ({_DAY})", "Your report for the %(meeting)s is due %(day)s",
     ("meeting", "day")),
    (rf"Your report for the {_MEETING} was due ({_DAY})", "Your report for the %(meeting)s was due %(day)s",
     ("meeting", "day")),
    (rf"(.+?)'s report for the {_MEETING} was due ({_DAY}) and has not come",
     "%(person)s's report for the %(meeting)s was due %(day)s and has not come", ("person", "meeting", "day")),
]
_TITLES = {
    "New support plan started", "Plan updated", "New target added to the plan", "Target changed",
    "Target taken out of the plan", "New strategy added to the plan", "Strategy changed",
    "Strategy taken out of the plan", "New support added to the plan", "Support changed",
    "Support taken out of the plan", "Review date changed", "Review date set", "Plan reviewed",
    "Next plan started", "Plan agreed",
}
_PURPOSES = {"Team around the child meeting", "Support plan review", "EHCP annual review", "Planning meeting", "Meeting"}
_MEETING_TITLE = re.compile(r"Meeting (booked|confirmed|changed|cancelled): (.+)", re.DOTALL)
_ACTION_TITLE = re.compile(rf"Action for (.+), by ({_DAY})", re.DOTALL)


def _wording(key, **values):
    return {"key": key, "values": values}


def _day(text):
    return {"day": datetime.strptime(text, "%A %d %B %Y").date().isoformat()}


def _headline(text, zone):
    for pattern, key, names in _HEADLINES:
        if not (match := re.fullmatch(pattern, text, re.DOTALL)):
            continue
        if key is None:
            person, did, child = match.groups()
            return _wording(f"%(person)s {did} about %(child)s", person=person, child=child)
        groups, values = list(match.groups()), {}
        for name in names:
            if name == "meeting":
                purpose, child, when = groups[:3]
                del groups[:3]
                starts = datetime.strptime(when, "%A %d %B %Y, %H:%M").replace(tzinfo=zone)
                values[name] = {"wording": _wording(
                    "%(purpose)s about %(child)s on %(when)s", purpose={"wording": _wording(purpose)}, child=child,
                    when={"when": starts.astimezone(UTC).isoformat()},
                )}
            else:
                value = groups.pop(0)
                values[name] = (
                    _day(value) if name == "day" else {"wording": _wording(value)} if name == "purpose" else value
                )
        return _wording(key, **values)
    return None


def _entry_title(text):
    """A first line quoting a system entry's title, as 0012 recognises titles."""
    if text in _TITLES:
        return _wording(text)
    if match := _MEETING_TITLE.fullmatch(text):
        name = match.group(2)
        meeting = {"wording": _wording(name)} if name in _PURPOSES else name
        return _wording(f"Meeting {match.group(1)}: %(meeting)s", meeting=meeting)
    if match := _ACTION_TITLE.fullmatch(text):
        return _wording("Action for %(person)s, by %(day)s", person=match.group(1), day=_day(match.group(2)))
    return None


def upgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wording', sa.JSON(), nullable=True))
    zone = ZoneInfo(os.environ.get("TEAMAROUND_TIMEZONE", "Europe/London"))
    notifications = sa.table(
        'notifications', sa.column('id'), sa.column('kind'), sa.column('headline'), sa.column('first_line'),
        sa.column('wording', sa.JSON()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(notifications.c.id, notifications.c.kind, notifications.c.headline, notifications.c.first_line)
    )
    for notification_id, kind, headline, first_line in rows.all():
        parts = {}
        if found := _headline(headline, zone):
            parts["headline"] = found
        # Only entries about meetings and plan changes are written by the system.
        if kind in ("meeting", "plan_change") and first_line and (found := _entry_title(first_line)):
            parts["first_line"] = found
        if parts:
            connection.execute(
                notifications.update().where(notifications.c.id == notification_id).values(wording=parts)
            )


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('wording')
