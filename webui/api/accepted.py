"""What the document says a field accepts, where apispec alone would say more than the server takes."""

from __future__ import annotations

import enum

from apispec import APISpec, BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import fields, validate

from core.schemas import not_blank
from core.time_bounds import happened, planned

# A character Python does not strip as space (not_blank strips), spelled out: a pattern's \S
# reads space as ECMAScript does, which differs (U+001C to U+001F, U+0085 and U+FEFF).
SOMETHING_BUT_SPACE = "[^" + "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x10000)) if c.isspace()) + "]"

# What a date or moment must be, which JSON Schema cannot bound by today (core.time_bounds).
WHEN = {
    happened: "When it happened: a day from 1 January 1900 to tomorrow (the school's day may be ahead), "
    "or a moment up to now.",
    planned: "A day from yesterday to five years ahead.",
}


class AcceptedValues(BasePlugin):
    """An apispec plugin narrowing what a field is documented to accept to what it does accept:
    text that must not be blank has a character other than space (``SOMETHING_BUT_SPACE``); a
    day or moment bounded by today says so in words; a nested record that may be null is that
    record or null (not any object); an enumeration whose values a ``OneOf`` narrows (or its
    ``enum`` metadata names) lists only those, where apispec lists every member of the enumeration."""

    def init_spec(self, spec: APISpec) -> None:
        ma_plugin = next(plugin for plugin in spec.plugins if isinstance(plugin, MarshmallowPlugin))
        ma_plugin.converter.add_attribute_function(_accepted)


def _accepted(_converter, field: fields.Field, ret: dict, **_) -> dict:
    narrowed = {}
    if isinstance(field, fields.Nested) and field.allow_none and "anyOf" in ret:
        # apispec offers "any object, or null" beside the nested schema; only null is.
        narrowed["anyOf"] = [part if "$ref" in part else {**part, "enum": [None]} for part in ret["anyOf"]]
    if not_blank in field.validators:
        narrowed["pattern"] = SOMETHING_BUT_SPACE
    for rule, words in WHEN.items():
        if rule in field.validators:
            narrowed["description"] = f"{ret['description'].rstrip('.')}. {words}" if ret.get("description") else words
    choices = [validator.choices for validator in field.validators if isinstance(validator, validate.OneOf)]
    if isinstance(field, fields.Enum) and choices:
        narrowed["enum"] = [choice.value if isinstance(choice, enum.Enum) else choice for choice in choices[0]]
    if isinstance(field, fields.Enum) and "enum" in field.metadata:
        narrowed["enum"] = field.metadata["enum"]  # the values a service takes, where it refuses others
    return narrowed
