"""A term is explained in each reader's own language when readers of two languages take turns
on the same page: the explanations worked out once are kept for each language, never one
language's served to another (webui.glossary)."""

from markupsafe import escape

from core.timeline import entries as timeline
from webui.wording import Catalogues


def test_the_timeline_explains_a_term_to_an_english_reader_then_to_a_polish_one_in_polish(
    client, auth, db, child_team, host
):
    timeline.post_entry(
        db, child_team.senco, child_team.child.id, {"kind": "update", "title": "The EHCP request is sent"}, host=host
    )
    term = host.glossary["ehcp"]
    in_polish = Catalogues(host.catalogues).reader("pl", "UTC").gettext(host.domain_of(term.agency), term.plain)
    assert in_polish != term.plain
    child_team.parent.language = "pl"
    db.flush()
    path = f"/children/{child_team.child.id}"
    shown = {}
    for reader in (child_team.senco, child_team.parent):
        auth.login(reader)
        shown[reader.id] = client.get(path).get_data(as_text=True)
    assert f'<span class="explanation"> ({escape(term.plain)})</span>' in shown[child_team.senco.id]
    assert f'<span class="explanation"> ({escape(in_polish)})</span>' in shown[child_team.parent.id]
