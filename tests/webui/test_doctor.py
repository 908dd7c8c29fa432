"""``teamaround doctor`` passes a configuration ready to go live, and names each check that
fails with what to fix (issue 24 point 5)."""

import json
import os
import sqlite3
from datetime import timedelta

import pytest
from click.testing import CliRunner
from conftest import free_port

from core.documents import bundle_pages
from core.migrations import upgrade
from core.types import utcnow
from webui.cli import main

NGINX = "server {{\n    listen 443 ssl;\n    client_max_body_size {size};\n}}\n"


@pytest.fixture
def live(tmp_path, monkeypatch, smtp_server):
    """The settings of an instance ready to go live, and its backup, checkpoint and proxy files."""
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    upgrade(url)
    checkpoints, backup, nginx = tmp_path / "checkpoints.jsonl", tmp_path / "teamaround.backup", tmp_path / "site.conf"
    checkpoints.write_text(json.dumps({"at": utcnow().isoformat()}) + "\n")
    backup.write_bytes(b"backup")
    nginx.write_text(NGINX.format(size="26m"))
    settings = {
        "DATABASE_URL": url, "SECRET_KEY": "k" * 48, "BASE_URL": "https://school.example.org",
        "SMTP_URL": smtp_server[0], "DOCUMENTS_PATH": str(tmp_path / "documents"), "RATELIMIT_STORAGE_URI": "",
        "AUDIT_CHECKPOINTS": str(checkpoints), "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    for name, value in settings.items():
        monkeypatch.setenv(f"TEAMAROUND_{name}", value)

    def doctor():
        return CliRunner().invoke(main, ["doctor", "--backup", str(backup), "--nginx", str(nginx)])

    return doctor, tmp_path, monkeypatch


def test_a_configuration_ready_to_go_live_passes_every_check(live):
    doctor, _, _ = live
    result = doctor()
    assert result.exit_code == 0, result.output
    assert "FIX" not in result.output and "Ready to go live." in result.output


def _old(path, by=timedelta(days=2)):
    moment = (utcnow() - by).timestamp()
    os.utime(path, (moment, moment))


def _drop_a_trigger(database):
    with sqlite3.connect(database) as connection:
        connection.execute("DROP TRIGGER data_version_after_update_people")


BREAKS = {
    "secret key": lambda folder, env: env.delenv("TEAMAROUND_SECRET_KEY"),
    "base URL": lambda folder, env: env.setenv("TEAMAROUND_BASE_URL", "http://school.example.org"),
    "database": lambda folder, env: env.setenv("TEAMAROUND_DATABASE_URL", f"sqlite:///{folder / 'empty.sqlite'}"),
    "kept pages": lambda folder, env: _drop_a_trigger(folder / "live.sqlite"),
    "mail server": lambda folder, env: env.setenv("TEAMAROUND_SMTP_URL", f"smtp://127.0.0.1:{free_port()}"),
    "document storage": lambda folder, env: (
        (folder / "a-file").write_text(""), env.setenv("TEAMAROUND_DOCUMENTS_PATH", str(folder / "a-file" / "docs"))
    ),
    "fonts": lambda folder, env: env.setattr(bundle_pages, "FONTS", {("text", ""): folder / "no-such-font.ttf"}),
    "rate limits": lambda folder, env: env.setenv("TEAMAROUND_RATELIMIT_STORAGE_URI", "memory://"),
    "audit checkpoint": lambda folder, env: (folder / "checkpoints.jsonl").write_text(
        json.dumps({"at": (utcnow() - timedelta(days=3)).isoformat()}) + "\n"
    ),
    "backup": lambda folder, env: _old(folder / "teamaround.backup"),
    "proxy's upload limit": lambda folder, env: (folder / "site.conf").write_text(NGINX.format(size="1m")),
}


@pytest.mark.parametrize("check", BREAKS)
def test_each_check_that_fails_is_named_with_what_to_fix_and_the_command_fails(live, check):
    doctor, folder, env = live
    BREAKS[check](folder, env)
    result = doctor()
    assert result.exit_code == 1
    failed = [line.removeprefix("FIX  ").split(":")[0] for line in result.output.splitlines() if line.startswith("FIX")]
    assert failed == [check], result.output


def test_settings_the_app_will_not_start_with_are_named_before_any_check(live):
    doctor, _, env = live
    env.setenv("TEAMAROUND_TIMEZONE", "Mars/Olympus_Mons")
    result = doctor()
    assert result.exit_code == 1
    assert result.output.startswith("FIX  settings:") and "Mars/Olympus_Mons" in result.output
