"""Turning marshmallow's errors into the one error type services raise."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError

from core.errors import InvalidInput


def load(schema: Schema, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """Validate ``data`` with ``schema``; raise :class:`InvalidInput` naming every bad field."""
    if data is None or not isinstance(data, Mapping):
        raise InvalidInput({"_schema": ["Expected an object of fields."]})
    if nul_fields := sorted(_fields_with_nul(data)):
        # No database stores a NUL character in text; say so instead of failing on save.
        raise InvalidInput({name: ["Contains a NUL character, which text cannot hold."] for name in nul_fields})
    try:
        return schema.load(data)
    except ValidationError as error:
        raise InvalidInput(flatten(error.messages)) from None


def _fields_with_nul(value, name: str = ""):
    if isinstance(value, str):
        if "\x00" in value:
            yield name or "_schema"
    elif isinstance(value, Mapping):
        for key, item in value.items():
            key_name = f"{name}.{key}" if name else str(key)
            if "\x00" in str(key):
                yield key_name
            yield from _fields_with_nul(item, key_name)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _fields_with_nul(item, f"{name}.{index}" if name else str(index))


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """``{"payload": {"score": ["bad"]}}`` -> ``{"payload.score": ["bad"]}``."""
    if isinstance(messages, list):
        return {prefix or "_schema": [str(message) for message in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            flat.update(flatten(value, name))
        else:
            flat.setdefault(name, []).extend(str(message) for message in value)
    return flat
