"""The glossary finds a page's terms quickly and exactly as its one long pattern did:
the longest name first, shorthand in capitals only as written, any other word in either
case, any space or line break between a term's words, and only a term's first mention
explained."""

import re

import pytest
from flask import Flask, url_for
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from webui.glossary import in_language
from webui.wording import Catalogues

LANGUAGES = ["en", "pl", "ur"]
SPACES = [" ", "  ", "\n", "\r\n", "\t", "\u00a0", " \n "]
PUNCTUATION = [*".,;:!?-–—'’\"„”()/&_", *SPACES]
# With letters whose other case the engine matches in a way of its own: the Kelvin sign,
# the long s, a dotted and a dotless i, the sigmas, the sharp s.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZąęółśżźćńŁŚ0123456789سکیںچ" + "KſİıΣςσßẞ"


class Reference:
    """The glossary's matching as it was: one pattern of every name, longest first, each
    mention linked with url_for and Markup.format."""

    def __init__(self, explainer):
        self.explainer = explainer
        self.names = sorted(
            {term.term for term in explainer.terms.values()} | set(map(explainer.name, explainer.terms.values()))
        )
        longest_first = sorted(self.names, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(map(self.matching, longest_first)) + r")(?![\w-])")

    @staticmethod
    def matching(name: str) -> str:
        return r"\s+".join(
            re.escape(word) if sum(letter.isupper() for letter in word) > 1 else f"(?i:{re.escape(word)})"
            for word in name.split()
        )

    def explain(self, text: str, seen: set[str]) -> str:
        parts, last = [], 0
        for match in self.pattern.finditer(text):
            word, key = match.group(0), " ".join(match.group(0).split()).casefold()
            parts.append(escape(text[last : match.start()]))
            parts.append(escape(word) if key in seen else self.term(word, self.explainer.named[key]))
            seen.add(key)
            last = match.end()
        return "".join(map(str, [*parts, escape(text[last:])]))

    def term(self, word, term) -> Markup:
        return Markup(
            '<span class="term"><a class="term-word" href="{}#term-{}">{}</a>'
            '<span class="explanation"> ({})</span></span>'
        ).format(
            url_for("glossary.page"),
            re.sub(r"[^a-z0-9]+", "-", term.term.casefold()).strip("-"),
            word,
            self.explainer.plain(term),
        )


@pytest.fixture(scope="module")
def explainers(host):
    catalogues = Catalogues(host.catalogues)
    return {language: in_language(host, catalogues.reader(language, "UTC")) for language in LANGUAGES}


@pytest.fixture(scope="module")
def references(explainers):
    return {language: Reference(explainer) for language, explainer in explainers.items()}


@pytest.fixture(scope="module")
def in_a_request():
    app = Flask(__name__)
    app.add_url_rule("/glossary", "glossary.page")
    with app.test_request_context():
        yield


@st.composite
def texts(draw, names: list[str]) -> str:
    """A text of term names in any case and spacing, the beginnings and ends of names,
    other words and punctuation, run together as they come ("score" meets "board")."""
    pieces = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        kind = draw(st.sampled_from(["name", "name", "part of a name", "word", "punctuation"]))
        if kind == "name":
            *words, last = draw(st.sampled_from(names)).split()
            name = "".join(word + draw(st.sampled_from(SPACES)) for word in words) + last
            if draw(st.booleans()):
                name = "".join(letter.upper() if draw(st.booleans()) else letter.lower() for letter in name)
            pieces.append(name)
        elif kind == "part of a name":
            name = draw(st.sampled_from(names))
            cut = draw(st.integers(min_value=1, max_value=len(name)))
            pieces.append(draw(st.sampled_from([name[:cut], name[cut - 1 :]])))
        elif kind == "word":
            pieces.append(draw(st.text(alphabet=LETTERS, min_size=1, max_size=8)))
        else:
            pieces.append(draw(st.sampled_from(PUNCTUATION)))
    return "".join(pieces)


@settings(max_examples=300, deadline=None)
@given(language=st.sampled_from(LANGUAGES), data=st.data())
def test_an_entrys_texts_are_explained_exactly_as_by_one_pattern_of_every_name_longest_first(
    explainers, references, in_a_request, language, data
):
    reference, seen, seen_before = references[language], set(), set()
    for text in data.draw(st.lists(texts(reference.names), min_size=1, max_size=3), label="an entry's texts"):
        assert str(explainers[language].explain(text, seen)) == reference.explain(text, seen_before)


@settings(deadline=None)
@given(language=st.sampled_from(LANGUAGES), data=st.data())
def test_the_terms_a_link_uses_are_found_exactly_as_by_one_pattern_of_every_name(
    explainers, references, in_a_request, language, data
):
    reference = references[language]
    text = data.draw(texts(reference.names), label="a link's words")
    first = {}
    for match in reference.pattern.finditer(text):
        first.setdefault(" ".join(match.group(0).split()).casefold(), match.group(0))
    expected = "".join(" " + reference.term(word, explainers[language].named[key]) for key, word in first.items())
    assert str(explainers[language].explanations(text)) == expected
