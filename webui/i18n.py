"""Interface languages: English, and any language with a catalogue in webui/translations.

The language comes from the person's own preference (their account), then from
what their browser asks for, so a parent who reads Polish best sees Polish.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel, get_locale
from flask_login import current_user

TRANSLATIONS = Path(__file__).parent / "translations"


def available_locales() -> list[str]:
    return ["en", *sorted(path.name for path in TRANSLATIONS.iterdir() if (path / "LC_MESSAGES").is_dir())]


def init_app(app: Flask) -> None:
    locales = available_locales()
    app.config["LANGUAGES"] = locales

    def select_locale() -> str:
        if current_user and current_user.is_authenticated:
            preferred = current_user.person.language.split("-")[0]
            if preferred in locales:
                return preferred
        return request.accept_languages.best_match(locales) or "en"

    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))
    app.jinja_env.globals["get_locale"] = get_locale
