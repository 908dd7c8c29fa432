"""Interface languages: English complete, and a second language chosen from the person's preference."""

from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from dates import TUESDAY, at_school

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
    meeting = make_meeting(at_school(TUESDAY, 10))
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    # Polish names the day and puts the month in the genitive: "wtorek 2 marca 2027".
    in_polish = format_date(TUESDAY, "EEEE d MMMM y", locale="pl")
    assert in_polish.startswith("wtorek") and in_polish in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


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


def test_a_person_chooses_a_language_from_its_name_in_that_language(client, auth, child_team):
    auth.login(child_team.parent)
    page = client.get("/account/preferences").get_data(as_text=True)
    assert '<select id="language" name="language"' in page
    assert '<option value="en" lang="en" selected>English</option>' in page
    assert '<option value="pl" lang="pl">Polski</option>' in page


def test_a_language_chosen_from_the_list_is_saved_and_used(client, auth, child_team):
    auth.login(child_team.parent)
    client.post("/account/preferences", data={"language": "pl"})
    assert "Oś czasu" in client.get(f"/children/{child_team.child.id}").get_data(as_text=True)


def test_a_language_without_a_catalogue_stays_chosen_rather_than_being_lost(client, auth, db, child_team):
    accounts.update_preferences(db, child_team.parent, {"language": "cy"})
    auth.login(child_team.parent)
    page = client.get("/account/preferences").get_data(as_text=True)
    assert '<option value="cy" lang="cy" selected>Cymraeg</option>' in page
