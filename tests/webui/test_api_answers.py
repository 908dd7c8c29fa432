"""The API's answers are written as marshmallow writes them (webui.api.schemas.Answer reads
and formats each field in one step, not through marshmallow's own loop)."""

import pytest
from marshmallow import Schema

from webui.api.schemas import Answer

# The timeline's pages are written by hand instead: tests/webui/test_api_entry_answers.py.
READS = [
    "/api/v1/children",
    "/api/v1/children/{child}",
    "/api/v1/children/{child}/team",
    "/api/v1/children/{child}/documents",
    "/api/v1/children/{child}/plan",
    "/api/v1/children/{child}/meetings",
    "/api/v1/meetings",
    "/api/v1/children/{child}/ehc",
    "/api/v1/children/{child}/referrals",
    "/api/v1/glossary",
    "/api/v1/assessment-types",
    "/api/v1/plugins",
    "/api/v1/changes",
]


@pytest.mark.parametrize("who", ["senco", "parent"])
def test_every_answer_is_what_marshmallow_writes(client, bearer, full_case, child_team, monkeypatch, who):
    headers = bearer(who)
    paths = [path.format(child=child_team.child.id) for path in READS]
    ours = {path: client.get(path, headers=headers) for path in paths}
    monkeypatch.setattr(Answer, "_serialize", Schema._serialize)
    theirs = {path: client.get(path, headers=headers) for path in paths}
    assert all(answer.status_code == 200 for answer in ours.values()), {p: a.status_code for p, a in ours.items()}
    assert {path: ours[path].json for path in paths} == {path: theirs[path].json for path in paths}
