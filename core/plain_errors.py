"""What a form says when an answer needs correcting: plain words that say what to do.

marshmallow's own messages ("Field may not be null.", "Length must be between 1 and 30.")
are written for programmers. :func:`reword` gives every field and validator of a schema,
the core's and each plugin's, the plain message in place of marshmallow's default, and
leaves alone any message a schema wrote for itself, which knows its question better.
:func:`core.validation.load` does it before every load, so no form can forget.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.wording import N_

# marshmallow's message keys, by the field class that declares them, to their plain words.
FIELD_MESSAGES: dict[type[fields.Field], dict[str, str]] = {
    fields.Field: {
        "required": N_("Please fill this in."),
        "null": N_("Please fill this in."),
        "validator_failed": N_("Please check this answer."),
    },
    fields.String: {"invalid": N_("Please type this as text."), "invalid_utf8": N_("Please type this as text.")},
    fields.Number: {"invalid": N_("Use a number, like 2 or 2.5."), "too_large": N_("Use a smaller number.")},
    fields.Integer: {"invalid": N_("Use a whole number, like 30.")},
    fields.Float: {"special": N_("Use an ordinary number, like 2 or 2.5.")},
    fields.Decimal: {"special": N_("Use an ordinary number, like 2 or 2.5.")},
    fields.Boolean: {"invalid": N_("Answer yes or no.")},
    fields.Date: {"invalid": N_("Give the date like 2027-03-01."), "format": N_("Give the date like 2027-03-01.")},
    fields.DateTime: {
        "invalid": N_("Give the date and time like 2027-03-01 15:30."),
        "invalid_awareness": N_("Give the date and time like 2027-03-01 15:30."),
        "format": N_("Give the date and time like 2027-03-01 15:30."),
    },
    fields.Email: {"invalid": N_("Use an e-mail address, like name@example.org.")},
    fields.Url: {"invalid": N_("Use a full web address, starting with https://.")},
    fields.Enum: {"unknown": N_("Choose one of the options.")},
    fields.List: {"invalid": N_("Choose from the list.")},
    fields.Dict: {"invalid": N_("Please check this answer.")},
    fields.Nested: {"type": N_("Please check this answer.")},
}

SCHEMA_MESSAGES = {"type": N_("Please check this answer."), "unknown": N_("This form has no such question.")}

# Lengths of text count characters; lengths of lists count the things chosen.
TEXT_LENGTH = {
    "message_min": N_("Use at least {min} characters."),
    "message_max": N_("Use at most {max} characters."),
    "message_all": N_("Use between {min} and {max} characters."),
    "message_equal": N_("Use exactly {equal} characters."),
}
LIST_LENGTH = {
    "message_min": N_("Choose at least {min}."),
    "message_max": N_("Choose at most {max}."),
    "message_all": N_("Choose between {min} and {max}."),
    "message_equal": N_("Choose exactly {equal}."),
}
# (min included, max included) -> the range in words
RANGES = {
    (True, True): N_("Use a number from {min} to {max}."),
    (False, True): N_("Use a number more than {min}, up to {max}."),
    (True, False): N_("Use a number from {min}, less than {max}."),
    (False, False): N_("Use a number between {min} and {max}."),
}
AT_LEAST = {True: N_("Use {min} or more."), False: N_("Use a number more than {min}.")}
AT_MOST = {True: N_("Use {max} or less."), False: N_("Use a number less than {max}.")}
CHOICE = N_("Choose one of the options.")
PATTERN = N_("Please check this answer: it is not in the form this question needs.")
EMAIL = N_("Use an e-mail address, like name@example.org.")
URL = N_("Use a full web address, starting with https://.")

_DONE = "_teamaround_plain_errors"


def reword(schema: Schema) -> Schema:
    """Put ``schema``'s default messages, and those of the schemas it nests, in plain words."""
    if getattr(schema, _DONE, False):
        return schema
    schema.error_messages = {
        key: SCHEMA_MESSAGES.get(key, message) if message == Schema._default_error_messages.get(key) else message
        for key, message in schema.error_messages.items()
    }
    for field in schema.fields.values():
        _reword_field(field)
    setattr(schema, _DONE, True)
    return schema


def _reword_field(field: fields.Field) -> None:
    defaults: dict[str, str] = {}
    plain: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):  # as marshmallow merges them: the subclass wins
        defaults |= cls.__dict__.get("default_error_messages", {})
        plain |= FIELD_MESSAGES.get(cls, {})
    for key, message in plain.items():
        if field.error_messages.get(key) == defaults.get(key):
            field.error_messages[key] = message
    for validator in field.validators:
        _reword_validator(validator, counts_items=isinstance(field, fields.List | fields.Dict))
    if isinstance(field, fields.Nested):
        reword(field.schema)
    for inner in (
        getattr(field, "inner", None),
        getattr(field, "key_field", None),
        getattr(field, "value_field", None),
    ):
        if inner is not None:
            _reword_field(inner)


def _reword_validator(validator, *, counts_items: bool) -> None:
    """A validator keeps an ``error`` its schema gave it; marshmallow's own words are replaced."""
    if getattr(validator, "error", None) not in (None, getattr(type(validator), "default_message", None)):
        return
    if isinstance(validator, validate.Length):
        for name, message in (LIST_LENGTH if counts_items else TEXT_LENGTH).items():
            setattr(validator, name, message)
    elif isinstance(validator, validate.Range):
        validator.message_all = RANGES[validator.min_inclusive, validator.max_inclusive]
        validator.message_min = AT_LEAST[validator.min_inclusive]
        validator.message_max = AT_MOST[validator.max_inclusive]
    elif isinstance(validator, validate.OneOf | validate.ContainsOnly | validate.NoneOf):
        validator.error = CHOICE
    elif isinstance(validator, validate.Email):
        validator.error = EMAIL
    elif isinstance(validator, validate.URL):
        validator.error = URL
    elif isinstance(validator, validate.Regexp):
        validator.error = PATTERN
