"""Words that follow a number agree with it: a typed unit stands apart, counted words go through ngettext."""

from core.people import accounts


def test_a_typed_unit_is_named_apart_from_the_numbers_it_counts(client, auth, child_team, add_outcome):
    add_outcome(text="Calm at lunchtime", unit="upsets a week", baseline_value=1, target_value=0)
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}/plan").get_data(as_text=True)
    assert "Counted as upsets a week: from 1 on" in page
    assert "1 upsets a week" not in page


def test_a_polish_reader_reads_the_typed_unit_apart_too(client, auth, db, child_team, add_outcome):
    add_outcome(text="Calm at lunchtime", unit="upsets a week", baseline_value=1, target_value=0)
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}/plan").get_data(as_text=True)
    assert "Liczone jako: upsets a week. Punkt wyjścia: 1" in page
