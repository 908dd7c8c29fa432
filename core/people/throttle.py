"""How fast passwords may be guessed: per account, per address, and per pair of the two.

The rule (ASVS 2.2.1), over the last fifteen minutes of attempts:

- An account **known at an address** (it logged in there successfully in the last 90
  days: a person's school, their home) is paused there only after five wrong passwords
  for it *from that address*. Guesses from elsewhere, however many, never lock a person
  out of the place they usually log in from.
- Anywhere else the account is paused after five wrong passwords for it from *any*
  address, so a guesser spread over many addresses still gets five tries in fifteen
  minutes; and an address is paused, for accounts not known there, after a hundred
  wrong passwords from it against any accounts (guessing one common password against
  every account).

So one person behind a school's proxy, or one attacker outside it, cannot lock the
school's staff out: those who have logged in from there before go on doing so, and the
pause falls only on new pairings of account and address. The address limit is high
because a school's or a local authority's proxy carries everyone's typing errors too.
A guesser on the school's own address gets five tries per account there and five
elsewhere in each fifteen minutes, never more. Whether an account exists is not
revealed: the rule reads attempts by the e-mail typed, whether or not an account has it.

An IPv6 address counts as its whole /64 network, for both the address limit and the
pairing: one household or one attacker's machine holds all of it and may send from any
address in it, and a device's own address in it changes daily (privacy extensions).
Behind a proxy the address is the one it forwarded, only when configured
(TEAMAROUND_TRUSTED_PROXIES): otherwise everyone would share the proxy's.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import LoginAttempt
from core.types import utcnow

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 100
KNOWN_FOR = timedelta(days=90)


def network_of(address: str) -> str:
    """What the throttle counts ``address`` as: an IPv6 address as its /64 network, an
    IPv4 client seen by a dual-stack server as IPv6 (``::ffff:192.0.2.1``) as the IPv4
    address it is, anything else as it came."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return address
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def paused(db: Session, email: str, network: str) -> bool:
    """True when a try to log in as ``email`` from ``network`` (see :func:`network_of`)
    must wait; see the module for the rule."""
    now = utcnow()
    by_account, from_network = LoginAttempt.email == email, LoginAttempt.network == network
    if _known_at(db, by_account, from_network, now):
        return _failures_since(db, now - THROTTLE_WINDOW, by_account, from_network) >= MAX_FAILURES_PER_ACCOUNT
    return (
        _failures_since(db, now - THROTTLE_WINDOW, by_account) >= MAX_FAILURES_PER_ACCOUNT
        or _failures_since(db, now - THROTTLE_WINDOW, from_network) >= MAX_FAILURES_PER_ADDRESS
    )


def _known_at(db: Session, by_account, from_network, now) -> bool:
    succeeded = select(LoginAttempt.id).where(
        by_account, from_network, LoginAttempt.succeeded.is_(True), LoginAttempt.at > now - KNOWN_FOR
    )
    return db.scalar(succeeded.limit(1)) is not None


def recent_failures(db: Session, now: datetime) -> int:
    """Failed sign-ins over the last throttle window, across every account and address: a
    rise is someone guessing, for an operator's alerts."""
    return _failures_since(db, now - THROTTLE_WINDOW)


def _failures_since(db: Session, since, *conditions) -> int:
    return db.scalar(
        select(func.count()).where(*conditions, LoginAttempt.at > since, LoginAttempt.succeeded.is_(False))
    )
