"""Any plugin's assessment schema as an HTML form, and the form's answers back as a payload.

A plugin needs no form of its own: its marshmallow schema says which fields there
are, which are required, which choices a field allows; lists of records get a few
rows, which works without JavaScript (empty rows are ignored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, fields, validate

LIST_ROWS = 3


@dataclass(frozen=True)
class FormField:
    """One input: its dotted name (``payload.scores.0.percentile``), label and kind of control."""

    name: str
    label: str
    control: str  # text, textarea, number, date, checkbox, select, lines, group, rows
    required: bool = False
    choices: tuple[str, ...] = ()
    children: tuple[FormField, ...] = ()
    rows: tuple[tuple[FormField, ...], ...] = field(default=())

    @property
    def id(self) -> str:
        return self.name.replace(".", "-")


def form_fields(schema: Schema, prefix: str = "payload") -> list[FormField]:
    return [_field(f"{prefix}.{name}", name, item) for name, item in schema.fields.items() if not item.dump_only]


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _field(name: str, key: str, item: fields.Field) -> FormField:
    label, required = _label(key), item.required
    if isinstance(item, fields.Nested):
        return FormField(name, label, "group", required, children=tuple(form_fields(item.schema, name)))
    if isinstance(item, fields.List) and isinstance(item.inner, fields.Nested):
        rows = tuple(tuple(form_fields(item.inner.schema, f"{name}.{row}")) for row in range(LIST_ROWS))
        return FormField(name, label, "rows", required, rows=rows)
    if isinstance(item, fields.List):
        return FormField(name, label + " (one per line)", "lines", required)
    choices = next((tuple(v.choices) for v in item.validators if isinstance(v, validate.OneOf)), ())
    if choices:
        return FormField(name, label, "select", required, choices=choices)
    if isinstance(item, fields.Boolean):
        return FormField(name, label, "checkbox", required)
    if isinstance(item, fields.Date):
        return FormField(name, label, "date", required)
    if isinstance(item, fields.Number):
        return FormField(name, label, "number", required)
    longest = max((v.max or 0 for v in item.validators if isinstance(v, validate.Length)), default=0)
    return FormField(name, label, "text" if 0 < longest <= 200 else "textarea", required)


def payload_from_form(schema: Schema, form, prefix: str = "payload") -> dict[str, Any]:
    """The form's answers shaped as the schema expects; empty answers are left out, so
    optional fields take their defaults and required ones are reported missing."""
    payload: dict[str, Any] = {}
    for name, item in schema.fields.items():
        key = f"{prefix}.{name}"
        if isinstance(item, fields.Nested):
            value = payload_from_form(item.schema, form, key)
            if value:
                payload[name] = value
        elif isinstance(item, fields.List) and isinstance(item.inner, fields.Nested):
            rows = [payload_from_form(item.inner.schema, form, f"{key}.{row}") for row in range(LIST_ROWS)]
            if any(rows):
                payload[name] = [row for row in rows if row]
        elif isinstance(item, fields.List):
            lines = [line.strip() for line in form.get(key, "").splitlines() if line.strip()]
            if lines:
                payload[name] = lines
        elif isinstance(item, fields.Boolean):
            if key in form:
                payload[name] = True
        elif form.get(key, "").strip():
            payload[name] = form[key].strip()
    return payload
