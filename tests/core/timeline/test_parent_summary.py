"""The plain summary a parent reads of an assessment: generated from the form, read and edited
by the professional before saving, and shown as edited."""

import dataclasses

import pytest
from summaries import in_english

from core.errors import InvalidInput
from core.models import Visibility
from core.timeline import entries as timeline
from core.timeline.assessment_templates import parent_summary, read_summary
from core.wording import English
from webui.wording import Catalogues

COMMUNICATION = "speech_language.communication_assessment"

EDITED = {
    "measured": "How Amara understands and uses words, with pictures and games.",
    "found": "She understands more than she can yet say.",
    "next_steps": "Owen will see her each week and send a game home on Fridays.",
}


@pytest.fixture
def communication(host):
    return host.assessment_types[COMMUNICATION]


def recorded(db, child_team, host, communication, **data):
    values = {"assessment_type": COMMUNICATION, "payload": dict(communication.example), "visibility": "team", **data}
    return timeline.post_assessment(db, child_team.slt, child_team.child.id, values, host=host)


def test_the_preview_is_the_summary_the_form_generates(db, child_team, host, communication):
    data = {"assessment_type": COMMUNICATION, "payload": dict(communication.example)}
    shown = timeline.preview_summary(db, child_team.slt, child_team.child.id, data, host=host)
    assert shown == in_english(communication.summarise(dict(communication.example), communication.version))


def test_the_preview_refuses_answers_the_form_would_refuse(db, child_team, host):
    data = {"assessment_type": COMMUNICATION, "payload": {}}
    with pytest.raises(InvalidInput):
        timeline.preview_summary(db, child_team.slt, child_team.child.id, data, host=host)


def test_the_preview_shows_the_summary_as_edited(db, child_team, host, communication):
    data = {"assessment_type": COMMUNICATION, "payload": dict(communication.example), "parent_summary": EDITED}
    shown = timeline.preview_summary(db, child_team.slt, child_team.child.id, data, host=host)
    assert dataclasses.asdict(shown) == EDITED


def test_the_parent_reads_the_summary_as_the_professional_edited_it(db, child_team, host, communication):
    entry = recorded(db, child_team, host, communication, parent_summary=EDITED)
    html = host.hook.render_timeline_entry(
        entry=entry, viewer=child_team.parent, assessment_type=communication, reader=English()
    )
    assert EDITED["found"] in html


def test_a_summary_left_as_generated_is_not_kept_so_it_follows_the_plugin(db, child_team, host, communication):
    generated = in_english(communication.summarise(dict(communication.example), communication.version))
    entry = recorded(db, child_team, host, communication, parent_summary=dataclasses.asdict(generated))
    assert entry.parent_summary is None and parent_summary(entry, communication, English()) == generated


def test_an_edited_summary_must_say_what_happens_next(db, child_team, host, communication):
    with pytest.raises(InvalidInput) as raised:
        recorded(db, child_team, host, communication, parent_summary=EDITED | {"next_steps": " "})
    assert "parent_summary.next_steps" in raised.value.errors


def test_the_edited_summary_shows_even_without_the_agencys_plugin(db, child_team, host, communication):
    entry = recorded(db, child_team, host, communication, parent_summary=EDITED, visibility=Visibility.TEAM.value)
    from core import fallbacks

    assert EDITED["found"] in fallbacks.render_timeline_entry(
        entry=entry, viewer=child_team.parent, assessment_type=None, reader=English()
    )


def test_a_summary_left_as_generated_in_the_authors_language_follows_the_plugin_too(
    db, child_team, host, communication
):
    reader = Catalogues(host.catalogues).reader("pl", "Europe/London").of_plugin("speech_language")
    generated = read_summary(communication.summarise(dict(communication.example), communication.version), reader)
    data = {"assessment_type": COMMUNICATION, "payload": dict(communication.example), "visibility": "team",
            "parent_summary": dataclasses.asdict(generated)}
    entry = timeline.post_assessment(db, child_team.slt, child_team.child.id, data, host=host, reader=reader)
    assert entry.parent_summary is None
    assert parent_summary(entry, communication, English()).found.startswith("Following directions (CELF-5 UK)")
