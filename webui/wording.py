"""The system's stored words (:mod:`core.wording`) in the reader's language.

The core's catalogue is ``webui/translations``; each plugin's is the ``translations``
folder beside its code (see docs/plugins.md), so a plugin ships its own words and a
message of one plugin never takes another's translation. A page and the API read in the
language flask-babel chose for the request; an e-mail in its recipient's, through
:attr:`core.site.Site.readers`, as mail is written outside any request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path

from babel.support import NullTranslations, Translations
from flask import Flask, current_app
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup, escape

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


class PageWords:
    """Where the words of the page being rendered come from, each looked up the first time
    the page needs it.

    A template wants its reader's language for every word it shows (a title, a kind of
    entry, a date, a glossary term, a sentence of its own), and each lookup through
    flask-babel's and Flask's context-locals costs more than the word: a timeline of 50
    entries made some 900 of them. Every render's context carries one of these
    (``PAGE_WORDS``, see :func:`init_app`), made for that render alone, so the filters and
    ``_()`` look each up once a page. A filter called without it (in a macro imported
    without the page's context) looks them up itself, as before.
    """

    def __init__(self):
        self.explainer = None  # the glossary in this language, set by webui.glossary when first needed
        self.known: dict = {}  # words already looked up for this page (see once)

    @cached_property
    def locale(self) -> str:
        return str(get_locale() or "en")

    @cached_property
    def zone(self) -> str:
        return current_app.config["TIMEZONE"]

    @cached_property
    def reader(self) -> Reader:
        return catalogues().reader(self.locale, self.zone)

    @cached_property
    def translations(self) -> NullTranslations:
        return get_translations()

    def once(self, key, look_up: Callable[[], str]) -> str:
        """What ``look_up`` gives, asked once a page for each ``key`` (a kind of entry's words)."""
        if key not in self.known:
            self.known[key] = look_up()
        return self.known[key]


PAGE_WORDS = "page_words"


def page_words(context) -> PageWords:
    """The words of the page a template context renders (a fresh lookup if it has none)."""
    # A render's context processors fill its parent dict, read first: Context.get costs more.
    return context.parent.get(PAGE_WORDS) or context.get(PAGE_WORDS) or PageWords()


def in_page_reader(function: Callable) -> Callable:
    """``function``, which takes its ``reading`` reader as a keyword, as a template filter
    that reads in the language of the page being rendered."""

    @pass_context
    def template_filter(context, *arguments):
        return function(*arguments, reading=page_words(context).reader)

    return template_filter


@pass_context
def _gettext(context, message: str) -> str:
    return page_words(context).translations.ugettext(message)


@pass_context
def _ngettext(context, singular: str, plural: str, count: float) -> str:
    return page_words(context).translations.ungettext(singular, plural, _whole_count(count))


def _whole_count(count: float) -> int:
    """The count that chooses a plural form, which gettext takes whole: a float is deprecated
    there, and refused in later Pythons. Part of one reads in the plural, as 2 chooses it:
    "1.5 sessions a week", in Polish "1.5 zajęcia w tygodniu"."""
    return int(count) if count == int(count) else 2


def escaped(text: str) -> str:
    """``text`` escaped by :func:`markupsafe.escape`, as a plain string, for the parts of a page
    put together in Python: a sentence filled in as markup (``Markup % values``) cost four times
    one filled in as a string with its values escaped here. A string's five characters are
    replaced here as markupsafe replaces them, without making markup of it first, which cost
    more than the replacing; anything else (markup, a lazy translation) goes through escape."""
    if type(text) is str:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return text.replace("'", "&#39;").replace('"', "&#34;")
    return str(escape(text))


class PageSentences:
    """The page's own sentences as the templates' ``_()`` and ``ngettext()`` give them (the
    translation, as markup, with its values escaped into it), for the parts of a page put
    together in Python (webui.timeline_html, webui.caseload_html)."""

    def __init__(self, translations: NullTranslations | None = None):
        self.translations = translations or get_translations()

    def gettext(self, message: str, **values) -> Markup:
        return Markup(self.translations.ugettext(message)) % values

    def ngettext(self, singular: str, plural: str, number: int) -> Markup:
        return Markup(self.translations.ungettext(singular, plural, _whole_count(number))) % {"num": number}


# What Jinja's newstyle gettext and ngettext give (a translation is always a format string,
# its values escaped into it when the template escapes), in one call: ``_()`` went through
# Jinja's alias and the newstyle wrapper to the functions above, three calls through the
# template's context for each of a page's fifty sentences.
@pass_context
def _page_gettext(context, message: str, **values) -> str:
    said = page_words(context).translations.ugettext(message)
    return (Markup(said) if context.eval_ctx.autoescape else said) % values


@pass_context
def _page_ngettext(context, singular: str, plural: str, count: int, **values) -> str:
    values.setdefault("num", count)
    said = page_words(context).translations.ungettext(singular, plural, _whole_count(count))
    return (Markup(said) if context.eval_ctx.autoescape else said) % values


@pass_context
def _pgettext(context, message_context: str, message: str) -> str:
    return page_words(context).translations.upgettext(message_context, message)


@pass_context
def _npgettext(context, message_context: str, singular: str, plural: str, count: int) -> str:
    return page_words(context).translations.unpgettext(message_context, singular, plural, count)


def form_reader(assessment_type, reading: Reader | None = None) -> Reader:
    """The reader (``reading``, else this request's), for what ``assessment_type``'s plugin generates (its summary)."""
    host = current_app.extensions["teamaround.plugins"]
    return (reading or reader()).of_plugin(host.domain_of(assessment_type.agency) if assessment_type else None)


def stored_part(record, name: str, reading: Reader | None = None) -> str:
    """One part of a record's stored words (an entry's ``title``, a notification's ``headline``),
    in the reader's language (``reading``, else this request's).

    A part the system did not word is what a person typed, and shows as typed.
    """
    if not (record.wording and name in record.wording):
        return getattr(record, name)
    return wording.part(record.wording, name, getattr(record, name), reading or reader())


def words(text: Wording | Mapping | str, reading: Reader | None = None) -> str:
    """A :class:`Wording` from the core (a meeting's purpose), or one stored as JSON (a change
    an agreed plan lists), in the reader's language; typed text as it is."""
    return (reading or reader()).render(text) if isinstance(text, (Wording, Mapping)) else text


def year_group(typed: str, reading: Reader | None = None) -> str:
    """A child's year group in the reader's language where it names a school year; else as typed."""
    return words(year_group_wording(typed), reading)


def plugin_text(text: str, agency_code: str | None, reading: Reader | None = None) -> str:
    """Words a plugin registered (an agency's name, a role, a form's title, a glossary
    explanation) in the reader's language, from the catalogue of the plugin behind that agency."""
    if not text:
        return text
    return (reading or reader()).gettext(current_app.extensions["teamaround.plugins"].domain_of(agency_code), str(text))


def agency_name(code: str | None, reading: Reader | None = None) -> str:
    """An agency's name in the reader's language; its code where no plugin registers it now."""
    agency = current_app.extensions["teamaround.plugins"].agencies.get(code or "")
    return plugin_text(agency.name, agency.code, reading) if agency else code


def meeting_title(meeting, reading: Reader | None = None) -> str:
    """A meeting's title: its purpose's words in the reader's language, unless the organiser named it."""
    return words(ical.title_wording(meeting), reading)


def entry_title(entry, reading: Reader | None = None) -> str:
    """An entry's title in the reader's language. An assessment saved before titles were kept
    as words, under its form's own title, reads in the form's plugin's words too."""
    if not (entry.wording and "title" in entry.wording) and entry.payload_schema:
        form = current_app.extensions["teamaround.plugins"].assessment_types.get(entry.payload_schema)
        if form is not None and entry.title == form.title:
            return plugin_text(form.title, form.agency, reading)
    return stored_part(entry, "title", reading)


def init_app(app: Flask) -> None:
    app.extensions["teamaround.catalogues"] = Catalogues(app.extensions["teamaround.plugins"].catalogues)
    app.context_processor(lambda: {PAGE_WORDS: PageWords()})
    # flask-babel's _() in templates looks up the request's translations at every call; these
    # take them from the page's words, looked up once a render.
    app.jinja_env.install_gettext_callables(
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext, newstyle=True
    )
    app.jinja_env.globals.update(_=_page_gettext, gettext=_page_gettext, ngettext=_page_ngettext)
    app.add_template_filter(in_page_reader(stored_part), "stored")
    app.add_template_filter(in_page_reader(entry_title), "entry_title")
    app.add_template_filter(in_page_reader(lambda entry, reading: stored_part(entry, "body", reading)), "entry_body")
    app.add_template_filter(in_page_reader(words), "words")
    app.add_template_filter(in_page_reader(year_group), "year_group")
    app.add_template_filter(in_page_reader(plugin_text), "plugin_text")
    app.add_template_filter(in_page_reader(agency_name), "agency_name")
    app.add_template_filter(in_page_reader(meeting_title), "meeting_title")
