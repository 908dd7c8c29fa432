"""Importing a plain CSV export through a column mapping saved for the next import."""

import pytest
from roster_exports import PLAIN_MAPPING, actions, counts, plain_csv, plain_school
from sqlalchemy import select

from core.errors import Conflict
from core.models import Child, Membership, Person
from core.roster import mappings, values
from core.roster import plain_csv as plain


def test_a_mapping_is_saved_under_a_name_and_read_back_for_the_next_import(db, importer):
    mappings.save(db, importer.admin, "SIMS contacts", PLAIN_MAPPING)
    assert mappings.named(db, "SIMS contacts") == PLAIN_MAPPING
    assert mappings.names(db) == ["SIMS contacts"]


def test_a_mapping_naming_a_column_the_file_lacks_is_refused_naming_the_field(db, importer):
    with pytest.raises(plain.MappingError) as refused:
        importer.preview(plain_csv(plain_school()), {**PLAIN_MAPPING, "year_group": "NC Year"})
    assert set(refused.value.problems) == {"year_group"}


def test_a_plain_export_makes_pupils_and_their_contacts_with_parental_responsibility(db, importer):
    shown = importer.apply(plain_csv(plain_school()), PLAIN_MAPPING)
    assert actions(shown) == {
        "A123": "new",
        "A124": "new",
        "B200": "new",
        "mia.adams@example.org": "new",
        "rana@example.org": "new",
        "sami@example.org": "new",
    }
    omar = db.scalar(select(Child).where(Child.full_name == "Omar Farouk"))
    found = db.execute(
        select(Person.full_name, Membership.role, Membership.relationship_to_child, Membership.parental_responsibility)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.child_id == omar.id)
        .order_by(Person.full_name)
    ).all()
    assert found == [("Rana Farouk", "parent", "Mother", True), ("Sami Farouk", "parent", "Father", True)]
    assert omar.date_of_birth.isoformat() == "2015-11-12"


def test_a_contact_on_two_pupils_rows_is_one_person(db, importer):
    importer.apply(plain_csv(plain_school()), PLAIN_MAPPING)
    mia = db.scalar(select(Person).where(Person.email == "mia.adams@example.org"))
    assert len(db.scalars(select(Membership).where(Membership.person_id == mia.id)).all()) == 2


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_a_file_is_read_in_its_encoding_which_the_preview_names(db, importer, encoding):
    shown = importer.apply(plain_csv(plain_school(), encoding=encoding), PLAIN_MAPPING)
    assert shown.encoding == encoding
    assert db.scalar(select(Child.full_name).where(Child.full_name.like("Zo%"))) == "Zoë Adams"


def test_importing_the_same_file_again_changes_nothing(db, importer):
    importer.apply(plain_csv(plain_school()), PLAIN_MAPPING)
    before = counts(db)
    again = importer.apply(plain_csv(plain_school(), encoding="cp1252"), PLAIN_MAPPING)
    assert set(actions(again).values()) == {"unchanged"} and again.plan == []
    assert counts(db) == before


def test_a_pupil_removed_from_the_file_leaves(db, importer):
    importer.apply(plain_csv(plain_school()), PLAIN_MAPPING)
    shown = importer.apply(plain_csv(plain_school()[1:]), PLAIN_MAPPING)
    assert actions(shown)["A123"] == "leaves"
    assert db.scalar(select(Child.closed_at).where(Child.full_name == "Zoë Adams")) is not None


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({2: "31/02/2016"}, values.NOT_A_DATE),
        ({0: "A124"}, plain.SAME_PUPIL),
        ({1: ""}, plain.NO_PUPIL_NAME),
        ({6: "mia.adams at example"}, plain.CONTACT_WITH),
        ({8: "Maybe"}, plain.CONTACT_WITH),
        ({1: "Zoë " + "Adams" * 40}, values.TOO_LONG),
        ({7: "07700 900101 extension 12, evenings only please"}, plain.CONTACT_WITH),
    ],
)
def test_a_row_that_cannot_be_read_is_refused_and_nothing_applies(db, importer, cells, reason):
    rows = plain_school()
    rows[0] = tuple(cells.get(at, cell) for at, cell in enumerate(rows[0]))
    before = counts(db)
    shown = importer.preview(plain_csv(rows), PLAIN_MAPPING)
    assert reason in {refusal.reason.key for refusal in shown.refusals}
    with pytest.raises(Conflict):
        importer.queue(plain_csv(rows), PLAIN_MAPPING)
    importer.work()
    assert counts(db) == before


def test_a_contact_the_school_already_has_an_account_for_is_matched_by_email(db, importer, make_person):
    mia = make_person("parent", name="Mia Adams", email="mia.adams@example.org", phone="07700 900101")
    shown = importer.apply(plain_csv(plain_school()), PLAIN_MAPPING)
    assert actions(shown)["mia.adams@example.org"] == "changed"
    assert len(db.scalars(select(Membership).where(Membership.person_id == mia.id)).all()) == 2
