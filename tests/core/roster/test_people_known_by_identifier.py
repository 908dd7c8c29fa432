"""The roster import and a school's system on the API know a person by one identifier: a
person the API opened under the OneRoster identifier is the one the OneRoster export names,
and a person the export brought is found through the API by it."""

import pytest
from roster_exports import hillside
from sqlalchemy import func, select

from core.models import Person
from core.people import directory


@pytest.fixture
def hugh_through_the_api(db, importer, site):
    """The teacher t1 of the Hillside bundle, opened by the school's system before any import,
    under another e-mail address."""
    return directory.open_account(
        db,
        importer.admin,
        {
            "full_name": "Hugh Jones",
            "email": "hugh@hillside.example",
            "kind": "school_staff",
            "agency": "school",
            "identifiers": [{"system": "oneroster", "value": "t1"}],
        },
        site=site,
    )


def test_a_teacher_opened_through_the_api_is_the_one_the_export_names_by_that_identifier(
    db, importer, hugh_through_the_api
):
    shown = importer.apply(hillside().zip())
    [line] = [line for line in shown.lines if line.identifier == "t1"]
    assert line.action != "new"
    assert line.conflicts == {"email": ("hugh@hillside.example", "hugh.jones@example.org")}
    assert db.scalar(select(func.count()).where(Person.full_name == "Hugh Jones")) == 1


def test_a_teacher_the_export_brought_is_found_by_their_oneroster_identifier(db, importer):
    importer.apply(hillside().zip())
    page, _ = directory.people_page(db, importer.admin, {"system": "oneroster", "identifier": "t1"})
    assert [person.email for person in page] == ["hugh.jones@example.org"]
