"""Interface languages: English complete, and a second language chosen from the person's preference."""

from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from core.people import accounts

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "webui" / "translations"


def test_a_parent_who_prefers_polish_sees_the_interface_in_polish(client, auth, db, child_team):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "Oś czasu" in page and "Dodaj do osi czasu" in page
    assert 'lang="pl"' in page


def test_dates_are_written_in_the_persons_language(client, auth, db, child_team, make_meeting):
    from datetime import UTC, datetime

    meeting = make_meeting(datetime(2027, 3, 2, 10, tzinfo=UTC))
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    assert "wtorek 2 marca 2027" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_everyone_else_gets_english(client, auth, child_team):
    auth.login(child_team.teacher)
    assert "Add to the timeline" in client.get(f"/children/{child_team.child.id}").get_data(as_text=True)


def test_each_compiled_language_matches_its_source():
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        with open(po_path, "rb") as po, open(po_path.with_suffix(".mo"), "rb") as mo:
            source = {_key(m.id): _key(m.string) for m in read_po(po) if m.id and any(_key(m.string))}
            compiled = {_key(m.id): _key(m.string) for m in read_mo(mo) if m.id}
        assert source == compiled, f"{po_path.parent.parent.name}: run scripts/translations"


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else (value,)
