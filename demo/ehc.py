"""Amara's EHC needs assessment in the demo, where families wait longest: the school asked the
local authority seven weeks ago, so its decision whether to assess is late, and so is the
advice asked of speech and language therapy; health's advice is still within its weeks."""

from __future__ import annotations

from datetime import timedelta

from core.cases import ehc
from core.site import Site
from core.types import utcnow


def build_demo_ehc_case(db, senco, child, site: Site) -> None:
    today = utcnow().date()
    requested_on = today - timedelta(weeks=7)
    case = ehc.open_case(
        db, senco, child.id, {"requested_by": "school", "requested_on": requested_on.isoformat()}, site=site
    )
    for agency, asked_on in (("speech_language", requested_on), ("health", today - timedelta(weeks=5))):
        ehc.request_advice(db, senco, case.id, {"agency": agency}, site=site, today=asked_on)
