"""Interface languages: English, and any language with a catalogue in webui/translations.

The language comes from the person's own preference (their account), then from
what their browser asks for, so a parent who reads Polish best sees Polish.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from flask import Flask, g, request
from flask_babel import Babel, get_locale
from flask_login import current_user

TRANSLATIONS = Path(__file__).parent / "translations"


def available_locales() -> list[str]:
    return ["en", *sorted(path.name for path in TRANSLATIONS.iterdir() if (path / "LC_MESSAGES").is_dir())]


def own_name(code: str) -> str:
    """A language as its speakers write it (English, Polski, Cymraeg), so a reader finds
    their own whatever language the page is in; the code itself if Babel does not know it."""
    try:
        locale = Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError):
        return code
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def text_direction() -> str:
    """The direction the reader's language is written in, "rtl" (Urdu) or "ltr": the page's
    dir, which mirrors the layout (style.css uses logical properties) and the charts."""
    return _direction(str(get_locale() or "en"))


@cache  # one for each of the interface's few languages; Babel's answer never changes
def _direction(code: str) -> str:
    return Locale.parse(code).text_direction


def language_choices(locales: list[str], chosen: str) -> list[tuple[str, str]]:
    """The interface's languages by their own names, and the person's choice when the
    interface lacks it (it still tells the team which language they speak), so saving the
    page keeps it."""
    codes = locales if not chosen or chosen in locales else [*locales, chosen]
    return [(code, own_name(code)) for code in codes]


def init_app(app: Flask) -> None:
    locales = available_locales()
    app.config["LANGUAGES"] = locales
    # Parsed once: flask-babel takes a Locale as it is, where it would parse a code again
    # on every request. A Locale only reads Babel's data, so requests may share it.
    parsed = {code: Locale.parse(code) for code in locales}

    def select_locale() -> Locale:
        # The account's language: of whoever an API token signs in (webui.api), else of
        # the browser's session; failing that, the browser's.
        person = g.get("api_person")
        if person is None and current_user and current_user.is_authenticated:
            person = current_user.person
        if person is not None and (preferred := person.language.split("-")[0]) in locales:
            return parsed[preferred]
        return parsed[request.accept_languages.best_match(locales) or "en"]

    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["text_direction"] = text_direction
    app.jinja_env.globals["language_choices"] = lambda chosen: language_choices(locales, chosen)
