"""Each assessment type's payload, published from its plugin's own marshmallow schema.

An integrating system posts an assessment without reading Python: the OpenAPI document
names, for every assessment type, the payload its current version accepts, and the
assessment-create operation takes exactly one of those (``oneOf``, told apart by
``assessment_type``). The JSON schemas are apispec's reading of the schemas the plugins
register through ``register_assessment_types``, the same ones posting validates with.
"""

from __future__ import annotations

import copy
import re

from apispec import APISpec, BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app

from core.contributions import AssessmentType
from core.plugins import PluginHost
from core.schemas import AssessmentInput

REQUEST = "AssessmentRequest"


def payload_schema(assessment_type: AssessmentType) -> dict:
    """The JSON schema of the payload new assessments of this type are written in, nested
    records inline, so that it stands alone at ``/assessment-types/<key>``."""
    spec = APISpec("payload", "1", "3.0.3", plugins=[MarshmallowPlugin(schema_name_resolver=lambda _: None)])
    spec.components.schema("payload", schema=assessment_type.schemas[assessment_type.version])
    return spec.to_dict()["components"]["schemas"]["payload"]


def published(key: str) -> dict | None:
    """The payload schema of the assessment type ``key``, as the document publishes it."""
    return current_app.extensions["teamaround.payloads"].schemas.get(key)


class AssessmentPayloads(BasePlugin):
    """An apispec plugin publishing every loaded assessment type's payload as a component,
    one request variant per type (``<Type>Input``) and their union, ``AssessmentRequest``,
    which the assessment-create operation takes, with an example request of each type."""

    def __init__(self, host: PluginHost):
        super().__init__()
        self.kinds = sorted(host.assessment_types.values(), key=lambda kind: kind.key)
        self.schemas = {kind.key: payload_schema(kind) for kind in self.kinds}

    def init_spec(self, spec: APISpec) -> None:
        ma_plugin = next(plugin for plugin in spec.plugins if isinstance(plugin, MarshmallowPlugin))
        generic = ma_plugin.converter.schema2jsonschema(AssessmentInput)
        variants = {}
        for kind in self.kinds:
            payload_name = f"{_class_name(kind.key)}V{kind.version}"
            spec.components.schema(payload_name, component=self.schemas[kind.key] | _described(kind))
            variant = copy.deepcopy(generic)
            variant["properties"]["assessment_type"] = {"type": "string", "enum": [kind.key]}
            variant["properties"]["payload"] = {"$ref": f"#/components/schemas/{payload_name}"}
            variant["description"] = f"An assessment of type {kind.key} (payload version {kind.version})."
            variants[kind.key] = f"{_class_name(kind.key)}Input"
            spec.components.schema(variants[kind.key], component=variant)
        if not variants:
            spec.components.schema(REQUEST, component=generic)
            return
        spec.components.schema(
            REQUEST,
            component={
                "description": "An assessment of one of the loaded types; its payload is that type's.",
                "oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in variants.values()],
                "discriminator": {
                    "propertyName": "assessment_type",
                    "mapping": {key: f"#/components/schemas/{name}" for key, name in variants.items()},
                },
            },
        )

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if content.get("schema") == {"$ref": f"#/components/schemas/{REQUEST}"}:
                content["examples"] = {
                    kind.key: {
                        "summary": kind.title,
                        "value": {"assessment_type": kind.key, "payload": dict(kind.example)},
                    }
                    for kind in self.kinds
                    if kind.example is not None
                }


def _described(kind: AssessmentType) -> dict:
    # No "title": client generators name the model by it, and a title is words a plugin may reword.
    return {"description": f"{kind.title} ({kind.key}), version {kind.version}. {kind.description}".strip()}


def _class_name(key: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", key) if part)
