"""The system's stored words (:mod:`core.wording`) in the reader's language.

The core's catalogue is ``webui/translations``; each plugin's is the ``translations``
folder beside its code (see docs/plugins.md), so a plugin ships its own words and a
message of one plugin never takes another's translation. A page and the API read in the
language flask-babel chose for the request; an e-mail in its recipient's, through
:attr:`core.site.Site.readers`, as mail is written outside any request.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from babel.support import NullTranslations, Translations
from flask import Flask, current_app
from flask_babel import get_locale

from core import wording
from core.meetings import ical
from core.records.year_groups import year_group_wording
from core.wording import Wording
from webui.i18n import TRANSLATIONS, available_locales


class Catalogues:
    """The core's catalogue and every plugin's, each loaded once per language."""

    def __init__(self, plugin_directories: dict[str, Path]):
        self.directories: dict[str | None, Path] = {None: TRANSLATIONS, **plugin_directories}
        self.loaded: dict[tuple[str | None, str], NullTranslations] = {}
        # Read once: a page asks for a reader for every word it translates.
        self.languages = frozenset(available_locales())

    def translations(self, domain: str | None, locale: str) -> NullTranslations:
        if (domain, locale) not in self.loaded:
            directory = self.directories.get(domain)
            found = Translations.load(str(directory), [locale]) if directory and locale != "en" else None
            self.loaded[domain, locale] = found or NullTranslations()
        return self.loaded[domain, locale]

    def reader(self, locale: str, zone: str) -> Reader:
        """A reader of ``locale`` (``pl``, ``pl-PL``); English where the core has no catalogue for it,
        so that dates and words are never in two languages at once."""
        language = locale.replace("_", "-").split("-")[0]
        return Reader(self, language if language in self.languages else "en", zone)


class Reader:
    """A :class:`core.wording.Translator` for one language and the school's time zone."""

    def __init__(self, catalogues: Catalogues, locale: str, zone: str, plugin: str | None = None):
        self.catalogues, self.locale, self.zone, self.plugin = catalogues, locale, zone, plugin

    def of_plugin(self, plugin: str | None) -> Reader:
        """The same reader, showing a record of ``plugin`` (an assessment): what the plugin
        generated is in its catalogue."""
        return Reader(self.catalogues, self.locale, self.zone, plugin)

    def gettext(self, domain, message):
        return self.catalogues.translations(domain, self.locale).gettext(message)

    def ngettext(self, domain, singular, plural, n):
        return self.catalogues.translations(domain, self.locale).ngettext(singular, plural, n)

    def render(self, text: Wording | dict) -> str:
        return wording.render(text, self)


def catalogues() -> Catalogues:
    return current_app.extensions["teamaround.catalogues"]


def reader() -> Reader:
    """The reader of this request, in the language flask-babel chose for it."""
    return catalogues().reader(str(get_locale() or "en"), current_app.config["TIMEZONE"])


def form_reader(assessment_type) -> Reader:
    """The reader of this request, for what ``assessment_type``'s plugin generates (its summary)."""
    host = current_app.extensions["teamaround.plugins"]
    return reader().of_plugin(host.domain_of(assessment_type.agency) if assessment_type else None)


def stored_part(record, name: str) -> str:
    """One part of a record's stored words (an entry's ``title``, a notification's ``headline``),
    in the reader's language.

    A part the system did not word is what a person typed, and shows as typed.
    """
    return wording.part(record.wording, name, getattr(record, name), reader())


def words(text: Wording | Mapping | str) -> str:
    """A :class:`Wording` from the core (a meeting's purpose), or one stored as JSON (a change
    an agreed plan lists), in the reader's language; typed text as it is."""
    return reader().render(text) if isinstance(text, (Wording, Mapping)) else text


def year_group(typed: str) -> str:
    """A child's year group in the reader's language where it names a school year; else as typed."""
    return words(year_group_wording(typed))


def plugin_text(text: str, agency_code: str | None) -> str:
    """Words a plugin registered (an agency's name, a role, a form's title, a glossary
    explanation) in the reader's language, from the catalogue of the plugin behind that agency."""
    if not text:
        return text
    return reader().gettext(current_app.extensions["teamaround.plugins"].domain_of(agency_code), str(text))


def agency_name(code: str | None) -> str:
    """An agency's name in the reader's language; its code where no plugin registers it now."""
    agency = current_app.extensions["teamaround.plugins"].agencies.get(code or "")
    return plugin_text(agency.name, agency.code) if agency else code


def meeting_title(meeting) -> str:
    """A meeting's title: its purpose's words in the reader's language, unless the organiser named it."""
    return words(ical.title_wording(meeting))


def entry_title(entry) -> str:
    """An entry's title in the reader's language. An assessment saved before titles were kept
    as words, under its form's own title, reads in the form's plugin's words too."""
    if not (entry.wording and "title" in entry.wording) and entry.payload_schema:
        form = current_app.extensions["teamaround.plugins"].assessment_types.get(entry.payload_schema)
        if form is not None and entry.title == form.title:
            return plugin_text(form.title, form.agency)
    return stored_part(entry, "title")


def init_app(app: Flask) -> None:
    app.extensions["teamaround.catalogues"] = Catalogues(app.extensions["teamaround.plugins"].catalogues)
    app.add_template_filter(stored_part, "stored")
    app.add_template_filter(entry_title, "entry_title")
    app.add_template_filter(lambda entry: stored_part(entry, "body"), "entry_body")
    app.add_template_filter(words, "words")
    app.add_template_filter(year_group, "year_group")
    app.add_template_filter(plugin_text, "plugin_text")
    app.add_template_filter(agency_name, "agency_name")
    app.add_template_filter(meeting_title, "meeting_title")
