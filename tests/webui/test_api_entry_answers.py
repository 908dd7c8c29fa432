"""A timeline page's entries are written by hand (webui.api.schemas.entry_answer), not by
marshmallow; EntryOut, which documents them, must write exactly the same."""

import dataclasses
from datetime import UTC, datetime

from core.models import EntryKind, Visibility
from core.timeline import entries as timeline
from core.timeline.reading import ReadEntry, ReadPerson
from webui.api.schemas import EntryOut, entry_answer
from webui.api.timeline import as_read
from webui.wording import reader

COMMUNICATION = "speech_language.communication_assessment"


def test_each_kind_of_entry_is_written_as_its_schema_writes_it(app, db, host, full_case, child_team):
    example = dict(host.assessment_types[COMMUNICATION].example)
    timeline.post_assessment(
        db,
        child_team.slt,
        child_team.child.id,
        {"assessment_type": COMMUNICATION, "payload": example, "visibility": "team"},
        host=host,
    )
    timeline.post_entry(db, child_team.parent, child_team.child.id, {"kind": "message", "title": "Hello"}, host=host)
    built, dumped, kinds = [], [], set()
    with app.test_request_context(headers={"Accept-Language": "pl"}):
        for who in (child_team.senco, child_team.parent):  # the details of assessments, and their summaries
            page = timeline.read_timeline(db, who, child_team.child.id, {"limit": 100})
            sees_details = page.access.may_see_assessment_details()
            built += [entry_answer(entry, sees_details, reader()) for entry in page.entries]
            dumped += EntryOut(many=True).dump([as_read(page.access, entry) for entry in page.entries])
            kinds |= {entry.kind for entry in page.entries}
    assert kinds == set(EntryKind)
    assert any(entry["withdrawn"] for entry in dumped) and any(entry["acknowledgements"] for entry in dumped)
    assert built == dumped


def test_an_entry_is_written_with_its_schemas_fields_in_their_order():
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    stands = {
        "kind": EntryKind.UPDATE,
        "title": "Seen",
        "body": "",
        "occurred_at": at,
        "posted_at": at,
        "visibility": Visibility.TEAM,
        "author": ReadPerson(3, "An Author"),
        "acknowledgements": [],
    }
    entry = ReadEntry(**dict.fromkeys(field.name for field in dataclasses.fields(ReadEntry)) | stands)
    fields = [field.data_key or name for name, field in EntryOut().dump_fields.items()]
    assert list(entry_answer(entry, True, None)) == fields
