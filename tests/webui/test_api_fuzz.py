"""schemathesis against the live API: no server error, no undocumented status, no broken schema.

The app serves a demo database on loopback with a real token of the demo SENCO,
who leads one child's team; schemathesis generates requests from the OpenAPI
document (good ones, bad ones, and sequences) and checks every answer. Dates and
times include the ends of the calendar (schemathesis_hooks.py).
"""

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.models import Person
from core.people import tokens as api_tokens
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from demo import seed as demo
from webui import create_app

CHECKS = (
    "not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,"
    "unsupported_method,allow_header_conformance"
)


@pytest.fixture(scope="module")
def live_api(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{folder / 'fuzz.sqlite'}"
    upgrade(url)
    with make_session_factory(make_engine(url))() as db, db.begin():
        demo.ensure_demo(db, load_plugins(), CHEAPEST)
        senco = db.query(Person).filter_by(email=demo.PEOPLE[0][3]).one()
        _, secret = api_tokens.create(db, senco, {"name": "schemathesis"})
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "fuzz", "PASSWORD_PROFILE": "cheapest",
                      "API_RATE_LIMIT": "100000 per minute", "DOCUMENTS_PATH": str(folder / "documents")})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", secret
    server.shutdown()


def schemathesis(live_api, capsys, name, *options, hooks, config=None):
    """Run schemathesis over the live API with ``options``, the generation ``hooks`` module and
    the ``config`` file beside this file; its report is kept among the test artifacts as ``name``."""
    base, secret = live_api
    # 25 a operation: the fuzzing phases took 62 and 54 s of a CI run's 15 minutes at 40, and the
    # coverage phase, which no count bounds, tries each operation's edges besides.
    examples = os.environ.get("TEAMAROUND_FUZZ_EXAMPLES", "25")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "schemathesis"),
         *(["--config-file", str(Path(__file__).with_name(config))] if config else []),
         "run", f"{base}/api/v1/openapi.json", *options,
         "--header", f"Authorization: Bearer {secret}",
         # Revoking tokens would revoke the run's own credentials; test_api covers it.
         "--exclude-path", "/api/v1/tokens/{token_id}",
         "--max-examples", examples, "--workers", "2", "--seed", "1", "--no-color"],
        capture_output=True, text=True, timeout=900,
        env=os.environ | {"SCHEMATHESIS_HOOKS": hooks,
                          "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent),
                                                                      os.environ.get("PYTHONPATH")]))},
    )
    summary = [line for line in result.stdout.splitlines() if re.search(r"test cases|passed|failed|Operations", line)]
    with capsys.disabled():
        print(f"\nschemathesis ({name}):", *summary[-4:], sep="\n  ")
    artifacts = Path(os.environ.get("TEAMAROUND_TEST_ARTIFACTS", "test-artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / f"{name}.txt").write_text(result.stdout)
    return result


def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(live_api, capsys):
    # Dates at the ends of the calendar and offsets no zone has (see schemathesis_hooks.py).
    result = schemathesis(live_api, capsys, "schemathesis", "--checks", CHECKS, hooks="schemathesis_hooks")
    assert result.returncode == 0, result.stdout[-6000:]


def test_schemathesis_finds_every_request_the_document_allows_accepted(live_api, capsys):
    """No "valid request rejected": what the document says the server takes, it takes."""
    result = schemathesis(
        live_api, capsys, "schemathesis-positive",
        # Only the fuzzing phase generates every value through the hooks that keep to the rules
        # the document states in words: the others put values together past them (coverage's
        # boundaries, examples' parts, stateful's values carried over from earlier answers).
        # Every example in the document is a request the server took (demo/api_examples.py).
        "--mode", "positive", "--phases", "fuzzing",
        "--checks", "positive_data_acceptance,not_a_server_error",
        "--generation-allow-x00", "false", "--generation-codec", "utf-8",
        hooks="schemathesis_plausible", config="schemathesis_positive.toml",
    )
    assert result.returncode == 0, result.stdout[-6000:]
