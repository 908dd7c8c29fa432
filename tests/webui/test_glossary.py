"""Professional words are explained where they appear."""

import pytest
from flask import Flask
from markupsafe import escape

from core.contributions import GlossaryTerm
from core.timeline import entries as timeline
from webui.glossary import Explainer

TERMS = {
    "standardised score": GlossaryTerm(term="standardised score", plain="A score compared with others."),
    "score": GlossaryTerm(term="score", plain="A number."),
    "ehcp": GlossaryTerm(term="EHCP", plain="The legal plan."),
}


@pytest.fixture
def explain():
    app = Flask(__name__)
    app.add_url_rule("/glossary", "glossary.page")
    with app.test_request_context():
        yield Explainer(TERMS).explain


def test_a_term_carries_its_plain_explanation_beside_it_and_links_to_the_glossary(explain):
    html = str(explain("Her EHCP was agreed."))
    assert html == (
        'Her <span class="term"><a class="term-word" href="/glossary#term-ehcp">EHCP</a>'
        '<span class="explanation"> (The legal plan.)</span></span> was agreed.'
    )


def test_the_longest_term_wins_and_only_the_first_mention_is_linked(explain):
    html = str(explain("Her standardised score rose; the score is good. Another standardised score."))
    assert html.count('class="term"') == 2
    assert ">standardised score</a>" in html and ">score</a>" in html


def test_text_around_terms_is_escaped(explain):
    assert "&lt;script&gt;" in str(explain("<script>EHCP</script>"))


def test_words_that_merely_contain_a_term_are_left_alone(explain):
    assert 'class="term"' not in str(explain("Scoreboard and underscored"))


def test_the_glossary_page_lists_every_term_with_an_anchor(client, auth, child_team, host):
    auth.login(child_team.parent)
    page = client.get("/glossary").get_data(as_text=True)
    assert len(host.glossary) >= 75
    assert all(f"<dfn>{escape(term.term)}</dfn>" in page for term in host.glossary.values())


def test_the_timeline_explains_a_term_in_place_without_javascript(client, auth, db, child_team, host):
    timeline.post_entry(
        db, child_team.senco, child_team.child.id, {"kind": "update", "title": "The EHCP request is sent"}, host=host
    )
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    plain = escape(host.glossary["ehcp"].plain)
    assert f'>EHCP</a><span class="explanation"> ({plain})</span>' in page
