"""A plugin shows the form an entry carries; the timeline page shows the rest of every entry itself."""

import pytest

from core.hookspecs import hookimpl
from core.timeline import entries as timeline

COMMUNICATION = "speech_language.communication_assessment"


class AskedToShow:
    """A plugin that notes each entry it is asked to show, and leaves it to the others."""

    def __init__(self):
        self.entries = []

    @hookimpl
    def render_timeline_entry(self, entry, viewer, reader):
        self.entries.append(entry.id)


@pytest.fixture
def asked(app):
    host = app.extensions["teamaround.plugins"]
    plugin = AskedToShow()
    host.pm.register(plugin, name="asked-to-show")
    yield plugin
    host.pm.unregister(plugin)


def test_a_plugin_is_asked_to_show_only_the_entries_that_carry_a_form(db, host, child_team, auth, client, asked):
    child_id = child_team.child.id
    message = timeline.post_entry(
        db, child_team.senco, child_id, {"kind": "message", "title": "Swimming on Friday"}, host=host
    )
    assessment = timeline.post_assessment(
        db,
        child_team.slt,
        child_id,
        {
            "assessment_type": COMMUNICATION,
            "payload": dict(host.assessment_types[COMMUNICATION].example),
            "visibility": "team",
        },
        host=host,
    )
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_id}").get_data(as_text=True)
    assert f'id="entry-{message.id}"' in page and f'id="entry-{assessment.id}"' in page
    assert asked.entries == [assessment.id]
