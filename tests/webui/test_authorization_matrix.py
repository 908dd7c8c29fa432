"""Every route, for every kind of person: the exact answer the access policy gives.

The routes come from the app's URL map, so a new route without a row here fails
`test_every_route_is_in_the_matrix` until someone decides who may use it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from core import timeline
from core.models import Visibility

ROLES = ["anonymous", "parent", "other_parent", "teacher", "slt", "ot_without_consent", "senco", "admin", "outsider"]
MEMBERS = {"parent", "teacher", "slt", "senco"}


@dataclass
class Probe:
    method: str
    url: Callable
    expected: dict
    data: Callable = field(default=lambda t: {})


def answers(default_member=None, default_other=404, anonymous=302, **by_role):
    """Expected status per role: members get ``default_member``, everyone else ``default_other``."""
    table = {role: (default_member if role in MEMBERS else default_other) for role in ROLES}
    table["anonymous"] = anonymous
    table.update(by_role)
    return table


def only_admin(ok):
    return answers(default_member=403, default_other=403, admin=ok)


PROBES = {
    "auth.login": Probe("GET", lambda t: "/login", answers(200, 200, anonymous=200)),
    "auth.login[post]": Probe(
        "POST",
        lambda t: "/login",
        answers(401, 401, anonymous=401),
        data=lambda t: {"email": "nobody@example.org", "password": "wrong"},
    ),
    "auth.logout": Probe("POST", lambda t: "/logout", answers(302, 302)),
    "auth.change_password": Probe("GET", lambda t: "/account/password", answers(200, 200)),
    "children.index": Probe("GET", lambda t: "/", answers(200, 200)),
    "children.child_timeline": Probe("GET", lambda t: f"/children/{t.child.id}", answers(200)),
    "children.post_entry": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/entries",
        answers(302),
        data=lambda t: {"kind": "message", "title": "Hello"},
    ),
    "children.acknowledge[team]": Probe("POST", lambda t: f"/entries/{t.entries['team']}/acknowledge", answers(302)),
    "children.acknowledge[professionals]": Probe(
        "POST", lambda t: f"/entries/{t.entries['professionals']}/acknowledge", answers(302, parent=404)
    ),
    "children.acknowledge[agency]": Probe(
        "POST", lambda t: f"/entries/{t.entries['agency']}/acknowledge", answers(404, slt=302)
    ),
    "team.show": Probe("GET", lambda t: f"/children/{t.child.id}/team", answers(200, admin=200)),
    "team.add": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/team",
        answers(403, senco=302, admin=302),
        data=lambda t: {"email": t.newcomer.email, "role": "teaching_assistant"},
    ),
    "team.remove": Probe(
        "POST", lambda t: f"/children/{t.child.id}/team/{t.teacher.id}/remove", answers(403, senco=302, admin=302)
    ),
    "team.record_consent": Probe(
        "POST",
        lambda t: f"/children/{t.child.id}/consents",
        answers(403, senco=302),
        data=lambda t: {"agency": "occupational_therapy"},
    ),
    "team.withdraw_consent": Probe(
        "POST", lambda t: f"/children/{t.child.id}/consents/speech_language/withdraw", answers(403, senco=302)
    ),
    "team.viewers": Probe(
        "GET", lambda t: f"/children/{t.child.id}/viewers", answers(403, parent=200, senco=200, admin=200)
    ),
    "team.close": Probe("POST", lambda t: f"/children/{t.child.id}/close", answers(403, senco=302, admin=302)),
    "admin.account_list": Probe("GET", lambda t: "/admin/accounts", only_admin(200)),
    "admin.children_register": Probe("GET", lambda t: "/admin/children", only_admin(200)),
    "admin.create_account": Probe(
        "POST",
        lambda t: "/admin/accounts",
        only_admin(302),
        data=lambda t: {
            "full_name": "New Parent",
            "email": "new@example.org",
            "kind": "parent",
            "password": "a long enough password",
        },
    ),
    "admin.deactivate": Probe("POST", lambda t: f"/admin/accounts/{t.teacher.id}/deactivate", only_admin(302)),
    "admin.reactivate": Probe("POST", lambda t: f"/admin/accounts/{t.teacher.id}/reactivate", only_admin(302)),
    "admin.export_person": Probe("GET", lambda t: f"/admin/accounts/{t.parent.id}/export.json", only_admin(200)),
    "admin.export_child": Probe("GET", lambda t: f"/admin/children/{t.child.id}/export.json", only_admin(200)),
}


@pytest.fixture
def probed_team(db, child_team, host, make_person):
    """The standard team, with one entry of each visibility by the speech and language therapist."""
    child_team.entries = {
        visibility.value: timeline.post_entry(
            db,
            child_team.slt,
            child_team.child.id,
            {"kind": "update", "title": visibility.value, "visibility": visibility.value},
            host=host,
        ).id
        for visibility in Visibility
    }
    child_team.newcomer = make_person("school_staff", name="New Assistant")
    return child_team


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    probed = {name.split("[")[0] for name in PROBES}
    assert endpoints == probed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("probe_name", sorted(PROBES))
def test_each_route_answers_each_role_exactly(client, auth, probed_team, probe_name, role):
    probe = PROBES[probe_name]
    if role != "anonymous":
        assert auth.login(getattr(probed_team, role)).status_code == 302
    response = client.open(probe.url(probed_team), method=probe.method, data=probe.data(probed_team))
    assert response.status_code == probe.expected[role], response.get_data(as_text=True)[:500]
