"""Stored text as data: a message and its values, put into words in the reader's language.

What the system writes (a timeline entry about a meeting, a notification) is kept as the
English message, which is the key of every catalogue, with its values: a Polish parent
then reads it in Polish, and a translation added next year reaches last year's entries.
The core only marks its messages (``N_``, ``Nn_``) for extraction and never translates:
whoever shows the text (a page, the API, an e-mail to one recipient) passes a
:class:`Translator` for the reader's language to :func:`render`.

Values stay data too, so that they are worded in the reader's language as well: a day
(``{"day": "2027-03-02"}``), a time (``{"when": ...}``, ``{"clock": ...}``), a list
(``{"list": [...]}``, joined with the language's own "and"), lines (``{"lines": [...]}``)
sentences (``{"sentences": [...]}``, one after another), items (``{"items": [...]}``,
set apart by semicolons) and a nested message
(``{"wording": {...}}``, a purpose or an area of need). Anything else is a name or what a
person typed, shown as it is. A nested message without a catalogue of its own is in the
catalogue of the message around it, so a plugin names its catalogue once, at the top.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from babel.lists import format_list

from core import timefmt


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue; it is translated when it is shown, not here."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with plural forms (Polish has three) for the catalogue."""
    return singular, plural


@dataclass(frozen=True)
class Wording:
    """A message (its English text, ``%(name)s`` placeholders) and the values it names.

    ``plural`` and ``count`` (the name of the value that chooses the form) for messages
    whose words follow a number; ``domain`` is the catalogue of the plugin that wrote it,
    None for the core's own.
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count: str | None = None
    domain: str | None = None

    @classmethod
    def counted(cls, forms: tuple[str, str], count: str, **values) -> Wording:
        return cls(forms[0], values, plural=forms[1], count=count)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "values": {name: _json(value) for name, value in self.values.items()}}
        if self.plural is not None:
            data |= {"plural": self.plural, "count": self.count}
        if self.domain is not None:
            data["domain"] = self.domain
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Wording:
        return cls(data["key"], data.get("values") or {}, data.get("plural"), data.get("count"), data.get("domain"))


class Translator(Protocol):
    """The reader's language: what :func:`render` needs from a page, the API or the mailer.

    ``plugin`` is the catalogue of the plugin whose record is being shown (an assessment's
    form), for the words that plugin generated without naming its catalogue; None elsewhere.
    """

    locale: str
    zone: str
    plugin: str | None

    def gettext(self, domain: str | None, message: str) -> str: ...

    def ngettext(self, domain: str | None, singular: str, plural: str, n: int) -> str: ...


class English:
    """The messages as written: what the stored English columns hold, and tests compare with."""

    def __init__(self, zone: str = "UTC"):
        self.locale, self.zone, self.plugin = "en", zone, None

    def gettext(self, domain, message):
        return message

    def ngettext(self, domain, singular, plural, n):
        return singular if n == 1 else plural


def render(wording: Wording | Mapping[str, Any], translator: Translator, domain: str | None = None) -> str:
    """``wording`` in the translator's language, its values worded in the same language.

    ``domain``: the catalogue of the message this one is nested in, for a message that names none.
    """
    if not isinstance(wording, Wording):
        wording = Wording.from_json(wording)
    domain = wording.domain or domain
    values = {name: _word(value, translator, domain) for name, value in wording.values.items()}
    if wording.plural is not None:
        count = wording.values[wording.count]
        # A fraction ("every 1.5 weeks") takes the form of the nearest whole number.
        text = translator.ngettext(domain, wording.key, wording.plural, round(count))
        values[wording.count] = count
    else:
        text = translator.gettext(domain, wording.key)
    return text % values if values else text


def part(stored: Mapping[str, Any] | None, name: str, plain: str, translator: Translator) -> str:
    """One part (``title``, ``body``, ``headline``) of a record's stored wording, or its plain text.

    A part without wording is what a person typed (or was written before the system kept
    wording), shown as it is.
    """
    if stored and name in stored:
        return render(stored[name], translator)
    return plain


def english(wording: Wording, zone: str = "UTC") -> str:
    return render(wording, English(zone))


def day(value: date) -> dict[str, str]:
    return {"day": value.isoformat()}


def when(value: datetime) -> dict[str, str]:
    return {"when": value.isoformat()}


def clock(value: datetime) -> dict[str, str]:
    return {"clock": value.isoformat()}


def words(items: list) -> dict[str, list]:
    """A list worded as the reader's language joins one: "a, b and c", "a, b i c"."""
    return {"list": [_json(item) for item in items]}


def lines(items: list) -> dict[str, list]:
    return {"lines": [_json(item) for item in items]}


def sentences(said: list) -> Wording:
    """Sentences one after another, as a paragraph: each its own message, or what a person typed."""
    return Wording("%(sentences)s", {"sentences": {"sentences": [_json(item) for item in said]}})


def items(said: list) -> dict[str, list]:
    """Items that may hold commas or "and" themselves (a medicine, its dose and times), set apart by semicolons."""
    return {"items": [_json(item) for item in said]}


def _json(value):
    if isinstance(value, Wording):
        return {"wording": value.as_json()}
    return value


def _word(value, translator: Translator, domain: str | None = None):
    if isinstance(value, Wording):
        return render(value, translator, domain)
    if not isinstance(value, Mapping):
        return value
    ((kind, inner),) = value.items()
    if kind == "wording":
        return render(inner, translator, domain)
    if kind == "day":
        return timefmt.day(date.fromisoformat(inner), "UTC", translator.locale)
    if kind == "when":
        return timefmt.when(datetime.fromisoformat(inner), translator.zone, translator.locale)
    if kind == "clock":
        return timefmt.clock(datetime.fromisoformat(inner), translator.zone, translator.locale)
    if kind == "list":
        return format_list([str(_word(item, translator, domain)) for item in inner], locale=translator.locale)
    if kind == "lines":
        return "\n".join(str(_word(item, translator, domain)) for item in inner)
    if kind == "sentences":
        return " ".join(str(_word(item, translator, domain)) for item in inner)
    if kind == "items":
        return "; ".join(str(_word(item, translator, domain)) for item in inner)
    raise ValueError(f"unknown kind of value: {kind}")
