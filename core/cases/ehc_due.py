"""Each child's next EHC stage due, for a caseload of many children in one query."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from core.cases.ehc_words import actor_words, stage_words
from core.models import EhcCase, EhcStage, EhcStep
from core.plugins import PluginHost
from core.wording import Wording


@dataclass(frozen=True)
class EhcDue:
    """What a child's EHC case waits on: the open stage due first, and the advice outstanding."""

    stage: EhcStage
    overdue: bool
    advice_waiting: int
    advice_overdue: int

    @property
    def due_on(self) -> date:
        return self.stage.due_on

    def words(self, host: PluginHost) -> Wording:
        return stage_words(self.stage, host)

    def who(self, host: PluginHost) -> Wording | str:
        """Who must act: the local authority, the school, the family, or an agency's name."""
        return actor_words(self.stage, host)


def ehc_due(
    db: Session, child_ids: Select, today: date, parameters: Mapping[str, Any] | None = None
) -> dict[int, EhcDue]:
    """For the children whose ids ``child_ids`` selects (given ``parameters``, the values of
    its bound parameters if it has any): the next stage due of each one's open EHC case and its
    advice outstanding, in one query; children with nothing due are left out."""
    stages = db.scalars(_open_stages(child_ids), parameters)
    found: dict[int, list[EhcStage]] = {}
    for stage in stages:
        found.setdefault(stage.child_id, []).append(stage)
    return {child_id: _due(waiting, today) for child_id, waiting in found.items()}


@functools.lru_cache(maxsize=16)  # a caseload asks with one SELECT for each kind of reader
def _open_stages(child_ids: Select) -> Select:
    return (
        select(EhcStage)
        .join(EhcCase, EhcCase.id == EhcStage.case_id)
        .where(
            EhcStage.child_id.in_(child_ids),
            EhcStage.done_on.is_(None),
            EhcStage.due_on.is_not(None),
            EhcCase.ended_on.is_(None),
        )
        .order_by(EhcStage.child_id, EhcStage.due_on, EhcStage.id)
    )


def _due(waiting: list[EhcStage], today: date) -> EhcDue:
    advice = [stage for stage in waiting if stage.step is EhcStep.ADVICE]
    return EhcDue(
        stage=waiting[0],
        overdue=waiting[0].due_on < today,
        advice_waiting=len(advice),
        advice_overdue=sum(stage.due_on < today for stage in advice),
    )
