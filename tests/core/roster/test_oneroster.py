"""Importing a OneRoster 1.2 CSV bundle: pupils, their guardians and staff, previewed then applied."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from roster_exports import Bundle, User, actions, counts, hillside
from sqlalchemy import select

from core.errors import Conflict
from core.models import AccountLink, Child, Membership, Person, PersonKind, RosterLink
from core.roster import oneroster, preview, values


def child_named(db, name):
    return db.scalar(select(Child).where(Child.full_name == name))


def person_at(db, email):
    return db.scalar(select(Person).where(Person.email == email))


def parents_of(db, child):
    return sorted(
        db.scalars(
            select(Person.full_name)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.child_id == child.id, Membership.left_at.is_(None))
        )
    )


def test_a_bundle_is_previewed_as_new_pupils_guardians_and_staff_and_nothing_is_changed(db, importer):
    before = counts(db)
    shown = importer.preview(hillside().zip())
    assert actions(shown) == {
        "s1": "new",
        "s2": "new",
        "s3": "new",
        "g1": "new",
        "g2": "new",
        "g3": "new",
        "g4": "new",
        "t1": "new",
    }
    assert shown.refusals == [] and shown.may_apply
    assert counts(db) == before


def test_applying_a_bundle_makes_each_pupils_record_with_their_date_of_birth_and_year(db, importer):
    importer.apply(hillside().zip())
    cara = child_named(db, "Cara Singh")
    assert (cara.date_of_birth.isoformat(), cara.year_group) == ("2016-05-04", "Y4")


def test_a_guardian_of_two_pupils_is_one_person_in_both_teams(db, importer):
    importer.apply(hillside().zip())
    dana = person_at(db, "dana.brown@example.org")
    assert (
        parents_of(db, child_named(db, "Ava Brown")) == parents_of(db, child_named(db, "Ben Brown")) == ["Dana Brown"]
    )
    assert dana.kind is PersonKind.PARENT


def test_a_pupil_with_two_households_gets_every_guardian_named_from_either_side(db, importer):
    importer.apply(hillside().zip())
    assert parents_of(db, child_named(db, "Cara Singh")) == ["Eshan Singh", "Farah Singh", "Gita Kaur"]
    roles = dict(
        db.execute(
            select(Membership.relationship_to_child, Membership.role).where(
                Membership.child_id == child_named(db, "Cara Singh").id
            )
        ).all()
    )
    assert roles == {"parent": "parent", "guardian": "carer", "relative": "carer"}


def test_staff_are_school_staff_with_their_role_kept(db, importer):
    importer.apply(hillside().zip())
    hugh = person_at(db, "hugh.jones@example.org")
    assert (hugh.kind, hugh.agency) == (PersonKind.SCHOOL_STAFF, "school")
    assert db.scalar(select(RosterLink.imported).where(RosterLink.person_id == hugh.id))["role"] == "teacher"


def test_imported_people_have_no_password_and_are_invited(db, importer):
    importer.apply(hillside().zip())
    dana = person_at(db, "dana.brown@example.org")
    assert dana.password_hash is None
    assert db.scalar(select(AccountLink.purpose).where(AccountLink.person_id == dana.id)) == "invitation"


def test_importing_the_same_bundle_again_changes_nothing(db, importer):
    importer.apply(hillside().zip())
    links = db.execute(select(RosterLink.identifier, RosterLink.imported, RosterLink.imported_at)).all()
    before = counts(db)
    again = importer.apply(hillside().zip())
    assert set(actions(again).values()) == {"unchanged"} and again.plan == []
    assert counts(db) == before
    assert db.execute(select(RosterLink.identifier, RosterLink.imported, RosterLink.imported_at)).all() == links


def test_a_changed_email_is_previewed_as_a_change_and_applied_to_the_same_person(db, importer):
    importer.apply(hillside().zip())
    dana = person_at(db, "dana.brown@example.org")
    shown = importer.apply(hillside().but("g1", email="dana@example.net").zip())
    [line] = [line for line in shown.lines if line.identifier == "g1"]
    assert (line.action, line.changes) == ("changed", {"email": ("dana.brown@example.org", "dana@example.net")})
    db.refresh(dana)
    assert dana.email == "dana@example.net"


def test_a_field_edited_in_teamaround_since_the_import_is_a_conflict_and_kept(db, importer):
    importer.apply(hillside().zip())
    dana = person_at(db, "dana.brown@example.org")
    dana.phone = "01632 960000"
    db.flush()
    shown = importer.apply(hillside().but("g1", phone="07700 900999").zip())
    [line] = [line for line in shown.lines if line.identifier == "g1"]
    assert line.conflicts == {"phone": ("01632 960000", "07700 900999")}
    db.refresh(dana)
    assert dana.phone == "01632 960000"


def test_a_field_edited_in_teamaround_stands_when_the_school_did_not_change_it(db, importer):
    importer.apply(hillside().zip())
    ava = child_named(db, "Ava Brown")
    ava.year_group = "Year 4 (Oak class)"
    db.flush()
    shown = importer.apply(hillside().zip())
    assert actions(shown)["s1"] == "unchanged"
    db.refresh(ava)
    assert ava.year_group == "Year 4 (Oak class)"


@pytest.mark.parametrize(
    "export",
    [
        pytest.param(lambda: hillside().but("s2", status="tobedeleted"), id="status tobedeleted"),
        pytest.param(lambda: hillside().without("s2"), id="missing from a bulk export"),
    ],
)
def test_a_withdrawn_pupil_leaves_their_case_closed_and_kept(db, importer, export):
    importer.apply(hillside().zip())
    shown = importer.apply(export().zip())
    assert actions(shown)["s2"] == "leaves"
    ben = child_named(db, "Ben Brown")
    assert ben.closed_at is not None and ben.erased_at is None
    assert db.scalar(select(RosterLink.left_at).where(RosterLink.child_id == ben.id)) is not None


def test_a_pupil_missing_from_a_delta_export_stays(db, importer):
    importer.apply(hillside().zip())
    delta = hillside().without("s2")
    delta.mode = "delta"
    assert "s2" not in actions(importer.preview(delta.zip()))


def test_a_malformed_date_of_birth_is_refused_with_its_reason(db, importer):
    [refusal] = importer.preview(hillside(born="2016-13-45").zip()).refusals
    assert (refusal.line, refusal.identifier) == ("users.csv:4", "s3")
    assert (refusal.reason.key, refusal.reason.values) == (values.NOT_A_DATE, {"value": "2016-13-45"})


def test_a_duplicate_identifier_refuses_each_of_its_rows(db, importer):
    bundle = hillside()
    bundle.users.append(bundle.users[0].but(given="Another"))
    refusals = importer.preview(bundle.zip()).refusals
    assert [(r.line, r.reason.key) for r in refusals] == [
        ("users.csv:2", oneroster.SAME_IDENTIFIER),
        ("users.csv:10", oneroster.SAME_IDENTIFIER),
    ]


def test_nothing_is_applied_while_a_row_is_refused(db, importer):
    before = counts(db)
    with pytest.raises(Conflict):
        importer.queue(hillside(born="not a date").zip())
    importer.work()
    assert counts(db) == before


def test_two_people_with_one_email_in_the_file_are_refused(db, importer):
    shown = importer.preview(hillside().but("g2", email="dana.brown@example.org").zip())
    assert {(r.identifier, r.reason.key) for r in shown.refusals} == {
        ("g1", preview.EMAIL_TWICE),
        ("g2", preview.EMAIL_TWICE),
    }


EXAMPLES = itertools.count()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    families=st.lists(
        st.tuples(st.integers(1, 3), st.integers(0, 3), st.sampled_from(["parent", "guardian", "relative"])),
        min_size=1,
        max_size=5,
    )
)
def test_importing_any_roster_a_second_time_changes_nothing(db, importer, families):
    """Families of one to three pupils with up to three guardians each, any role."""
    example = next(EXAMPLES)
    users = []
    for family, (pupils, guardians, role) in enumerate(families):
        agents = tuple(f"x{example}g{family}n{n}" for n in range(guardians))
        users += [User(agent, role, "Carer", f"F{family}", email=f"{agent}@example.org") for agent in agents]
        users += [
            User(
                f"x{example}p{family}n{n}",
                "student",
                f"Pupil{n}",
                f"F{family}",
                agents=agents,
                born=f"2017-01-0{n + 1}",
            )
            for n in range(pupils)
        ]
    bundle = Bundle(users, mode="delta")
    first = importer.apply(bundle.zip())
    before = counts(db)
    again = importer.apply(bundle.zip())
    assert len(first.plan) == sum(p + g + p * g for p, g, _ in families)
    assert again.plan == [] and {line.action for line in again.lines} == {"unchanged"}
    assert counts(db) == before
