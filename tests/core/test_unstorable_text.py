"""Text no database stores (a NUL, a lone surrogate) and nesting no form has are refused
by the one validation every service uses, naming the field, before anything is saved."""

import pytest

from core.errors import InvalidInput
from core.schemas import EntryInput
from core.timeline import entries as timeline
from core.validation import MAX_DEPTH, load


def test_a_lone_surrogate_is_refused_naming_its_field():
    with pytest.raises(InvalidInput) as raised:
        load(EntryInput(), {"kind": "update", "title": "Seen \ud800 today"})
    assert list(raised.value.errors) == ["title"]


def test_a_lone_surrogate_inside_a_list_names_where_it_is():
    with pytest.raises(InvalidInput) as raised:
        load(EntryInput(), {"kind": "update", "title": "ok", "tags": ["fine", "\udfff"]})
    assert list(raised.value.errors) == ["tags.1"]


def test_a_service_refuses_a_lone_surrogate_before_saving(db, child_team, host):
    with pytest.raises(InvalidInput) as raised:
        timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "\ud800"}, host=host)
    assert list(raised.value.errors) == ["title"]


def test_nesting_deeper_than_any_form_is_refused_naming_the_field():
    payload: dict = {}
    for _ in range(MAX_DEPTH + 1):
        payload = {"a": payload}
    with pytest.raises(InvalidInput) as raised:
        load(EntryInput(), {"kind": "update", "title": "ok", "payload": payload})
    assert [field.split(".")[0] for field in raised.value.errors] == ["payload"]


def test_nesting_thousands_deep_is_refused_without_running_out_of_stack():
    payload: list = []
    for _ in range(50_000):
        payload = [payload]
    with pytest.raises(InvalidInput):
        load(EntryInput(), {"kind": "update", "title": "ok", "payload": payload})
