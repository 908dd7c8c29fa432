"""Turning marshmallow's errors into the one error type services raise."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError

from core.errors import InvalidInput
from core.plain_errors import reword

# Deeper than any form of the core or of a plugin nests; walking or storing deeper input
# costs stack, and a few thousand levels overflow it.
MAX_DEPTH = 32

NUL = "Contains a NUL character, which text cannot hold."
LONE_SURROGATE = "Contains a broken character (a lone UTF-16 surrogate), which text cannot hold."
TOO_DEEP = f"Nested more than {MAX_DEPTH} levels deep."


def load(schema: Schema, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """Validate ``data`` with ``schema``; raise :class:`InvalidInput` naming every bad field,
    each reason in plain words (:mod:`core.plain_errors`)."""
    if data is None or not isinstance(data, Mapping):
        raise InvalidInput({"_schema": ["Expected an object of fields."]})
    if unstorable := unstorable_text(data):
        raise InvalidInput(unstorable)
    try:
        return reword(schema).load(data)
    except ValidationError as error:
        raise InvalidInput(flatten(error.messages)) from None


def unstorable_text(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """The fields of ``data`` no database stores, with the reason: a NUL character, a lone
    surrogate (PostgreSQL and SQLite each fail on one, differently), or nesting deeper than
    :data:`MAX_DEPTH`. Walked without recursion, so no input can exhaust the stack."""
    found: dict[str, list[str]] = {}
    waiting: list[tuple[str, Any, int]] = [(str(key), value, 1) for key, value in data.items()]
    for key in data:
        _check_text(str(key), str(key), found)
    while waiting:
        name, value, depth = waiting.pop()
        if isinstance(value, str):
            _check_text(name, value, found)
            continue
        if isinstance(value, Mapping):
            items = [(f"{name}.{key}", item) for key, item in value.items()]
            for key in value:
                _check_text(f"{name}.{key}", str(key), found)
        elif isinstance(value, list | tuple):
            items = [(f"{name}.{index}", item) for index, item in enumerate(value)]
        else:
            continue
        if depth >= MAX_DEPTH and items:
            found.setdefault(name, []).append(TOO_DEEP)
            continue
        waiting.extend((item_name, item, depth + 1) for item_name, item in items)
    return dict(sorted(found.items()))


def _check_text(name: str, text: str, found: dict[str, list[str]]) -> None:
    if "\x00" in text:
        found.setdefault(name, []).append(NUL)
    if not _is_unicode_text(text):
        found.setdefault(name, []).append(LONE_SURROGATE)


def _is_unicode_text(text: str) -> bool:
    """False for a str holding a lone surrogate, which no UTF-8 (or any) encoding writes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
