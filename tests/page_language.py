"""What a page still says in English when its reader chose another language.

The English is the catalogues' own: every message the core and the plugins mark for
translation (``messages.pot``), cut at its placeholders into the words around them. A
piece of a message counts as English on a page in another language unless that
language writes it the same way somewhere in its own catalogue (Polish keeps "Plan",
Urdu keeps "SENCO" beside its explanation). Names and what people typed are the
reader's own words in any language: they are taken out of the page first, from the
demo database they were typed into.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy import JSON, Enum, String, Text, create_engine, select

from core.models import Base
from core.plugins import load_plugins

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = [
    ROOT / "webui" / "translations",
    *sorted(ROOT.glob("plugins/*/translations")),
    *sorted(ROOT.glob("examples/*/*/translations")),
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]|\{\w*\}")
# Around a piece of a message, what is not part of its words.
CODE = re.compile(r"[a-z0-9_.:/-]+")
EDGES = " \t\n.,:;·()“”\"'?!…-–"


def _pieces(message: str) -> set[str]:
    pieces = (piece.strip(EDGES) for piece in PLACEHOLDER.split(message))
    return {piece for piece in pieces if sum(character.isalpha() for character in piece) > 1}


def _ids(message) -> tuple:
    return message.id if isinstance(message.id, tuple) else (message.id,)


@cache
def english_pieces(language: str) -> tuple[re.Pattern, frozenset[str]]:
    """A pattern for every piece of English the catalogues hold that ``language`` does not
    also write, longest first; and the multi-word pieces (which no name or typed text holds)."""
    english, own = set(), set()
    for folder in CATALOGUES:
        with open(folder / "messages.pot", "rb") as template:
            english |= {
                piece for message in read_po(template) if message.id for i in _ids(message) for piece in _pieces(i)
            }
        translated = folder / language / "LC_MESSAGES" / "messages.po"
        if translated.is_file():
            with open(translated, "rb") as po:
                for message in read_po(po):
                    strings = message.string if isinstance(message.string, tuple) else (message.string,)
                    own.update(string for string in strings if string)
    written = "\n".join(own)
    pieces = [piece for piece in english if not _has_words(written, piece)]
    return _words(*pieces), frozenset(piece for piece in english if " " in piece)


LETTER = re.compile(r"[^\W\d_]")


def _words(*texts: str) -> re.Pattern:
    """Any of ``texts`` as whole words (not "Plan" in "Planning"), longest first."""
    ordered = sorted(texts, key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(" + "|".join(map(re.escape, ordered)) + r")(?![^\W\d_])")


def _has_words(text: str, words: str) -> bool:
    """Whether ``_words(words)`` finds ``words`` in ``text``: each place it stands with no letter
    either side. Found with str.find, for the thousands of pieces a catalogue is searched for:
    a pattern compiled and run a piece cost 15 seconds a language."""
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        if not (start and LETTER.match(text, start - 1)) and not LETTER.match(text, end):
            return True
        start = text.find(words, start + 1)
    return False


def typed_text(url: str) -> re.Pattern:
    """Every text people typed into the database at ``url`` (names, notes, titles, places),
    and each of its lines (a page may show one line of a note), as one pattern.

    A stored text that starts with a phrase of a message, or holds a message with three
    words in a row, is not typed: it is the system's own English, kept where a key should
    be, and must not hide itself ("upsets a week" and "three 10-minute sessions a week" are
    typed; "Meeting booked: …" and "… made 13 changes to the plan about …" are not). A
    professional term is a message too (a glossary term's name), but people type it: a
    document named "SEN support plan signed" is theirs.

    A typed text is found across the markup a page puts inside it (a term explained
    within a note), which the page's text marks with ¶."""
    _, sentences = english_pieces("en")
    terms = frozenset(term.term for term in load_plugins().glossary.values())
    phrases, sentences_of_the_system = sentences - terms, _sentences(terms)
    found = set()
    with create_engine(url).connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [
                column
                for column in table.columns
                if isinstance(column.type, String | Text | JSON) and not isinstance(column.type, Enum)
            ]
            if not columns:
                continue
            for row in connection.execute(select(*columns)):
                found.update(text for value in row for text in _texts(value) if text.strip())
    typed = {
        text
        for text in found
        if _words_of_a_person(text)
        and not text.startswith(tuple(phrases))
        and not sentences_of_the_system.search(" ".join(text.split()))
    }
    typed |= {line.strip() for text in typed for line in text.splitlines() if line.strip()}
    ordered = sorted({" ".join(text.split()) for text in typed}, key=len, reverse=True)
    across_markup = (r"(?:\s|¶)+".join(map(re.escape, text.split())) for text in ordered)
    return re.compile(r"(?<![^\W\d_])(" + "|".join(across_markup) + r")(?![^\W\d_])")


# What a plural message counts: a number ("3 sessions a week"), not words ("three 10-minute sessions").
COUNTED = re.compile(r"%\((?:num|n|count)\)[sd]|%d")


@cache
def _sentences(terms: frozenset[str]) -> re.Pattern:
    """Each message that has three words in a row, as the system writes it: a stored text that
    holds one is the system's English. Its placeholders stand for any words, but the number a
    plural message counts only for a number."""
    patterns = set()
    for folder in CATALOGUES:
        with open(folder / "messages.pot", "rb") as template:
            for message in read_po(template):
                for text in _ids(message) if message.id else ():
                    if text not in terms and any(piece.count(" ") > 1 for piece in _pieces(text)):
                        patterns.add(_as_pattern(text, counted=isinstance(message.id, tuple)))
    return re.compile("|".join(sorted(patterns)))


def _as_pattern(message: str, counted: bool) -> str:
    parts, last = [], 0
    for placeholder in PLACEHOLDER.finditer(message):
        parts.append(re.escape(message[last : placeholder.start()]))
        parts.append(r"[\d.,]+" if counted and COUNTED.fullmatch(placeholder.group(0)) else r".+?")
        last = placeholder.end()
    parts.append(re.escape(message[last:]))
    return "(?:" + "".join(parts).strip() + ")"


def _words_of_a_person(text: str) -> bool:
    """Not a code the system stores ("home", "iep_review", "3"): those are no one's words,
    and taking them out of a page would cut English words in two."""
    return sum(character.isalpha() for character in text) > 1 and not CODE.fullmatch(text)


def _texts(value) -> list[str]:
    """The texts in a column's value: itself, or the strings inside a JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def english_left(text: str, language: str, typed: re.Pattern) -> list[str]:
    """The pieces of English messages in ``text``, once the names and typed text are out,
    longest first, each with the words around its first use so that it can be found."""
    text = typed.sub(" ¶ ", " ".join(text.split()))
    pattern, _ = english_pieces(language)
    first = {}
    for match in pattern.finditer(text):
        first.setdefault(match.group(1), f"{match.group(1)} «{text[max(match.start() - 30, 0) : match.end() + 30]}»")
    return [first[piece] for piece in sorted(first, key=len, reverse=True)]
