"""The documents attached to a page's entries are read by statements built once for each kind
of reader: each reader's own id and agency decide what they list, never those of whoever read
the page before them (core.access.readable_documents)."""

import io

import pytest
import sample_files

from core.access import child_access
from core.documents import attachments, filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.timeline import entries as timeline


@pytest.fixture
def letter_to_the_therapist(db, child_team, store, host):
    """A parent's letter shared with the speech and language therapists alone, attached to her message."""
    letter = filing.add_document(
        db,
        child_team.parent,
        child_team.child.id,
        {"title": "Letter for the therapist", "kind": "letter", "visibility": "agency", "agency": "speech_language"},
        filing.Upload(io.BytesIO(sample_files.pdf("Letter")), "letter.pdf"),
        store=store,
        host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    message = timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "message", "title": "About speech"}, host=host
    )
    attachments.attach(db, child_team.parent, letter.id, entry_id=message.id)
    return message


def test_each_reader_in_turn_lists_the_agency_only_letter_by_their_own_rights(db, child_team, letter_to_the_therapist):
    readers = [
        (child_team.slt, True),  # the agency it is shared with
        (child_team.senco, False),  # the school: another agency
        (child_team.parent, True),  # she added it
        (child_team.teacher, False),
        (child_team.slt, True),
    ]
    listed = []
    for person, _ in readers:
        access = child_access(db, person, child_team.child.id)
        found = attachments.attached_to_entries(db, access, [letter_to_the_therapist])
        listed.append(bool(found.get(letter_to_the_therapist.id)))
    assert listed == [reads for _, reads in readers]
