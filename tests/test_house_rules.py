"""Rules of the code base that a reader should not have to police by hand."""

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE_FILES = sorted((ROOT / "core").rglob("*.py"))

# The built-in plugins, as the project registers them (its own entry points) ...
BUILT_IN = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["teamaround"]
# ... and the words the core keeps although an agency shares them: the school as a place.
DOMAIN_WORDS = {"school"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def string_constants(path: Path) -> set[str]:
    return {
        node.value for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_imports_neither_flask_nor_the_web_ui_nor_a_plugin(path):
    web = {"flask", "flask_login", "flask_wtf", "flask_babel", "werkzeug", "webui"}
    assert not imported_modules(path) & (web | {"plugins", "demo"})


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_names_no_built_in_plugin_nor_its_agency(path):
    """The core knows agencies only through the plugin host: no module name, no agency code
    as a string of its own (prose such as "mental health" is not one)."""
    text = path.read_text()
    # A module's dotted path, or a name like speech_language, that no prose would use.
    names = [*BUILT_IN.values(), *(code for code in BUILT_IN if "_" in code)]
    modules = [name for name in names if re.search(rf"\b{re.escape(name)}\b", text)]
    codes = (set(BUILT_IN) - DOMAIN_WORDS) & string_constants(path)
    assert (modules, sorted(codes)) == ([], [])


def test_no_agency_code_hides_in_the_cores_templates():
    text = " ".join(path.read_text() for path in (ROOT / "core" / "templates").rglob("*.html"))
    assert [code for code in BUILT_IN if code not in DOMAIN_WORDS and re.search(rf"\b{code}\b", text)] == []


@pytest.mark.parametrize("path", sorted((ROOT / "plugins").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_plugin_reaches_the_core_only_through_its_facade(path):
    source = path.read_text()
    assert "webui" not in imported_modules(path)
    assert "from core." not in source and "import core." not in source


def test_the_code_passes_the_linter():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    result = subprocess.run([ruff, "check", "--quiet", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
