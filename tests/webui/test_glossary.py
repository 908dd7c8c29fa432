"""Professional words are explained where they appear."""

import pytest
from flask import Flask
from markupsafe import Markup, escape

from core.contributions import GlossaryTerm
from core.timeline import entries as timeline
from webui.glossary import Explainer

TERMS = {
    "standardised score": GlossaryTerm(term="standardised score", plain="A score compared with others."),
    "score": GlossaryTerm(term="score", plain="A number."),
    "ehcp": GlossaryTerm(term="EHCP", plain="The legal plan."),
    "send": GlossaryTerm(term="SEND", plain="Special educational needs and disabilities."),
    "sen support": GlossaryTerm(term="SEN support", plain="Extra help at school."),
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


def test_a_terms_link_follows_the_path_each_request_serves_the_site_under():
    app, explainer = Flask(__name__), Explainer(TERMS)
    app.add_url_rule("/glossary", "glossary.page")
    for path in ("/school-a/", "/school-b/", "/school-a/"):
        with app.test_request_context(base_url=f"http://localhost{path}"):
            assert f'href="{path}glossary#term-ehcp"' in str(explainer.explain("Her EHCP"))


def test_the_longest_term_wins_and_only_the_first_mention_is_linked(explain):
    html = str(explain("Her standardised score rose; the score is good. Another standardised score."))
    assert html.count('class="term"') == 2
    assert ">standardised score</a>" in html and ">score</a>" in html


def test_text_around_terms_is_escaped(explain):
    assert "&lt;script&gt;" in str(explain("<script>EHCP</script>"))


def test_words_that_merely_contain_a_term_are_left_alone(explain):
    assert 'class="term"' not in str(explain("Scoreboard and underscored"))


def test_an_acronym_is_matched_only_in_capitals_so_the_verb_send_is_left_alone(explain):
    assert 'class="term"' not in str(explain("Send reply. Please send it."))
    assert ">SEND</a>" in str(explain("Children with SEND"))


def test_the_capitals_inside_a_term_must_match_while_its_other_words_may_start_a_sentence(explain):
    assert ">SEN Support</a>" in str(explain("SEN Support starts"))
    assert 'class="term"' not in str(explain("sen support"))


def test_explanations_beside_a_link_list_each_term_the_link_uses(explain):
    html = str(Explainer(TERMS).explanations("The EHCP and SEN support"))
    assert html.count('class="term"') == 2
    assert '>EHCP</a><span class="explanation"> (The legal plan.)</span>' in html


def test_a_plugins_html_has_its_words_explained_but_not_inside_its_links_or_tags(explain):
    html = str(Explainer(TERMS).explain_html(Markup('<p title="EHCP">Her EHCP &amp; score</p><a href="#">EHCP</a>')))
    assert html.startswith('<p title="EHCP">Her <span class="term"><a class="term-word" href="/glossary#term-ehcp">')
    assert ' &amp; <span class="term">' in html and html.endswith('</p><a href="#">EHCP</a>')


@pytest.mark.parametrize("term", ["SLT", "OT", "PE", "SEN support plan", "Lead professional", "SENCO"])
def test_the_shorthand_parents_meet_is_in_the_glossary(host, term):
    assert host.glossary[term.casefold()].term == term


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


POLISH_NAMES = {"SEN support": "wsparcie SEN", "EHCP": "EHCP"}


@pytest.fixture
def explain_in_polish():
    app = Flask(__name__)
    app.add_url_rule("/glossary", "glossary.page")
    polish = Explainer(TERMS, plain=lambda term: f"[pl] {term.plain}", name=lambda t: POLISH_NAMES.get(t.term, t.term))
    with app.test_request_context():
        yield polish.explain


def test_a_term_written_in_the_readers_language_is_explained_in_it(explain_in_polish):
    html = str(explain_in_polish("Dziecko dostaje wsparcie SEN."))
    assert '>wsparcie SEN</a><span class="explanation"> ([pl] Extra help at school.)</span>' in html
    assert 'href="/glossary#term-sen-support"' in html


def test_a_term_typed_in_english_is_explained_in_the_readers_language(explain_in_polish):
    assert '>SEN support</a><span class="explanation"> ([pl] Extra help at school.)</span>' in str(
        explain_in_polish("Notatka: SEN support od września")
    )


def test_the_glossary_page_names_each_term_in_the_readers_language(client, auth, db, child_team):
    child_team.parent.language = "pl"
    db.flush()
    auth.login(child_team.parent)
    page = client.get("/glossary").get_data(as_text=True)
    assert '<dt id="term-sen-support"><dfn>wsparcie SEN</dfn>' in page


def test_the_glossary_page_read_in_english_is_read_in_polish_by_a_polish_reader(client, auth, db, child_team):
    auth.login(child_team.senco)
    assert '<dt id="term-sen-support"><dfn>SEN support</dfn>' in client.get("/glossary").get_data(as_text=True)
    child_team.parent.language = "pl"
    db.flush()
    auth.login(child_team.parent)
    page = client.get("/glossary").get_data(as_text=True)
    assert '<dt id="term-sen-support"><dfn>wsparcie SEN</dfn>' in page and "SEN support</dfn>" not in page
