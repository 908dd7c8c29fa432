"""What services that reach outside Teamaround need to know about this installation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from core.wording import English, Translator

if TYPE_CHECKING:  # the plugin host registers the core's fallbacks, which reach services that take a Site
    from core.plugins import PluginHost


@dataclass(frozen=True)
class Site:
    """The plugins, the school's time zone, the public address, and whether mail goes out."""

    host: PluginHost
    zone: str = "Europe/London"
    base_url: str = "http://127.0.0.1:5000"
    mail_enabled: bool = False
    # Where calendars mail their answers to invites: the mailbox `teamaround mail fetch`
    # reads. None: invites name the organiser's own address, and answers are uploaded.
    reply_address: str | None = None
    # What leaves Teamaround in words (an e-mail) is written in its reader's language: this
    # gives a reader for a person's language, from the web app's catalogues; English by default.
    readers: Callable[[str, str], Translator] | None = None
    # How long an invitation's link works (TEAMAROUND_INVITATION_DAYS): a week by default.
    invitation_lifetime: timedelta = timedelta(days=7)

    def reader(self, language: str) -> Translator:
        """A reader of ``language`` in the school's zone."""
        return self.readers(language, self.zone) if self.readers else English(self.zone)

    def link(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/{path.lstrip('/')}"
