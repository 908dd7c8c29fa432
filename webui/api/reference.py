"""Reference data: the glossary of professional words, the plugins and their assessment types."""

from __future__ import annotations

from flask.views import MethodView

from core.errors import NotFound
from webui.api import documented, make_blueprint, payloads
from webui.api.schemas import AssessmentTypeDetailOut, AssessmentTypeOut, GlossaryTermOut, PluginOut
from webui.database import plugin_host

blueprint = make_blueprint("reference", "The glossary, the plugins and the assessment types they add.")


@blueprint.route("/glossary")
class Glossary(MethodView):
    @blueprint.response(200, GlossaryTermOut(many=True))
    @documented(blueprint)
    def get(self):
        """Every professional term with its plain-language explanation, A to Z."""
        return sorted(plugin_host().glossary.values(), key=lambda term: term.term.casefold())


@blueprint.route("/assessment-types")
class AssessmentTypes(MethodView):
    @blueprint.response(200, AssessmentTypeOut(many=True))
    @documented(blueprint)
    def get(self):
        """The assessments agencies can record, with the version new ones are written in."""
        return sorted(plugin_host().assessment_types.values(), key=lambda kind: kind.key)


@blueprint.route("/assessment-types/<key>")
class OneAssessmentType(MethodView):
    @blueprint.response(200, AssessmentTypeDetailOut)
    @documented(blueprint, 404)
    def get(self, key):
        """One assessment type, with the JSON schema of the payload its current version takes and an example."""
        kind = plugin_host().assessment_types.get(key)
        if kind is None:
            raise NotFound(f"No assessment type {key}.")
        return {"kind": kind, "payload_schema": payloads.published(key), "example": kind.example}


@blueprint.route("/plugins")
class Plugins(MethodView):
    @blueprint.response(200, PluginOut(many=True))
    @documented(blueprint)
    def get(self):
        """The loaded plugins and what each contributes."""
        host = plugin_host()
        return [{"name": name, **host.contributions_of(name)} for name in host.plugin_names()]
