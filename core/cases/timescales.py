"""The law's days for an EHC needs assessment and plan: one table, each row with its source.

England's timescales are the SEND Code of Practice 0 to 25 (2015) and the SEND Regulations
2014 it rests on; they are the core's default. Another nation's rules (Wales, Scotland)
come from a plugin answering the ``ehc_timescales`` hook with a :class:`Timescales` of its
own (see docs/plugins.md). What each step's days are counted from is the core's to say
(the process is the same); how many days, in which direction and on whose authority is
the table's.

Days are calendar days, counted on the school's calendar: a request made on 1 September
2026 has its decision due 6 weeks later, on 13 October 2026.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from core.models.ehc import EhcStep
from core.wording import N_, Wording

if TYPE_CHECKING:  # the plugin host registers the core's fallbacks, which answer with ENGLAND
    from core.plugins import PluginHost


@dataclass(frozen=True, kw_only=True)
class Timescale:
    """How long one step may take.

    ``days`` after the day it is counted from (the request, the draft plan being sent, the
    review meeting), or before it when ``before`` (the reports sent ahead of a review).
    ``first_day_counts``: the days begin with the day itself ("at least 15 days, beginning
    with the day on which the draft plan was served"), so the last of 15 is 14 days later.
    ``source`` says where the days come from, in words the reader reads in their language.
    """

    days: int
    source: Wording
    before: bool = False
    first_day_counts: bool = False

    def due(self, counted_from: date) -> date:
        days = self.days - 1 if self.first_day_counts else self.days
        return counted_from - timedelta(days=days) if self.before else counted_from + timedelta(days=days)


# The steps with days of their own. What the days are counted from is the core's, whatever
# the nation: the request (the decision to assess, the final plan), the day advice is asked
# for, the day the draft plan is sent, the review meeting (its reports, outcome and decision).
TIMED_STEPS = frozenset(
    {
        EhcStep.DECISION_TO_ASSESS,
        EhcStep.ADVICE,
        EhcStep.DRAFT_RESPONSE,
        EhcStep.FINAL_PLAN,
        EhcStep.REVIEW_REPORTS,
        EhcStep.REVIEW_OUTCOME,
        EhcStep.REVIEW_DECISION,
    }
)


@dataclass(frozen=True)
class Timescales:
    """A nation's table of timescales: ``code`` is kept on each case ("england"), ``name``
    says whose rules they are, ``steps`` holds a :class:`Timescale` for every step of
    :data:`TIMED_STEPS` (by the step's value, "decision_to_assess"), and no other."""

    code: str
    name: Wording
    steps: Mapping[str, Timescale] = field(default_factory=dict)

    def __post_init__(self):
        given = set(self.steps)
        wanted = {step.value for step in TIMED_STEPS}
        if given != wanted:
            missing, unknown = sorted(wanted - given), sorted(given - wanted)
            raise ValueError(f"timescales {self.code!r}: missing {missing}, unknown {unknown}")

    def of(self, step: EhcStep) -> Timescale:
        return self.steps[step.value]


def _code(paragraphs: str) -> Wording:
    return Wording(N_("SEND Code of Practice 0 to 25 (2015), %(paragraphs)s"), {"paragraphs": paragraphs})


# England. Paragraph numbers of the Code (2015): 9.77 and 9.176 were read in the Code's text;
# 9.14 and 9.40 are the paragraphs that set out the decision to assess and the 20 weeks
# overall, the days themselves being in the SEND Regulations 2014 (regulations 5(1) and
# 13(2), read), which a council's letters also cite. Advice within 6 weeks is regulation 8(1);
# the Code's paragraph for it (9.52 in our reading) is not verified, so the regulation is named.
# The authority's decision within 4 weeks of a review meeting is cited as 9.176 with the
# review's other duties; the regulation behind it (20(10) in our reading) is not verified.
ENGLAND = Timescales(
    code="england",
    name=Wording(N_("England: the SEND Code of Practice 0 to 25 (2015)")),
    steps={
        EhcStep.DECISION_TO_ASSESS.value: Timescale(days=42, source=_code("9.14")),
        EhcStep.ADVICE.value: Timescale(
            days=42, source=Wording(N_("SEND Regulations 2014, regulation %(number)s"), {"number": "8(1)"})
        ),
        EhcStep.DRAFT_RESPONSE.value: Timescale(days=15, first_day_counts=True, source=_code("9.77")),
        EhcStep.FINAL_PLAN.value: Timescale(days=140, source=_code("9.40")),
        EhcStep.REVIEW_REPORTS.value: Timescale(days=14, before=True, source=_code("9.176")),
        EhcStep.REVIEW_OUTCOME.value: Timescale(days=14, source=_code("9.176")),
        EhcStep.REVIEW_DECISION.value: Timescale(days=28, source=_code("9.176")),
    },
)


def in_force(host: PluginHost) -> Timescales:
    """The timescales of this installation: a plugin's, or England's (the core's fallback answers last)."""
    return host.hook.ehc_timescales()
