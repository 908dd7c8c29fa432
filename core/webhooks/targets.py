"""Where a webhook may send: a public HTTPS address, never a machine inside our own network.

A webhook URL is chosen by whoever holds a token, and the server fetches it: pointed at
127.0.0.1, 10.0.0.0/8 or a cloud's metadata address it would be a way to reach machines
the caller cannot reach (server-side request forgery). So the URL must be ``https``, and
every address its host name resolves to must be a public one: checked when it is
registered and again before every attempt, as a name may resolve elsewhere later. Loopback
over plain HTTP is allowed only where the setting says so (tests, a developer's machine).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from core.errors import InvalidInput

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


class RefusedTarget(InvalidInput):
    """A URL that is well formed but not one a webhook may send to."""


def check_url(url: str, *, allow_loopback: bool) -> None:
    """Refuse a URL a webhook may not send to, naming the ``url`` field and saying why."""
    if (reason := refusal(url, allow_loopback=allow_loopback)) is not None:
        raise RefusedTarget({"url": [reason]})


def refusal(url: str, *, allow_loopback: bool) -> str | None:
    """Why a webhook may not send to ``url`` now, in plain words; None when it may."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "Give a web address, such as https://example.org/teamaround."
    loopback = allow_loopback and host.lower() in LOOPBACK_NAMES
    if parts.scheme != "https" and not (loopback and parts.scheme == "http"):
        return "Use an https:// address: deliveries carry a child's record and must be encrypted on the way."
    if not host:
        return "Give the address of the receiving server, such as https://example.org/teamaround."
    if parts.username or parts.password:
        return "Leave the user name and password out of the address: deliveries are signed instead."
    if loopback:
        return None
    try:
        port = parts.port or 443
    except ValueError:
        return "The port in the address is not a number between 0 and 65535."
    for address in _addresses(host, port):
        address = getattr(address, "ipv4_mapped", None) or address
        if not address.is_global or address.is_multicast:
            return (f"{host} is on a private network ({address}): a webhook may only send to a public address "
                    "on the internet.")
    return None


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses ``host`` is, or resolves to now; none for a name that does not resolve
    (sending to it will fail, and the delivery log will say so)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):  # ValueError: a NUL in the name
        return []
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in found]
