"""Who reads which entries of a child's timeline: the access policy, role by role."""

import pytest

from core.errors import InvalidInput, NotFound
from core.models import Visibility
from core.people import consent, team
from core.timeline import entries as timeline


@pytest.fixture
def entries(db, child_team, host):
    """One entry of each visibility, posted by the speech and language therapist."""
    posted = {}
    for visibility in Visibility:
        data = {"kind": "update", "title": f"{visibility.value} entry", "visibility": visibility.value}
        posted[visibility] = timeline.post_entry(db, child_team.slt, child_team.child.id, data, host=host)
    return posted


def titles(db, person, child):
    return {entry.title for entry in timeline.read_timeline(db, person, child.id).entries}


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("parent", {"team entry"}),
        ("teacher", {"team entry", "professionals entry"}),
        ("senco", {"team entry", "professionals entry"}),
        ("slt", {"team entry", "professionals entry", "agency entry"}),
    ],
)
def test_each_member_reads_the_entries_their_role_allows(db, child_team, entries, reader, expected):
    assert titles(db, getattr(child_team, reader), child_team.child) == expected


@pytest.mark.parametrize("reader", ["other_parent", "outsider", "admin", "ot_without_consent"])
def test_people_without_access_are_told_the_child_does_not_exist(db, child_team, entries, reader):
    with pytest.raises(NotFound):
        timeline.read_timeline(db, getattr(child_team, reader), child_team.child.id)


def test_a_professional_sees_the_child_once_consent_for_their_agency_is_recorded(db, child_team, entries):
    consent.record_consent(db, child_team.senco, child_team.child.id, "occupational_therapy")
    assert titles(db, child_team.ot_without_consent, child_team.child) == {"team entry", "professionals entry"}


def test_professionals_of_two_agencies_each_read_only_their_own_agencys_entries(db, child_team, entries, host):
    consent.record_consent(db, child_team.senco, child_team.child.id, "occupational_therapy")
    data = {"kind": "update", "title": "ot agency entry", "visibility": "agency"}
    timeline.post_entry(db, child_team.ot_without_consent, child_team.child.id, data, host=host)
    assert titles(db, child_team.slt, child_team.child) == {"team entry", "professionals entry", "agency entry"}
    assert titles(db, child_team.ot_without_consent, child_team.child) == {
        "team entry",
        "professionals entry",
        "ot agency entry",
    }


def test_school_staff_of_no_agency_read_what_the_whole_team_and_professionals_read(
    db, child_team, entries, make_person, host
):
    assistant = make_person("school_staff", name="Teaching Assistant")
    assistant.agency = None  # as `teamaround create-user` leaves it without --agency
    membership = {"person_id": assistant.id, "role": "teaching_assistant"}
    team.add_member(db, child_team.senco, child_team.child.id, membership)
    data = {"kind": "update", "title": "assistant's own entry", "visibility": "agency"}
    timeline.post_entry(db, assistant, child_team.child.id, data, host=host)
    assert titles(db, assistant, child_team.child) == {"team entry", "professionals entry", "assistant's own entry"}


def test_withdrawn_consent_ends_the_agencys_access_but_keeps_its_entries(db, child_team, entries, site):
    consent.withdraw_consent(db, child_team.senco, child_team.child.id, "speech_language", site=site)
    with pytest.raises(NotFound):
        timeline.read_timeline(db, child_team.slt, child_team.child.id)
    assert "team entry" in titles(db, child_team.parent, child_team.child)


def test_a_former_member_no_longer_sees_the_child(db, child_team, entries):
    team.remove_member(db, child_team.senco, child_team.child.id, child_team.teacher.id)
    with pytest.raises(NotFound):
        timeline.read_timeline(db, child_team.teacher, child_team.child.id)


def test_a_hidden_entry_cannot_be_fetched_or_acknowledged_by_id(db, child_team, entries):
    hidden = entries[Visibility.PROFESSIONALS]
    with pytest.raises(NotFound):
        timeline.acknowledge(db, child_team.parent, hidden.id)


def test_a_parent_can_only_share_with_the_whole_team(db, child_team, host):
    data = {"kind": "home_observation", "title": "Slept well", "visibility": "professionals"}
    with pytest.raises(InvalidInput) as raised:
        timeline.post_entry(db, child_team.parent, child_team.child.id, data, host=host)
    assert list(raised.value.errors) == ["visibility"]


def test_the_children_list_holds_only_children_the_person_may_see(db, child_team):
    from core.access import visible_children

    assert db.scalars(visible_children(child_team.parent)).all() == [child_team.child]
    assert db.scalars(visible_children(child_team.ot_without_consent)).all() == []
    assert db.scalars(visible_children(child_team.admin)).all() == []
