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
    try:
        return schema.load(data)
    except ValidationError as error:
        raise InvalidInput(flatten(error.messages)) from None


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
