"""The API as ``teamaround serve`` serves it (gunicorn): what gunicorn refuses before the app
sees a request still comes back in the API's error shape, and a client generated from the
OpenAPI document (openapi-python-client) posts an assessment of every built-in type with
typed models and reads it back as one.

One server and one generated client serve the whole module: generating costs a second.
"""

import importlib
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from served_command import served_command

from core import migrations
from core.db import make_engine, make_session_factory
from core.models import Person
from core.people import tokens as api_tokens
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from demo import seed as demo

# Who records each built-in agency's assessments in the demo team.
RECORDERS = {
    "school": "senco",
    "health": "health",
    "speech_language": "slt",
    "occupational_therapy": "ot",
    "social_care": "social",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``teamaround serve`` over the demo team, and a token of each agency's recorder."""
    folder = tmp_path_factory.mktemp("served")
    url = f"sqlite:///{folder / 'served.sqlite'}"
    migrations.upgrade(url)
    emails = {key: email for key, _, _, email, _, _ in demo.PEOPLE}
    with make_session_factory(make_engine(url))() as db, db.begin():
        demo.ensure_demo(db, load_plugins(), CHEAPEST)
        tokens = {}
        for agency, who in RECORDERS.items():
            person = db.query(Person).filter_by(email=emails[who]).one()
            tokens[agency] = api_tokens.create(db, person, {"name": "generated client"})[1]
    env = {
        **os.environ,
        "TEAMAROUND_DATABASE_URL": url,
        "TEAMAROUND_SECRET_KEY": "served",
        "TEAMAROUND_INSTANCE_PATH": str(folder),
        "TEAMAROUND_DOCUMENTS_PATH": str(folder / "documents"),
    }
    with served_command("serve", "--workers", "1", "--threads", "2", env=env) as base:
        yield base, tokens


def refusal(base, path, headers=None, data=None):
    request = urllib.request.Request(base + path, headers=headers or {}, data=data)
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=10)
    return answer.value.code, answer.value.headers["Content-Type"], json.loads(answer.value.read())


def test_a_url_too_long_for_gunicorn_is_refused_in_the_error_shape(served):
    base, _ = served
    status, content_type, body = refusal(base, "/api/v1/glossary?q=" + "a" * 9000)
    assert (status, content_type, set(body)) == (414, "application/json", {"message", "errors"})


def test_a_header_too_long_for_gunicorn_is_refused_in_the_error_shape(served):
    base, _ = served
    status, content_type, body = refusal(base, "/api/v1/glossary", headers={"X-Note": "a" * 9000})
    assert (status, content_type, set(body)) == (431, "application/json", {"message", "errors"})


def test_too_many_headers_for_gunicorn_are_refused_in_the_error_shape(served):
    base, _ = served
    status, content_type, body = refusal(base, "/api/v1/glossary", headers={f"X-N{n}": "1" for n in range(120)})
    assert (status, content_type, set(body)) == (431, "application/json", {"message", "errors"})


def test_a_body_over_the_limit_is_refused_in_the_error_shape_under_gunicorn(served):
    base, tokens = served
    status, content_type, body = refusal(
        base,
        "/api/v1/availability",
        data=b"{" + b" " * (2 * 1024 * 1024) + b"}",
        headers={"Authorization": f"Bearer {tokens['school']}", "Content-Type": "application/json"},
    )
    assert (status, content_type, set(body)) == (413, "application/json", {"message", "errors"})


@pytest.fixture(scope="module")
def generated_client(served, tmp_path_factory):
    """The package openapi-python-client generates from the served document, imported."""
    base, _ = served
    folder = tmp_path_factory.mktemp("client")
    document = folder / "openapi.json"
    document.write_bytes(urllib.request.urlopen(f"{base}/api/v1/openapi.json", timeout=10).read())
    config = folder / "config.json"
    # No formatting after generating (it would run ruff over the code), and the previews'
    # JPEG read as the bytes it is.
    config.write_text(
        json.dumps({"post_hooks": [], "content_type_overrides": {"image/jpeg": "application/octet-stream"}})
    )
    generated = subprocess.run(
        [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path",
            str(document),
            "--meta",
            "none",
            "--config",
            str(config),
            "--output-path",
            str(folder / "teamaround_client"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert generated.returncode == 0 and "Warning" not in generated.stdout, generated.stdout + generated.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("teamaround_client"), json.loads(document.read_text())
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == "teamaround_client"]:
            del sys.modules[name]


def named(reference: str) -> str:
    """The model a generated client names after the component ``reference`` leads to."""
    return reference.rsplit("/", 1)[-1]


def test_a_generated_client_posts_an_assessment_of_every_built_in_type_with_typed_models(served, generated_client):
    base, tokens = served
    client_package, document = generated_client
    models = importlib.import_module("teamaround_client.models")
    post_assessment = importlib.import_module("teamaround_client.api.api_timeline.post_assessments")
    get_entry = importlib.import_module("teamaround_client.api.api_timeline.get_entry")
    get_children = importlib.import_module("teamaround_client.api.api_children.get_children")
    get_type = importlib.import_module("teamaround_client.api.api_reference.get_one_assessment_type")
    variants = document["components"]["schemas"]["AssessmentRequest"]["discriminator"]["mapping"]
    host = load_plugins()
    assert set(variants) == set(host.assessment_types)
    for key, reference in sorted(variants.items()):
        kind = host.assessment_types[key]
        client = client_package.AuthenticatedClient(base_url=base, token=tokens[kind.agency])
        child = get_children.sync(client=client).children[0]
        published = get_type.sync(key, client=client)
        request_model = named(reference)
        payload_model = named(document["components"]["schemas"][request_model]["properties"]["payload"]["$ref"])
        body = getattr(models, request_model)(
            assessment_type=getattr(models, f"{request_model}AssessmentType")(key),
            payload=getattr(models, payload_model).from_dict(published.example.to_dict()),
            title=f"Posted by a generated client: {key}",
        )
        created = post_assessment.sync(child.id, client=client, body=body)
        assert isinstance(created, models.EntryOut), created
        read = get_entry.sync(created.id, client=client)
        assert isinstance(read, models.EntryOut)
        assert (read.assessment_type, read.payload_version, read.title) == (key, kind.version, body.title)
        assert read.payload.to_dict().keys() >= published.example.to_dict().keys()
