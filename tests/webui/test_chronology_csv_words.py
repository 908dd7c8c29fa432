"""The chronology's spreadsheet reads in the language of whoever downloads it."""

import csv
import io

from core.people import accounts
from core.timeline import entries as timeline


def _downloaded(client, auth, person, child_id):
    auth.login(person)
    return list(csv.reader(io.StringIO(client.get(f"/children/{child_id}/chronology.csv").get_data(as_text=True))))


def test_a_polish_parents_chronology_has_polish_headings_kinds_agencies_and_days(client, auth, db, child_team, host):
    timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Sesja"}, host=host)
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    header, row = _downloaded(client, auth, child_team.parent, child_team.child.id)
    assert header == ["Data", "Godzina", "Co się wydarzyło", "Szczegóły", "Rodzaj", "Instytucja", "Zapisane przez",
                      "Zapisane dnia"]
    assert row[2] == "Sesja" and row[4] == "Informacja" and row[5] == "Logopedia"
    assert row[0].split()[0] in {"poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"}


def test_an_entry_from_home_is_from_the_family_in_the_readers_language(client, auth, db, child_team, host):
    data = {"kind": "home_observation", "title": "Spała dobrze"}
    timeline.post_entry(db, child_team.parent, child_team.child.id, data, host=host)
    accounts.update_preferences(db, child_team.parent, {"language": "ur"})
    _, row = _downloaded(client, auth, child_team.parent, child_team.child.id)
    assert row[4] == "گھر پر مشاہدہ" and row[5] != "Family"
