"""The plugin host: the one place that talks to pluggy.

Every agency, the built-in ones included, is a plugin found through the
``teamaround`` entry-point group (the built-in ones are this project's own entry
points, in pyproject.toml), so the core lists none of them. The core's own fallbacks
(:mod:`core.fallbacks`) are always registered: only agencies can be disabled. A fresh
manager is built by :func:`load_plugins` each time, so tests never share a global one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pluggy

from core import fallbacks, hookspecs
from core.contributions import Agency, AssessmentType, GlossaryTerm

ENTRY_POINT_GROUP = "teamaround"

# The name the core's fallbacks are registered under, listed by ``teamaround plugins``.
CORE = "core"


class PluginError(Exception):
    """A plugin contributed something the core cannot accept (a duplicate key, say)."""


@dataclass(frozen=True)
class PluginHost:
    """The loaded plugins and what they registered at start-up."""

    pm: pluggy.PluginManager
    agencies: dict[str, Agency]
    assessment_types: dict[str, AssessmentType]
    glossary: dict[str, GlossaryTerm]
    # Each plugin's message catalogue (the ``translations`` folder beside its code), by
    # plugin name, and the plugin that registered each agency: its words are in that catalogue.
    catalogues: dict[str, Path] = field(default_factory=dict)
    agency_plugins: dict[str, str] = field(default_factory=dict)

    def domain_of(self, agency_code: str | None) -> str | None:
        """The catalogue an agency's words (its name, roles, forms, glossary terms) are in."""
        return self.agency_plugins.get(agency_code or "")

    @property
    def hook(self):
        return self.pm.hook

    def plugin_names(self) -> list[str]:
        return [name for name, plugin in self.pm.list_name_plugin() if plugin is not None]

    def contributions_of(self, plugin_name: str) -> dict[str, list[str]]:
        """What one plugin registered, for ``teamaround plugins``."""
        plugin = self.pm.get_plugin(plugin_name)
        hooks = [impl.name for impl in self.pm.get_hookcallers(plugin) or []]
        return {
            "hooks": sorted(hooks),
            "agencies": _call_one(self.pm, plugin, "register_agencies", "code"),
            "assessment_types": _call_one(self.pm, plugin, "register_assessment_types", "key"),
            "glossary_terms": _call_one(self.pm, plugin, "register_glossary_terms", "term"),
        }


def load_plugins(disabled: Iterable[str] = (), extra: Iterable[object] = ()) -> PluginHost:
    """Build the plugin manager, register the core's fallbacks and every plugin not in
    ``disabled`` (entry-point names), check them.

    ``extra`` plugin objects are registered last, for an embedding application or a test.
    """
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    pm.register(fallbacks, name=CORE)
    for name in disabled:
        if name != CORE:
            pm.set_blocked(name)
    pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    for plugin in extra:
        pm.register(plugin)
    pm.check_pending()
    agencies = _unique(pm.hook.register_agencies(), "code", "agency")
    assessment_types = _unique(pm.hook.register_assessment_types(), "key", "assessment type")
    for assessment_type in assessment_types.values():
        if assessment_type.agency not in agencies:
            raise PluginError(
                f"assessment type {assessment_type.key!r} names unknown agency {assessment_type.agency!r}"
            )
        if assessment_type.version not in assessment_type.schemas:
            raise PluginError(f"assessment type {assessment_type.key!r} has no schema for its version")
    return PluginHost(
        pm=pm,
        agencies=agencies,
        assessment_types=assessment_types,
        glossary=_unique(pm.hook.register_glossary_terms(), "term", "glossary term", fold=str.casefold),
        catalogues=_catalogues(pm),
        agency_plugins={
            code: name
            for name, plugin in pm.list_name_plugin()
            if plugin is not None
            for code in _call_one(pm, plugin, "register_agencies", "code")
        },
    )


def _catalogues(pm: pluggy.PluginManager) -> dict[str, Path]:
    """A plugin is a package (a module with a ``__file__``); its catalogue is the folder beside it."""
    folders = {
        name: Path(plugin.__file__).parent / "translations"
        for name, plugin in pm.list_name_plugin()
        if name != CORE and getattr(plugin, "__file__", None)
    }
    return {name: folder for name, folder in folders.items() if folder.is_dir()}


def _unique(results, attribute, what, fold=lambda key: key):
    found = {}
    for contribution in (item for batch in results for item in batch or ()):
        key = fold(getattr(contribution, attribute))
        if key in found:
            raise PluginError(f"two plugins register the {what} {getattr(contribution, attribute)!r}")
        found[key] = contribution
    return found


def _call_one(pm, plugin, hook_name, attribute):
    implementation = getattr(plugin, hook_name, None)
    if implementation is None or not any(impl.plugin is plugin for impl in getattr(pm.hook, hook_name).get_hookimpls()):
        return []
    return [getattr(item, attribute) for item in implementation() or ()]
