"""HTTP(S) connections to an address checked beforehand, never to where a name resolves later.

:mod:`core.webhooks.targets` resolves a webhook's host name once and checks every address
it resolves to. If the HTTP client then resolved the name again to connect, a name that
answers a public address to the check and 127.0.0.1 a moment later (DNS rebinding) would
be sent a delivery inside our own network. So the connection is made to the checked
addresses only, in their order, while everything else stays the standard library's: the
Host header and the name TLS asks for and checks the certificate against are the URL's
host name. No proxy is used (a proxy would resolve the name itself), and redirects are not
followed (they could lead to an address no check saw).
"""

from __future__ import annotations

import functools
import http.client
import socket
import ssl
import urllib.request
from collections.abc import Sequence

from core.webhooks.targets import Address


def opener(addresses: Sequence[Address], *, context: ssl.SSLContext | None = None) -> urllib.request.OpenerDirector:
    """An opener whose connections go to ``addresses`` only; ``context`` is the TLS settings
    (the system's trusted authorities and a name check when None)."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirects,
        _PinnedHTTPHandler(addresses),
        _PinnedHTTPSHandler(addresses, context),
    )


def _connector(addresses: Sequence[Address]):
    """What http.client calls to open its socket, given (host, port): the port is taken, the
    host name is not resolved; the addresses are tried in turn, as the resolver's would be."""

    def connect(host_and_port, timeout, source_address=None):
        if not addresses:
            raise OSError(f"{host_and_port[0]} resolves to no address")
        for address in addresses:
            try:
                return socket.create_connection((str(address), host_and_port[1]), timeout, source_address)
            except OSError as error:
                last = error
        raise last

    return connect


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, *, addresses: Sequence[Address], **kwargs):
        super().__init__(host, **kwargs)
        self._create_connection = _connector(addresses)  # http.client's own seam for opening the socket


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, *, addresses: Sequence[Address], **kwargs):
        super().__init__(host, **kwargs)
        self._create_connection = _connector(addresses)  # TLS then wraps it for self.host, the name


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, addresses: Sequence[Address]):
        super().__init__()
        self.addresses = addresses

    def http_open(self, req):
        return self.do_open(functools.partial(_PinnedHTTPConnection, addresses=self.addresses), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, addresses: Sequence[Address], context: ssl.SSLContext | None):
        super().__init__(context=context)
        self.addresses, self.context = addresses, context

    def https_open(self, req):
        connection = functools.partial(_PinnedHTTPSConnection, addresses=self.addresses)
        return self.do_open(connection, req, context=self.context)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could lead to an address the target checks never saw: it counts as a failure."""

    def redirect_request(self, *args, **kwargs):
        return None
