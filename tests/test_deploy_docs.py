"""The deployment guide and the files it installs stay true to the code: every ``teamaround``
command they run exists with the options they give it, every setting they name is one the
code reads and the README documents, and the files agree with each other and the app."""

import re
from pathlib import Path

import click
import pytest

from webui import create_app
from webui.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
TEXTS = {
    path.relative_to(ROOT).as_posix(): path.read_text()
    for path in [ROOT / "docs" / "deploy.md", *sorted(p for p in DEPLOY.rglob("*") if p.is_file())]
}
NGINX = (DEPLOY / "nginx" / "teamaround.conf").read_text()
SYSTEMD = DEPLOY / "systemd"
SOURCES = "\n".join(
    path.read_text() for folder in ("core", "webui", "plugins") for path in (ROOT / folder).rglob("*.py")
)

# `teamaround ...` in prose, a line of a shell block, or .../bin/teamaround ... in a unit; never
# a path or a host that merely contains the name, nor a script passing its arguments on.
INVOCATION = re.compile(r"(?:(?<=`)|(?<=bin/)|(?<=^))teamaround ([a-z][^`'\n]*)", re.MULTILINE)


def invocations():
    return sorted({(where, line.strip()) for where, text in TEXTS.items() for line in INVOCATION.findall(text)})


def settings_named():
    return sorted({name for text in TEXTS.values() for name in re.findall(r"\bTEAMAROUND_[A-Z0-9_]*[A-Z0-9]", text)})


def resolved(words: list[str]) -> tuple[click.Command, list[str]]:
    """The command ``words`` name under ``teamaround``, and the words left for it."""
    command = main
    while isinstance(command, click.Group) and words and words[0] in command.commands:
        command, words = command.commands[words[0]], words[1:]
    return command, words


def test_the_guide_and_the_files_run_commands():
    assert len(invocations()) >= 10


@pytest.mark.parametrize(("where", "line"), invocations())
def test_every_command_named_exists_with_its_options(where, line):
    command, rest = resolved(line.split())
    assert not isinstance(command, click.Group), f"{where}: `teamaround {line}` names no command"
    options = {name for parameter in command.params for name in parameter.opts}
    assert [word for word in rest if word.startswith("--") and word.split("=")[0] not in options] == [], where


@pytest.mark.parametrize("name", settings_named())
def test_every_setting_named_is_read_by_the_code_and_in_the_readme(name):
    key = name.removeprefix("TEAMAROUND_")
    assert f'"{key}"' in SOURCES or f'"{name}"' in SOURCES
    assert f"`{name}`" in (ROOT / "README.md").read_text()


def test_nginx_takes_the_largest_request_the_app_takes():
    limit = re.search(r"client_max_body_size (\d+)m;", NGINX)
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "deploy-docs"})
    assert int(limit.group(1)) * 1024 * 1024 == app.config["MAX_UPLOAD_REQUEST_BYTES"]


def test_nginx_serves_the_apps_own_static_folder():
    alias = re.search(r"location /static/ \{\s*alias /opt/teamaround/(\S+);", NGINX).group(1)
    assert (ROOT / alias).resolve() == (ROOT / "webui" / "static").resolve() and alias.endswith("/")


def test_nginx_passes_requests_to_where_the_service_serves():
    service = (SYSTEMD / "teamaround.service").read_text()
    host, port = re.search(r"teamaround serve --host (\S+) --port (\d+)", service).groups()
    assert f"server {host}:{port};" in NGINX


def test_every_timer_starts_a_service_of_its_own_name_that_the_guide_lists():
    timers = sorted(SYSTEMD.glob("*.timer"))
    assert timers and [t.name for t in timers if not t.with_suffix(".service").exists()] == []
    assert [t.name for t in timers if f"`{t.name}`" not in TEXTS["docs/deploy.md"]] == []


def test_every_unit_reads_the_one_environment_file():
    units = sorted(SYSTEMD.glob("*.service"))
    assert [u.name for u in units if "EnvironmentFile=/etc/teamaround/teamaround.env" not in u.read_text()] == []
