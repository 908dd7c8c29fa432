"""What services that reach outside Teamaround need to know about this installation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

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

    def link(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/{path.lstrip('/')}"
