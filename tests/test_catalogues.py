"""Message catalogues: the core's and each plugin's own, in step with the code and complete.

``scripts/translations`` extracts, merges and compiles them; these tests fail when someone
changed interface text without running it, or left a message untranslated in a language
that is complete (every language the core ships).
"""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "webui" / "translations"
# Each catalogue and the folders its messages come from, as scripts/translations has them.
PLUGINS = sorted(path.parent for path in ROOT.glob("plugins/*/__init__.py")) + [
    ROOT / "examples" / "educational_psychology" / "teamaround_educational_psychology"
]
CATALOGUES = {"core": (CORE, [ROOT / "webui", ROOT / "core"])} | {
    plugin.name: (plugin / "translations", [plugin]) for plugin in PLUGINS
}
COMPLETE_LANGUAGES = sorted(path.name for path in CORE.iterdir() if (path / "LC_MESSAGES").is_dir())


def _extract(sources, into: Path) -> set:
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "Nn_:1,2",
            "-o",
            str(into),
            "--no-location",
            "--omit-header",
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
    )
    with open(into, "rb") as extracted:
        return {message.id for message in read_po(extracted) if message.id}


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_catalogue_holds_exactly_the_messages_its_code_marks(name, tmp_path):
    folder, sources = CATALOGUES[name]
    assert (folder / "messages.pot").is_file(), f"{name} has no catalogue: run scripts/translations"
    with open(folder / "messages.pot", "rb") as kept:
        catalogue = {message.id for message in read_po(kept) if message.id}
    assert _extract(sources, tmp_path / "messages.pot") == catalogue, f"{name}: run scripts/translations"


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
@pytest.mark.parametrize("name", CATALOGUES)
def test_a_complete_language_translates_every_message_of_every_catalogue(name, language):
    folder, _ = CATALOGUES[name]
    with open(folder / "messages.pot", "rb") as template:
        wanted = {message.id for message in read_po(template) if message.id}
    with open(folder / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        translated = {message.id for message in read_po(po) if message.id and all(_forms(message.string))}
    assert sorted(map(str, wanted - translated)) == [], f"{name} lacks these in {language}"


def _forms(value):
    return value if isinstance(value, list | tuple) else (value,)
