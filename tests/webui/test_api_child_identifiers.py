"""A school's system adds children with their UPN and NHS number, keeps them in step and
finds a child by them, through the API and the access policy."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import ValidationError

from core.records.identifiers import valid_nhs_number, valid_upn

UPN = "B801200005001"
NHS_NUMBER = "9434765919"


@pytest.fixture
def new_pupil():
    """A pupil as the school's census knows them."""
    return {
        "full_name": "Maya Okafor",
        "date_of_birth": "2019-02-03",
        "year_group": "Year 2",
        "upn": UPN,
        "nhs_number": "943 476 5919",
    }


def test_a_school_system_adds_a_pupil_with_their_identifiers(client, bearer, new_pupil):
    answer = client.post("/api/v1/children", json=new_pupil, headers=bearer("senco"))
    assert answer.status_code == 201
    assert (answer.json["upn"], answer.json["nhs_number"]) == (UPN, NHS_NUMBER)


def test_a_pupil_is_found_by_their_upn(client, bearer, new_pupil):
    headers = bearer("senco")
    made = client.post("/api/v1/children", json=new_pupil, headers=headers).json
    found = client.get("/api/v1/children", query_string={"upn": UPN.lower()}, headers=headers).json
    assert [child["id"] for child in found["children"]] == [made["id"]]


def test_a_child_is_found_by_their_nhs_number(client, bearer, new_pupil):
    headers = bearer("senco")
    made = client.post("/api/v1/children", json=new_pupil, headers=headers).json
    found = client.get("/api/v1/children", query_string={"nhs_number": NHS_NUMBER}, headers=headers).json
    assert [child["id"] for child in found["children"]] == [made["id"]]


def test_a_child_outside_ones_teams_is_not_found_by_their_upn(client, bearer, new_pupil):
    client.post("/api/v1/children", json=new_pupil, headers=bearer("senco"))
    found = client.get("/api/v1/children", query_string={"upn": UPN}, headers=bearer("slt")).json
    assert found["children"] == []


def test_a_upn_with_the_wrong_check_letter_is_refused_naming_it(client, bearer, new_pupil):
    answer = client.post("/api/v1/children", json={**new_pupil, "upn": "A" + UPN[1:]}, headers=bearer("senco"))
    assert answer.status_code == 400 and list(answer.json["errors"]) == ["upn"]


def test_an_nhs_number_with_the_wrong_check_digit_is_refused_naming_it(client, bearer, new_pupil):
    answer = client.post("/api/v1/children", json={**new_pupil, "nhs_number": "9434765918"}, headers=bearer("senco"))
    assert answer.status_code == 400 and list(answer.json["errors"]) == ["nhs_number"]


@pytest.mark.parametrize("name", ["upn", "nhs_number"])
def test_an_identifier_another_child_holds_is_refused_naming_it(client, bearer, new_pupil, name):
    headers = bearer("senco")
    client.post("/api/v1/children", json=new_pupil, headers=headers)
    other = {"upn": None, "nhs_number": None, name: new_pupil[name]}
    answer = client.post("/api/v1/children", json={**new_pupil, **other, "full_name": "Zara Okafor"}, headers=headers)
    assert answer.status_code == 409 and list(answer.json["errors"]) == [name]


def test_the_lead_corrects_a_childs_upn_on_the_version_read(client, bearer, child_team):
    headers = bearer("senco")
    read = client.get(f"/api/v1/children/{child_team.child.id}", headers=headers)
    changed = client.patch(
        f"/api/v1/children/{child_team.child.id}",
        json={"upn": UPN},
        headers={**headers, "If-Match": read.headers["ETag"]},
    )
    assert changed.status_code == 200 and changed.json["upn"] == UPN
    assert changed.json["full_name"] == read.json["full_name"]


def test_a_change_on_an_old_version_is_refused(client, bearer, child_team):
    headers = bearer("senco")
    etag = client.get(f"/api/v1/children/{child_team.child.id}", headers=headers).headers["ETag"]
    client.patch(f"/api/v1/children/{child_team.child.id}", json={"upn": UPN}, headers={**headers, "If-Match": etag})
    stale = client.patch(
        f"/api/v1/children/{child_team.child.id}",
        json={"nhs_number": NHS_NUMBER},
        headers={**headers, "If-Match": etag},
    )
    assert stale.status_code == 412


@pytest.mark.parametrize("who", ["teacher", "slt", "parent"])
def test_only_the_lead_changes_a_childs_identifiers(client, bearer, child_team, who):
    headers = bearer(who)
    etag = client.get(f"/api/v1/children/{child_team.child.id}", headers=headers).headers["ETag"]
    answer = client.patch(
        f"/api/v1/children/{child_team.child.id}", json={"upn": UPN}, headers={**headers, "If-Match": etag}
    )
    assert answer.status_code in (403, 404) and answer.status_code != 200


def test_a_parent_cannot_add_a_child(client, bearer, new_pupil):
    assert client.post("/api/v1/children", json=new_pupil, headers=bearer("parent")).status_code == 403


def test_an_erased_case_keeps_no_identifier(db, client, bearer, child_team, erase_case):
    headers = bearer("senco")
    etag = client.get(f"/api/v1/children/{child_team.child.id}", headers=headers).headers["ETag"]
    client.patch(
        f"/api/v1/children/{child_team.child.id}",
        json={"upn": UPN, "nhs_number": NHS_NUMBER},
        headers={**headers, "If-Match": etag},
    )
    db.expire_all()  # the API changed the child's row: the test's session reads it again
    erase_case()
    assert (child_team.child.upn, child_team.child.nhs_number) == (None, None)


# The check characters as the DfE and the NHS publish them, worked here on their own terms.
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 0 to 22: I, O and S are never used


def upn_check_letter(twelve: str) -> str:
    """Characters 2 to 13 weighted 2 to 13, summed, modulo 23; a final letter counts as its place."""
    values = [int(c) if c.isdigit() else CHECK_LETTERS.index(c) for c in twelve]
    return CHECK_LETTERS[sum(weight * value for weight, value in zip(range(2, 14), values, strict=True)) % 23]


def nhs_check_digit(nine: str) -> int | None:
    """Digits weighted 10 down to 2, summed; 11 less the remainder by 11 (11 is 0, 10 is no number)."""
    check = 11 - sum(weight * int(d) for weight, d in zip(range(10, 1, -1), nine, strict=True)) % 11
    return {11: 0, 10: None}.get(check, check)


@given(
    st.sampled_from(["201", "801", "936"]),
    st.integers(0, 99_999_999),
    st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUVWXYZ"),
)
def test_a_upn_is_taken_with_its_check_letter_and_refused_with_any_other(authority, middle, last):
    twelve = f"{authority}{middle:08d}{last}"
    right = upn_check_letter(twelve)
    assert valid_upn(right + twelve) == right + twelve
    for wrong in CHECK_LETTERS.replace(right, ""):
        with pytest.raises(ValidationError, match="check letter"):
            valid_upn(wrong + twelve)


@given(st.integers(0, 999_999_999))
def test_an_nhs_number_is_taken_with_its_check_digit_and_refused_with_any_other(first_nine):
    nine = f"{first_nine:09d}"
    right = nhs_check_digit(nine)
    for digit in range(10):
        if digit == right:
            assert valid_nhs_number(f"{nine}{digit}") == f"{nine}{digit}"
        else:
            with pytest.raises(ValidationError, match="last digit"):
                valid_nhs_number(f"{nine}{digit}")
