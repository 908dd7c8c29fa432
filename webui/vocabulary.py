"""The words a reader sees for the codes the record keeps: kinds of entry, roles, answers.

Codes such as ``home_observation`` or ``class_teacher`` are for machines; a parent reads
"Home observation" and "Class teacher", in their own language. Roles held within an agency
take the title the agency's plugin gives them; the family's own roles are the core's.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context

from core.models import AreaOfNeed, ContactChannel, EntryKind, Judgement, PlanStatus, Rsvp, StrategyPlace
from core.plans.progress import OnTrack
from webui.wording import page_words, plugin_text

ENTRY_KIND_WORDS = {
    EntryKind.UPDATE: _l("Update"),
    EntryKind.HOME_OBSERVATION: _l("Home observation"),
    EntryKind.MESSAGE: _l("Message"),
    EntryKind.ASSESSMENT: _l("Assessment"),
    EntryKind.MEETING: _l("Meeting"),
    EntryKind.PLAN_CHANGE: _l("Plan change"),
    EntryKind.DOCUMENT: _l("Document"),
    EntryKind.REFERRAL: _l("Asking another service for help"),
    EntryKind.EHC: _l("Education, health and care assessment and plan"),
}
FAMILY_ROLE_WORDS = {"parent": _l("Parent"), "carer": _l("Carer")}
CONTACT_WORDS = {
    ContactChannel.EMAIL: _l("email"),
    ContactChannel.PHONE: _l("a phone call"),
    ContactChannel.TEXT: _l("a text message"),
    ContactChannel.FACE_TO_FACE: _l("face to face"),
}
# An attendee's answer as the team reads it in the list of who is invited...
ANSWER_WORDS = {
    Rsvp.NEEDS_ACTION: _l("Not answered"),
    Rsvp.ACCEPTED: _l("Coming"),
    Rsvp.TENTATIVE: _l("Maybe"),
    Rsvp.DECLINED: _l("Not coming"),
}
# ...and as the attendee reads their own: "Your answer: yes".
OWN_ANSWER_WORDS = {
    Rsvp.NEEDS_ACTION: _l("not answered yet"),
    Rsvp.ACCEPTED: _l("yes"),
    Rsvp.TENTATIVE: _l("maybe"),
    Rsvp.DECLINED: _l("no"),
}
CONVERSATION_WORDS = {"explore": _l("Explore"), "focus": _l("Focus"), "plan": _l("Plan"), "review": _l("Review")}
# The plan's words.
AREA_WORDS = {
    AreaOfNeed.COMMUNICATION_AND_INTERACTION: _l("Communication and interaction"),
    AreaOfNeed.COGNITION_AND_LEARNING: _l("Cognition and learning"),
    AreaOfNeed.SOCIAL_EMOTIONAL_MENTAL_HEALTH: _l("Social, emotional and mental health"),
    AreaOfNeed.SENSORY_AND_PHYSICAL: _l("Sensory and/or physical needs"),
}
PLACE_WORDS = {
    StrategyPlace.HOME: _l("at home"),
    StrategyPlace.SCHOOL: _l("at school"),
    StrategyPlace.BOTH: _l("at school and at home"),
}
JUDGEMENT_WORDS = {
    Judgement.ACHIEVED: _l("Achieved"),
    Judgement.PARTLY: _l("Partly achieved"),
    Judgement.NOT_YET: _l("Not yet achieved"),
}
PROGRESS_WORDS = {
    OnTrack.ON_TRACK: _l("On track"),
    OnTrack.BEHIND: _l("Behind where we hoped"),
    OnTrack.ACHIEVED: _l("Achieved"),
    OnTrack.NO_READINGS: _l("No readings yet"),
}
PLAN_STATUS_WORDS = {
    PlanStatus.DRAFT: _l("Draft: not agreed yet"),
    PlanStatus.AGREED: _l("Agreed"),
    PlanStatus.UNDER_REVIEW: _l("Reviewed: the next plan starts from here"),
}


def init_app(app: Flask) -> None:
    titles = {
        role.code: (role.title, agency.code)
        for agency in app.extensions["teamaround.plugins"].agencies.values()
        for role in agency.roles
    }

    def role_title(code: str) -> str:
        """A role in words: the family's from the catalogue, an agency's from its plugin's."""
        if code in FAMILY_ROLE_WORDS:
            return str(FAMILY_ROLE_WORDS[code])
        if code in titles:
            return plugin_text(*titles[code])
        return code.replace("_", " ").capitalize()

    app.add_template_filter(role_title, "role_title")
    for name, table, codes in (
        ("entry_kind", ENTRY_KIND_WORDS, EntryKind),
        ("contact_channel", CONTACT_WORDS, ContactChannel),
        ("answer", ANSWER_WORDS, Rsvp),
        ("own_answer", OWN_ANSWER_WORDS, Rsvp),
        ("area_of_need", AREA_WORDS, AreaOfNeed),
        ("strategy_place", PLACE_WORDS, StrategyPlace),
        ("judgement", JUDGEMENT_WORDS, Judgement),
        ("progress", PROGRESS_WORDS, OnTrack),
        ("plan_status", PLAN_STATUS_WORDS, PlanStatus),
    ):
        app.add_template_filter(_in_words(name, table, codes), name)
    app.add_template_filter(lambda heading: str(CONVERSATION_WORDS.get(heading, heading)), "conversation_heading")


def _in_words(name: str, table: dict, codes: type) -> Callable:
    """A filter giving a code's words from ``table``, translated once a page for each code
    (a timeline shows the same few kinds of entry fifty times)."""

    @pass_context
    def template_filter(context, code):
        return page_words(context).once((name, code), lambda: str(table[codes(code)]))

    return template_filter
