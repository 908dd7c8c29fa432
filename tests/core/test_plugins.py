"""Plugin discovery: every agency by entry point, any of them disabled; the core's fallbacks always there."""

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from marshmallow import Schema
from pluggy import PluginValidationError
from sqlalchemy import select

from core import Agency, AssessmentType
from core.hookspecs import hookimpl
from core.models import Notification
from core.plugins import CORE, PluginError, load_plugins
from core.timeline import entries as timeline

BUILTIN_AGENCIES = {"health", "speech_language", "occupational_therapy", "social_care", "school"}
SAMPLE = Path(__file__).parent.parent / "third_party"


@pytest.fixture
def installed_sample_plugin(install_distribution):
    install_distribution(SAMPLE)


def test_the_five_built_in_agencies_are_loaded():
    assert set(load_plugins().agencies) == BUILTIN_AGENCIES


def test_the_built_in_agencies_are_this_projects_own_entry_points():
    ours = {point.name: point.value for point in entry_points(group="teamaround") if point.dist.name == "teamaround"}
    assert ours == {code: f"plugins.{code}" for code in BUILTIN_AGENCIES}


@pytest.mark.parametrize("disabled", [[CORE], ["default_hooks"], [CORE, *BUILTIN_AGENCIES]])
def test_the_cores_own_behaviour_cannot_be_disabled(db, child_team, disabled):
    host = load_plugins(disabled=disabled)
    timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Started"}, host=host)
    assert CORE in host.plugin_names()
    assert child_team.parent.id in {note.recipient_id for note in db.scalars(select(Notification))}


def test_a_plugin_installed_under_the_entry_point_group_is_loaded(installed_sample_plugin):
    host = load_plugins()
    assert "sample" in host.plugin_names()
    assert host.agencies["camhs"].name == "CAMHS"
    assert "camhs" in host.glossary


def test_a_built_in_plugin_can_be_disabled_by_name():
    host = load_plugins(disabled=["social_care"])
    assert "social_care" not in host.plugin_names()
    assert set(host.agencies) == BUILTIN_AGENCIES - {"social_care"}


def test_an_installed_plugin_can_be_disabled_by_name(installed_sample_plugin):
    host = load_plugins(disabled=["sample"])
    assert "camhs" not in host.agencies


def test_two_plugins_registering_the_same_agency_stop_start_up():
    class Imitation:
        @hookimpl
        def register_agencies(self):
            return [Agency(code="health", name="Another health service", roles=())]

    with pytest.raises(PluginError, match="two plugins register the agency 'health'"):
        load_plugins(extra=[Imitation()])


def test_an_assessment_type_of_an_unknown_agency_stops_start_up():
    class Stray:
        @hookimpl
        def register_assessment_types(self):
            return [
                AssessmentType(
                    key="stray.form",
                    title="Stray",
                    agency="nowhere",
                    version=1,
                    schemas={1: Schema},
                    summarise=lambda payload, version: None,
                )
            ]

    with pytest.raises(PluginError, match="unknown agency 'nowhere'"):
        load_plugins(extra=[Stray()])


def test_a_misspelt_hook_fails_loudly():
    class Misspelt:
        @hookimpl
        def register_agencys(self):
            return []

    with pytest.raises(PluginValidationError, match="unknown hook"):
        load_plugins(extra=[Misspelt()])


def test_a_plugin_names_its_own_template_for_entering_one_of_its_forms(host):
    sensory_profile = host.assessment_types["occupational_therapy.sensory_profile"]
    template = host.hook.assessment_form_template(assessment_type=sensory_profile)
    assert template == "occupational_therapy/sensory_profile_form.html"


def test_a_form_without_a_template_of_its_own_is_entered_in_the_generic_form(host):
    therapy_targets = host.assessment_types["speech_language.therapy_targets"]
    assert host.hook.assessment_form_template(assessment_type=therapy_targets) == "assessment_form.html"
