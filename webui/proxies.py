"""The proxies in front of Teamaround whose word is taken for the client's address and scheme.

Behind a proxy every request seems to come from the proxy, so every user of a school
would share one address in the login throttle (core.people.throttle) and the API's rate
limit. Werkzeug's ProxyFix believes X-Forwarded-For and X-Forwarded-Proto, but only as
many hops as the setting names: a header a client sends itself, with no trusted proxy in
between, would let anyone choose their own address.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = app.config["TRUSTED_PROXIES"]
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise ValueError(
            f"TEAMAROUND_TRUSTED_PROXIES must be the number of proxies in front of Teamaround "
            f"(0 when clients reach it directly), not {hops!r}"
        )
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
