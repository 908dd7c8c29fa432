"""Creating a child and managing the team around them."""

import pytest

from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.people import team


def test_school_staff_who_add_a_child_become_its_lead_professional(db, make_person, make_child):
    senco = make_person("school_staff")
    child = make_child(senco)
    [membership] = team.team_overview(db, senco, child.id).members
    assert (membership.person, membership.is_lead, membership.role, membership.agency) == (
        senco,
        True,
        "senco",
        "school",
    )


@pytest.mark.parametrize("kind,agency", [("parent", None), ("professional", "health")])
def test_parents_and_agency_professionals_cannot_add_children(db, make_person, make_child, kind, agency):
    with pytest.raises(Forbidden):
        make_child(make_person(kind, agency=agency))


def test_a_member_keeps_their_own_agency_in_the_team(db, child_team):
    [slt] = [
        m for m in team.team_overview(db, child_team.senco, child_team.child.id).members if m.person == child_team.slt
    ]
    assert slt.agency == "speech_language"


def test_only_the_lead_professional_or_an_administrator_manages_the_team(db, child_team, make_person):
    newcomer = make_person("school_staff")
    with pytest.raises(Forbidden):
        team.add_member(
            db, child_team.teacher, child_team.child.id, {"person_id": newcomer.id, "role": "teaching_assistant"}
        )
    added = team.add_member(
        db, child_team.admin, child_team.child.id, {"person_id": newcomer.id, "role": "teaching_assistant"}
    )
    assert added.added_by_id == child_team.admin.id


def test_a_parent_of_another_child_cannot_learn_that_the_child_exists(db, child_team, make_person):
    with pytest.raises(NotFound):
        team.add_member(
            db,
            child_team.other_parent,
            child_team.child.id,
            {"person_id": child_team.other_parent.id, "role": "parent"},
        )


def test_a_person_is_in_a_team_once(db, child_team):
    with pytest.raises(Conflict):
        team.add_member(
            db, child_team.senco, child_team.child.id, {"person_id": child_team.teacher.id, "role": "class_teacher"}
        )


def test_only_parents_and_carers_hold_the_parent_role(db, child_team, make_person):
    with pytest.raises(InvalidInput) as raised:
        team.add_member(
            db, child_team.senco, child_team.child.id, {"person_id": child_team.outsider.id, "role": "parent"}
        )
    assert list(raised.value.errors) == ["role"]


def test_a_removed_member_can_rejoin_later(db, child_team):
    team.remove_member(db, child_team.senco, child_team.child.id, child_team.teacher.id)
    again = team.add_member(
        db, child_team.senco, child_team.child.id, {"person_id": child_team.teacher.id, "role": "class_teacher"}
    )
    assert again.left_at is None


def test_the_last_lead_professional_cannot_be_removed(db, child_team):
    with pytest.raises(Conflict):
        team.remove_member(db, child_team.senco, child_team.child.id, child_team.senco.id)


def test_a_parents_contact_details_are_shown_to_the_team_only_with_their_agreement(db, child_team):
    overview = team.team_overview(db, child_team.slt, child_team.child.id)
    assert overview.contact(child_team.parent) is None
    assert overview.contact(child_team.senco).email == child_team.senco.email
    child_team.parent.shares_contact_details = True
    assert overview.contact(child_team.parent).email == child_team.parent.email


def test_a_parent_always_sees_their_own_contact_details(db, child_team):
    overview = team.team_overview(db, child_team.parent, child_team.child.id)
    assert overview.contact(child_team.parent).email == child_team.parent.email
