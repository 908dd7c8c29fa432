"""The plugin guide covers every hook the core offers, and the README maps the core, so neither falls behind."""

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


def architecture_table():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Architecture"):readme.index("## Languages")]
    return [line for line in section.splitlines() if line.startswith("| ") and "`" in line]


def test_every_module_the_readme_maps_a_feature_to_exists():
    cells = [line.split("|")[2] for line in architecture_table()]
    named = [path for cell in cells for path in re.findall(r"`([\w.]+/[\w/.]*)`", cell)]
    assert named and [path for path in named if not (ROOT / path).exists()] == []


def test_every_domain_package_of_the_core_is_in_the_readmes_table():
    mapped = " ".join(architecture_table())
    packages = [p.name for p in (ROOT / "core").iterdir() if (p / "__init__.py").exists() and p.name != "models"]
    assert [name for name in packages if f"core/{name}/" not in mapped] == []
