"""The plugin guide covers every hook the core offers, so it cannot fall behind."""

import re
from pathlib import Path

import core.hookspecs

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "plugins.md").read_text()


def hook_names():
    return [
        name for name, value in vars(core.hookspecs).items() if callable(value) and hasattr(value, "teamaround_spec")
    ]


def test_there_are_hooks_to_document():
    assert len(hook_names()) >= 8


def test_the_guide_has_a_section_for_every_hook():
    sections = set(re.findall(r"^###? (\w+)$", GUIDE, flags=re.MULTILINE))
    assert set(hook_names()) <= sections


def test_the_readme_points_plugin_authors_to_the_guide():
    assert "docs/plugins.md" in (ROOT / "README.md").read_text()
