"""The changes feed through the API: an erased case is told by the child's id alone."""


def test_an_erased_case_reaches_the_api_as_the_childs_id_and_nothing_else(client, bearer, child_team, erase_case):
    headers = bearer("senco")
    cursor = client.get("/api/v1/changes", headers=headers).json["next_cursor"]
    erase_case()
    changes = client.get("/api/v1/changes", query_string={"cursor": cursor}, headers=headers).json["changes"]
    assert [{key: value for key, value in change.items() if key != "sequence"} for change in changes] == [
        {
            "kind": "child_erased",
            "id": child_team.child.id,
            "child_id": child_team.child.id,
            "entry": None,
            "meeting": None,
            "plan": None,
        }
    ]
