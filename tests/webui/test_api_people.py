"""A school's or an agency's system opens the accounts of the people it knows, keeps them in
step and finds a person by the identifier it knows them by, through the API: an
administrator's token (the school's system's), as an administrator opens accounts on the pages."""

import pytest
from sqlalchemy import func, select

from core.models import AccountLink, LinkPurpose, Person
from core.people import tokens as api_tokens


@pytest.fixture
def new_teacher():
    """A teacher as the school's management information system knows them."""
    return {
        "full_name": "Hugh Jones",
        "email": "hugh.jones@hillside.example",
        "kind": "school_staff",
        "agency": "school",
        "identifiers": [{"system": "hillside_mis", "value": "T0042"}],
    }


@pytest.fixture
def admin(bearer):
    return bearer("admin")


@pytest.fixture
def opened(client, admin, new_teacher):
    """The teacher's account as the school's system opened it (the answer)."""
    return client.post("/api/v1/people", json=new_teacher, headers=admin)


def change(client, headers, answer, body):
    """PATCH ``body`` onto the person of ``answer``, on the version it gave."""
    return client.patch(
        f"/api/v1/people/{answer.json['id']}", json=body, headers={**headers, "If-Match": answer.headers["ETag"]}
    )


def found(client, headers, system, identifier):
    answer = client.get("/api/v1/people", query_string={"system": system, "identifier": identifier}, headers=headers)
    return [person["id"] for person in answer.json["people"]]


def test_a_schools_system_opens_a_staff_account_with_its_identifier(opened):
    assert opened.status_code == 201
    assert (opened.json["kind"], opened.json["identifiers"]) == (
        "school_staff",
        [{"system": "hillside_mis", "value": "T0042"}],
    )
    assert opened.headers["ETag"] == '"1"'


def test_the_person_opened_is_invited_to_choose_a_password(db, opened):
    invited = select(AccountLink.id).where(
        AccountLink.person_id == opened.json["id"], AccountLink.purpose == LinkPurpose.INVITATION
    )
    assert db.scalar(select(Person.password_hash).where(Person.id == opened.json["id"])) is None
    assert db.scalar(invited) is not None


def test_a_person_is_found_by_the_identifier_their_system_knows_them_by(client, admin, opened):
    assert found(client, admin, "hillside_mis", "T0042") == [opened.json["id"]]
    assert found(client, admin, "hillside_mis", "T0043") == []


def test_the_same_identifier_from_another_system_is_another_persons(client, admin, opened, new_teacher):
    other = {
        **new_teacher,
        "email": "hugh.jones@oakfield.example",
        "identifiers": [{"system": "oakfield_mis", "value": "T0042"}],
    }
    assert client.post("/api/v1/people", json=other, headers=admin).status_code == 201
    assert found(client, admin, "hillside_mis", "T0042") == [opened.json["id"]]


def test_an_identifier_another_person_holds_in_that_system_is_refused_naming_it(client, admin, opened, new_teacher):
    answer = client.post("/api/v1/people", json={**new_teacher, "email": "h.jones@hillside.example"}, headers=admin)
    assert answer.status_code == 409 and list(answer.json["errors"]) == ["identifiers.0.value"]


def test_an_e_mail_address_another_account_has_is_refused_naming_it(client, admin, opened, new_teacher):
    answer = client.post("/api/v1/people", json={**new_teacher, "identifiers": []}, headers=admin)
    assert answer.status_code == 409 and list(answer.json["errors"]) == ["email"]


def test_a_parent_opened_with_an_agency_is_refused_naming_it(client, admin, new_teacher):
    parent = {**new_teacher, "kind": "parent", "agency": "health", "identifiers": []}
    answer = client.post("/api/v1/people", json=parent, headers=admin)
    assert answer.status_code == 400 and list(answer.json["errors"]) == ["agency"]


def test_a_system_gives_a_person_one_identifier(client, admin, new_teacher):
    twice = [{"system": "hillside_mis", "value": "T0042"}, {"system": "hillside_mis", "value": "T0043"}]
    answer = client.post("/api/v1/people", json={**new_teacher, "identifiers": twice}, headers=admin)
    assert answer.status_code == 400 and list(answer.json["errors"]) == ["identifiers.1.system"]


@pytest.mark.parametrize(
    ("identifier", "field"),
    [
        ({"system": "Hillside MIS", "value": "T0042"}, "identifiers.0.system"),
        ({"system": "hillside_mis", "value": "   "}, "identifiers.0.value"),
        ({"system": "hillside_mis", "value": "T" * 201}, "identifiers.0.value"),
    ],
)
def test_a_malformed_identifier_is_refused_naming_the_field(client, admin, new_teacher, identifier, field):
    answer = client.post("/api/v1/people", json={**new_teacher, "identifiers": [identifier]}, headers=admin)
    assert answer.status_code == 400 and list(answer.json["errors"]) == [field]


def test_the_system_corrects_a_persons_details_on_the_version_read(client, admin, opened):
    changed = change(client, admin, opened, {"email": "h.jones@hillside.example", "phone": "01632 960123"})
    assert changed.status_code == 200
    assert (changed.json["email"], changed.json["phone"], changed.json["full_name"]) == (
        "h.jones@hillside.example",
        "01632 960123",
        "Hugh Jones",
    )
    assert changed.headers["ETag"] == '"2"'


def test_a_change_on_an_old_version_is_refused(client, admin, opened):
    change(client, admin, opened, {"phone": "01632 960123"})
    assert change(client, admin, opened, {"phone": "01632 960999"}).status_code == 412


def test_a_new_identifier_from_a_system_replaces_the_one_it_gave_before(client, admin, opened):
    change(client, admin, opened, {"identifiers": [{"system": "hillside_mis", "value": "T0099"}]})
    assert found(client, admin, "hillside_mis", "T0042") == []
    assert found(client, admin, "hillside_mis", "T0099") == [opened.json["id"]]


def test_a_changed_identifier_moves_the_accounts_version(client, admin, opened):
    changed = change(client, admin, opened, {"identifiers": [{"system": "hillside_mis", "value": "T0099"}]})
    assert changed.headers["ETag"] == '"2"'


def test_another_systems_identifier_is_added_beside_the_first(client, admin, opened):
    changed = change(client, admin, opened, {"identifiers": [{"system": "hcpc", "value": "SL12345"}]})
    assert changed.json["identifiers"] == [
        {"system": "hillside_mis", "value": "T0042"},
        {"system": "hcpc", "value": "SL12345"},
    ]


def test_an_identifier_sent_without_a_value_is_removed(client, admin, opened):
    changed = change(client, admin, opened, {"identifiers": [{"system": "hillside_mis", "value": None}]})
    assert changed.status_code == 200 and changed.json["identifiers"] == []


def test_an_identifier_another_person_holds_is_refused_on_a_change_too(client, admin, opened, new_teacher):
    other = client.post(
        "/api/v1/people",
        json={
            **new_teacher,
            "email": "ann.lee@hillside.example",
            "identifiers": [{"system": "hillside_mis", "value": "T0050"}],
        },
        headers=admin,
    )
    answer = change(client, admin, other, {"identifiers": [{"system": "hillside_mis", "value": "T0042"}]})
    assert answer.status_code == 409 and list(answer.json["errors"]) == ["identifiers.0.value"]


def test_a_member_of_staff_who_left_has_their_account_closed_by_their_system(client, admin, opened):
    changed = change(client, admin, opened, {"active": False})
    assert changed.status_code == 200 and changed.json["active"] is False


def test_the_kind_of_account_is_not_changed_through_the_api(client, admin, opened):
    answer = change(client, admin, opened, {"kind": "administrator"})
    assert answer.status_code == 400 and list(answer.json["errors"]) == ["kind"]


@pytest.mark.parametrize("who", ["senco", "teacher", "slt", "parent"])
def test_only_administrators_open_accounts(client, bearer, new_teacher, who):
    assert client.post("/api/v1/people", json=new_teacher, headers=bearer(who)).status_code == 403


@pytest.mark.parametrize("who", ["senco", "slt", "parent"])
def test_only_administrators_find_people_by_identifier(client, bearer, opened, who):
    answer = client.get(
        "/api/v1/people", query_string={"system": "hillside_mis", "identifier": "T0042"}, headers=bearer(who)
    )
    assert answer.status_code == 403


def test_a_read_only_token_opens_no_account(db, client, child_team, new_teacher):
    _, secret = api_tokens.create(db, child_team.admin, {"name": "MIS lookups", "scope": "read"})
    answer = client.post("/api/v1/people", json=new_teacher, headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 403


def test_an_account_opened_again_with_the_same_idempotency_key_is_opened_once(db, client, admin, new_teacher):
    headers = {**admin, "Idempotency-Key": "mis-sync-2026-12-06-T0042"}
    first = client.post("/api/v1/people", json=new_teacher, headers=headers)
    again = client.post("/api/v1/people", json=new_teacher, headers=headers)
    assert (again.status_code, again.json["id"], again.headers["Idempotent-Replayed"]) == (
        201,
        first.json["id"],
        "true",
    )
    assert db.scalar(select(func.count()).where(Person.email == new_teacher["email"])) == 1


def test_a_search_by_identifier_names_both_the_system_and_the_identifier(client, admin):
    answer = client.get("/api/v1/people", query_string={"system": "hillside_mis"}, headers=admin)
    assert answer.status_code == 400 and list(answer.json["errors"]) == ["identifier"]
