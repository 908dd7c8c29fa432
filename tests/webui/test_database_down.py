"""While the database is down, a page or an API call answers 503 with Retry-After, on the
app's own page in the reader's language or in the API's error shape, never a bare 500; and
the same session works again once the database is back (issue 24 point 7)."""

import pytest
from conftest import PASSWORD, Team, child_factory, person_factory

from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.people import tokens as api_tokens


@pytest.fixture(scope="module")
def school(own_postgres, tmp_path_factory):
    """An app on the module's own PostgreSQL, with a team and the SENCO's API token."""
    from webui import create_app

    upgrade(own_postgres.url)
    engine = make_engine(own_postgres.url)
    with make_session_factory(engine)() as db, db.begin():
        team = Team(db, person_factory(db), child_factory(db))
        _, secret = api_tokens.create(db, team.senco, {"name": "Case system"})
        school = {"email": team.senco.email, "child_id": team.child.id, "bearer": f"Bearer {secret}"}
    engine.dispose()
    school["app"] = create_app({"DATABASE_URL": own_postgres.url, "SECRET_KEY": "test", "PASSWORD_PROFILE": "cheapest",
                                "WTF_CSRF_ENABLED": False, "DOCUMENTS_PATH": str(tmp_path_factory.mktemp("files"))})
    return school


@pytest.fixture
def database_down(own_postgres):
    """Stop the database for the test, and start it again after."""
    own_postgres.stop()
    yield
    own_postgres.start()


@pytest.fixture
def signed_in(school):
    client = school["app"].test_client()
    assert client.post("/login", data={"email": school["email"], "password": PASSWORD}).status_code == 302
    return client


def test_a_page_answers_503_in_the_readers_language_while_the_database_is_down(school, signed_in, database_down):
    answer = signed_in.get(f"/children/{school['child_id']}", headers={"Accept-Language": "pl"})
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
    assert '<html lang="pl"' in answer.text and "Chwilowo niedostępne" in answer.text


def test_the_api_answers_503_in_its_error_shape_while_the_database_is_down(school, database_down):
    answer = school["app"].test_client().get("/api/v1/children", headers={"Authorization": school["bearer"]})
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
    assert set(answer.json) == {"message", "errors"}


def test_a_session_signed_in_before_the_outage_works_once_the_database_is_back(school, signed_in, own_postgres):
    own_postgres.stop()
    assert signed_in.get(f"/children/{school['child_id']}").status_code == 503
    own_postgres.start()
    assert signed_in.get(f"/children/{school['child_id']}").status_code == 200
