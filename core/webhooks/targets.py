"""Where a webhook may send: a public HTTPS address, never a machine inside our own network.

A webhook URL is chosen by whoever holds a token, and the server fetches it: pointed at
127.0.0.1, 10.0.0.0/8 or a cloud's metadata address it would be a way to reach machines
the caller cannot reach (server-side request forgery). So the URL must be ``https``, and
every address its host name resolves to must be a public one: checked when it is
registered and again at every attempt, as a name may resolve elsewhere later, and the
attempt connects to the addresses that check saw. Loopback over plain HTTP is allowed only
where the setting says so (tests, a developer's machine).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from core.errors import InvalidInput

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedTarget(InvalidInput):
    """A URL that is well formed but not one a webhook may send to."""


def check_url(url: str, *, allow_loopback: bool) -> None:
    """Refuse a URL a webhook may not send to, naming the ``url`` field and saying why."""
    checked_addresses(url, allow_loopback=allow_loopback)


def checked_addresses(url: str, *, allow_loopback: bool) -> list[Address]:
    """The addresses ``url``'s host resolves to now, every one checked; RefusedTarget, naming
    the ``url`` field and saying why, when one may not be sent to. Sending connects to these
    and never resolves the name again (:mod:`core.webhooks.pinned`): a name can answer the
    check with a public address and the connection with a private one (DNS rebinding)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise _refused("Give a web address, such as https://example.org/teamaround.") from None
    loopback = allow_loopback and host.lower() in LOOPBACK_NAMES
    if parts.scheme != "https" and not (loopback and parts.scheme == "http"):
        raise _refused("Use an https:// address: deliveries carry a child's record and must be encrypted on the way.")
    if not host:
        raise _refused("Give the address of the receiving server, such as https://example.org/teamaround.")
    if parts.username or parts.password:
        raise _refused("Leave the user name and password out of the address: deliveries are signed instead.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise _refused("The port in the address is not a number between 0 and 65535.") from None
    addresses = [getattr(address, "ipv4_mapped", None) or address for address in _addresses(host, port)]
    for address in addresses:
        if loopback and not address.is_loopback:
            raise _refused(f"{host} does not resolve to this machine ({address}).")
        if not loopback and (not address.is_global or address.is_multicast):
            raise _refused(
                f"{host} is on a private network ({address}): a webhook may only send to a public "
                "address on the internet."
            )
    return addresses


def _refused(reason: str) -> RefusedTarget:
    return RefusedTarget({"url": [reason]})


def _addresses(host: str, port: int) -> list[Address]:
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
