"""Subject access: everything held about a child or a person, and nothing of anyone else."""

import json

import pytest
from sqlalchemy import select, true

from core.errors import Forbidden
from core.models import Base
from core.people import invitations
from core.records import subject_access


def test_a_childs_export_holds_their_whole_record_at_every_visibility(db, child_team, two_timelines):
    document = subject_access.export_child(db, child_team.admin, child_team.child.id)
    assert document["child"]["full_name"] == child_team.child.full_name
    assert [entry["title"] for entry in document["timeline_entries"]] == ["Session notes"]
    assert {member["person_id"] for member in document["memberships"]} >= {child_team.parent.id, child_team.slt.id}
    assert [consent["agency"] for consent in document["agency_consents"]] == ["speech_language"]


def every_value(document, key):
    """Every value under ``key`` at any depth of a parsed JSON document."""
    if isinstance(document, dict):
        for name, value in document.items():
            if name == key:
                yield value
            yield from every_value(value, key)
    elif isinstance(document, list):
        for value in document:
            yield from every_value(value, key)


def test_a_childs_export_holds_nothing_of_another_child(db, child_team, full_case):
    document = json.loads(json.dumps(subject_access.export_child(db, child_team.admin, child_team.child.id)))
    assert set(every_value(document, "child_id")) == {child_team.child.id}
    text = json.dumps(document)
    assert "Other family" not in text and child_team.other_child.full_name not in text


def test_a_persons_export_holds_their_account_and_writing_but_no_password(db, child_team, two_timelines):
    document = subject_access.export_person(db, child_team.admin, child_team.slt.id)
    assert document["person"]["email"] == child_team.slt.email
    assert "password_hash" not in document["person"]
    assert [entry["title"] for entry in document["timeline_entries"]] == ["Session notes"]


def test_a_persons_export_names_their_tokens_and_feeds_but_carries_no_secret(db, child_team, full_case):
    document = subject_access.export_person(db, child_team.admin, child_team.slt.id)
    assert [token["name"] for token in document["api_tokens"]] == ["Case system"]
    assert document["api_tokens"][0]["created_at"] and document["calendar_feeds"][0]["created_at"]
    text = json.dumps(document)
    assert full_case.token_secret not in text and full_case.feed_token not in text
    assert full_case.session_secret not in text
    assert "token_hash" not in text and "password_hash" not in text


def test_a_persons_export_carries_no_link_from_the_invitation_mailed_to_them(db, child_team, mailed, site):
    link = invitations.invite(db, child_team.parent, child_team.admin, site=site)
    mailed()
    db.expire_all()
    document = subject_access.export_person(db, child_team.admin, child_team.parent.id)
    assert document["outbox_messages"] and link not in json.dumps(document)


# Tables that are no part of any child's record, and why.
NOT_A_CHILDS = {
    "people": "accounts: each is in its own person's export",
    "login_attempts": "tries to log in: in the person's export",
    "login_sessions": "a person's own sign-ins: in their export",
    "api_tokens": "a person's own tokens: in their export",
    "account_links": "a person's invitations and password resets: in their export",
    "second_factors": "a person's own authenticator apps and passkeys: in their export",
    "recovery_codes": "a person's own recovery codes (hashed): in their export",
    "sign_in_steps": "a sign-in waiting a few minutes for its second step: in the person's export",
    "availability_slots": "a person's own free and busy times: in their export",
    "calendar_feeds": "a person's own feed: in their export",
    "notification_preferences": "a person's own choices: in their export",
    "jobs": "background work: names records by id and holds nothing of what they say",
    "change_counter": "one number for the whole system, the latest change's: nobody's record",
    "data_version": "one number for the whole system, drawn afresh at each write: nobody's record",
    "erasure_notices": "that an erased case is gone, for the changes feed: ids only, nothing of child or person",
    "kept_answers": "a person's own API answers, kept a day for a repeat: in their export",
    "rate_limit_counters": "requests counted by token or address, for a minute or so: no one's record",
    "webhooks": "a person's own webhooks (their deliveries are in the children's records): in their export",
    "roster_imports": "the school's files imported, by whom: the school's, in the importer's export",
    "roster_mappings": "which column of a school's export says what: nobody's record",
    "roster_links": "who a child or person is in the school's system: in the child's or the person's export",
}


CHILDS_RECORD = sorted(table.name for table in Base.metadata.sorted_tables if table.name not in NOT_A_CHILDS)


def test_every_row_of_a_childs_record_is_in_that_childs_export_and_no_other(db, child_team, full_case):
    """Every table of a child's record at once, of one case built (building it takes longer than
    all the checks): a failure names each table with no row, or whose rows the exports hold otherwise."""
    held = {table: _rows_about_a_child(db, table) for table in CHILDS_RECORD if table != "children"}
    # Exported after the rows are read: each export writes an audit event naming its child.
    children = (child_team.child, child_team.other_child)
    exports = [subject_access.export_child(db, child_team.admin, child.id) for child in children]
    differing = {}
    for table, rows in held.items():
        key = Base.metadata.tables[table].primary_key.columns
        exported = sorted(tuple(row[column.name] for column in key) for export in exports for row in export[table])
        if not rows or exported != rows:
            differing[table] = {"held": rows, "exported": exported}
    assert differing == {}


def _rows_about_a_child(db, table: str) -> list[tuple]:
    """The primary keys of ``table``'s rows (a document sent with a referral is known by the two it
    joins) that are about a child: an audit event, or an e-mail, may be about no child (or, for a
    digest, several); a notification too (a referral waiting for an agency outside the team names
    the referrer, not the child)."""
    columns = Base.metadata.tables[table].c
    key = Base.metadata.tables[table].primary_key.columns
    about_no_child = ("audit_events", "outbox_messages", "notifications")
    about_a_child = columns.child_id.is_not(None) if table in about_no_child else true()
    return sorted(tuple(row) for row in db.execute(select(*key).where(about_a_child)))


def test_every_table_with_a_child_or_a_person_is_exported_or_said_not_to_be(db, child_team, full_case):
    people, children = Base.metadata.tables["people"], Base.metadata.tables["children"]
    linked = {
        table.name
        for table in Base.metadata.sorted_tables
        if any(fk.column.table in (people, children) for fk in table.foreign_keys)
    }
    child_document = subject_access.export_child(db, child_team.admin, child_team.child.id)
    person_document = subject_access.export_person(db, child_team.admin, child_team.slt.id)
    assert linked <= set(child_document) | set(NOT_A_CHILDS)
    assert linked <= set(person_document)


def test_every_row_naming_a_person_is_in_that_persons_export(db, child_team, full_case):
    people = Base.metadata.tables["people"]
    # Every row first: an export audits itself, and its own event is in no export made before it.
    named = [
        (table, fk, db.execute(select(table.c.id, fk.parent).where(fk.parent.is_not(None))).all())
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table is people
    ]
    exports = {}
    for table, fk, rows in named:
        assert rows, f"the case names no person in {table.name}.{fk.parent.name}"
        for row_id, person_id in rows:
            if person_id not in exports:
                exports[person_id] = subject_access.export_person(db, child_team.admin, person_id)
            assert row_id in {row["id"] for row in exports[person_id][table.name]}, (table.name, fk.parent.name)


def test_a_persons_export_holds_their_attempts_to_log_in(db, child_team, full_case):
    document = subject_access.export_person(db, child_team.admin, child_team.slt.id)
    assert [attempt["succeeded"] for attempt in document["login_attempts"]] == [False]


def test_every_column_holding_a_secret_is_kept_out_of_exports():
    looks_secret = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.c
        if any(word in column.name for word in ("password", "token", "secret", "hash"))
    }
    audit_chain = {"audit_events.hash", "audit_events.previous_hash"}  # hashes of events, no secret
    assert subject_access.SECRET_COLUMNS == looks_secret - audit_chain


def test_only_administrators_export(db, child_team):
    with pytest.raises(Forbidden):
        subject_access.export_child(db, child_team.senco, child_team.child.id)
