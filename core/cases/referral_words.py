"""A referral in plain words: the agency it went to, where it is, and how long it has waited."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.models import Referral, ReferralStatus
from core.plugins import PluginHost
from core.wording import N_, Nn_, Wording, day

_WHERE = {
    ReferralStatus.WAITING: N_("Waiting for %(agency)s to answer"),
    ReferralStatus.MORE_INFORMATION: N_("%(agency)s asked for more information: waiting for the team to answer"),
    ReferralStatus.ACCEPTED: N_("Accepted by %(agency)s on %(day)s"),
    ReferralStatus.DECLINED: N_("Declined by %(agency)s on %(day)s"),
}
_DAYS = Nn_("%(days)s day", "%(days)s days")
_WEEKS = Nn_("%(weeks)s week", "%(weeks)s weeks")
# Up to a fortnight a wait is counted in days, as a family counts it; longer, in whole weeks.
_COUNTED_IN_DAYS = timedelta(days=14)


def agency_name(host: PluginHost, code: str) -> Wording | str:
    """The agency's name in its plugin's catalogue; its code when its plugin is gone."""
    agency = host.agencies.get(code)
    return Wording(agency.name, domain=host.domain_of(code)) if agency else code


def where(host: PluginHost, referral: Referral, zone: str) -> Wording:
    """Where the referral is, as the family reads it: with the agency, back with the team, or answered when."""
    values: dict = {"agency": agency_name(host, referral.agency)}
    if referral.answered_at is not None:
        values["day"] = day(referral.answered_at.astimezone(ZoneInfo(zone)).date())
    return Wording(_WHERE[referral.status], values)


def waited(referral: Referral, now: datetime) -> Wording:
    """How long the referral has waited for its answer: until now while open, else until answered."""
    length = (referral.answered_at or now) - referral.referred_at
    if length < timedelta(days=1):
        return Wording(N_("less than a day"))
    if length < _COUNTED_IN_DAYS:
        return Wording.counted(_DAYS, "days", days=length.days)
    return Wording.counted(_WEEKS, "weeks", weeks=length.days // 7)
