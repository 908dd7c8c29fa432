"""The words of an EHC case's stages, as data read in each reader's language."""

from __future__ import annotations

from core.models import EhcActor, EhcOutcome, EhcRequester, EhcStage, EhcStep
from core.plugins import PluginHost
from core.wording import N_, Wording

STEP_WORDS = {
    EhcStep.REQUEST: N_("The request for an EHC needs assessment"),
    EhcStep.DECISION_TO_ASSESS: N_("The local authority's decision whether to assess"),
    EhcStep.ADVICE: N_("Advice from %(agency)s"),
    EhcStep.DRAFT_PLAN: N_("The draft EHC plan"),
    EhcStep.DRAFT_RESPONSE: N_("The family's comments on the draft plan, and the school they name"),
    EhcStep.FINAL_PLAN: N_("The final EHC plan"),
    EhcStep.REVIEW_REPORTS: N_("Reports sent to everyone invited to the annual review"),
    EhcStep.REVIEW_MEETING: N_("The annual review meeting"),
    EhcStep.REVIEW_OUTCOME: N_("The annual review's outcome sent out"),
    EhcStep.REVIEW_DECISION: N_("The local authority's decision after the annual review"),
}

ACTOR_WORDS = {
    EhcActor.LOCAL_AUTHORITY: N_("the local authority"),
    EhcActor.SCHOOL: N_("the school"),
    EhcActor.FAMILY: N_("the family"),
}

OUTCOME_WORDS = {
    EhcOutcome.ASSESS: N_("agreed to assess"),
    EhcOutcome.NOT_ASSESS: N_("decided not to assess"),
    EhcOutcome.ISSUE: N_("plan issued"),
    EhcOutcome.NOT_ISSUE: N_("decided not to issue a plan"),
    EhcOutcome.KEEP: N_("keep the plan as it is"),
    EhcOutcome.AMEND: N_("amend the plan"),
    EhcOutcome.CEASE: N_("stop the plan"),
    EhcOutcome.NOT_NEEDED: N_("no longer needed"),
}

REQUESTER_ACTOR = {EhcRequester.SCHOOL: EhcActor.SCHOOL, EhcRequester.PARENT: EhcActor.FAMILY}


def agency_words(host: PluginHost, code: str | None) -> Wording | str:
    """An agency's name in its plugin's catalogue; its code when no plugin registers it now."""
    agency = host.agencies.get(code or "")
    return Wording(agency.name, domain=host.domain_of(code)) if agency else (code or "")


def stage_words(stage: EhcStage, host: PluginHost) -> Wording:
    values = {"agency": agency_words(host, stage.agency)} if stage.step is EhcStep.ADVICE else {}
    return Wording(STEP_WORDS[stage.step], values)


def actor_words(stage: EhcStage, host: PluginHost) -> Wording | str:
    if stage.acts is EhcActor.AGENCY:
        return agency_words(host, stage.agency)
    return Wording(ACTOR_WORDS[stage.acts])


def outcome_words(stage: EhcStage) -> Wording | None:
    return Wording(OUTCOME_WORDS[stage.outcome]) if stage.outcome is not None else None
