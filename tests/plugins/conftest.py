"""Helpers for the agency plugins' tests: pure, no database."""

import copy

import pytest
from marshmallow import ValidationError

_REMOVE = object()


def _path(dotted):
    """``"medication.0.dose"`` -> ``("medication", 0, "dose")``: list positions as marshmallow reports them."""
    return tuple(int(part) if part.isdigit() else part for part in dotted.split("."))


def _changed(payload, path, value):
    """A deep copy of ``payload`` with the item at ``path`` replaced, or removed when no value is given."""
    changed = copy.deepcopy(payload)
    *parents, last = path
    container = changed
    for key in parents:
        container = container[key]
    if value is _REMOVE:
        del container[last]
    else:
        container[last] = value
    return changed


@pytest.fixture
def errors_after_change():
    """Load an assessment type's example with the field at the dotted ``path`` changed (or removed
    when no value is given) and return the error messages marshmallow gives for that field, or None."""

    def errors(assessment_type, dotted, value=_REMOVE):
        schema = assessment_type.schema_for(assessment_type.version)
        path = _path(dotted)
        try:
            schema.load(_changed(assessment_type.example, path, value))
        except ValidationError as error:
            messages = error.messages
            for key in path:
                messages = messages.get(key, {}) if isinstance(messages, dict) else {}
            return messages
        return None

    return errors


@pytest.fixture
def stored():
    """The example of an assessment type, with top-level ``changes``, as the core stores it."""

    def store(assessment_type, **changes):
        schema = assessment_type.schema_for(assessment_type.version)
        return schema.dump(schema.load({**assessment_type.example, **changes}))

    return store
