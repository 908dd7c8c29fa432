"""The questions a referral asks: the core's own, then the receiving agency's (the
``referral_questions`` hook), and the check of their answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.contributions import ReferralQuestion
from core.errors import InvalidInput
from core.plugins import PluginError, PluginHost
from core.wording import N_, Wording

# What every service asks first, whatever its field: what has been tried, and what the
# family hopes for, so that the answer weighs the family's view with the school's.
CORE_QUESTIONS = (
    ReferralQuestion(
        key="tried",
        text=N_("What has been tried already, and what happened?"),
        required=True,
    ),
    ReferralQuestion(
        key="family_hopes",
        text=N_("What do the child and the family hope this service will help with?"),
    ),
)
LONGEST_ANSWER = 4000


@dataclass(frozen=True)
class Question:
    """A question as a referral asks it: its words as data, in the catalogue they belong to."""

    key: str
    text: Wording
    required: bool
    hint: Wording | None

    def as_json(self, answer: str) -> dict[str, Any]:
        return {"key": self.key, "question": self.text.as_json(), "required": self.required, "answer": answer}


def questions_for(host: PluginHost, agency: str) -> list[Question]:
    """The core's questions, then those the agency's plugin adds; a key asked twice is the plugin's mistake."""
    domain = host.domain_of(agency)
    asked = [_question(question, None) for question in CORE_QUESTIONS]
    for batch in host.hook.referral_questions(agency=agency):
        asked.extend(_question(question, domain) for question in batch or ())
    keys = [question.key for question in asked]
    if len(set(keys)) != len(keys):
        raise PluginError(f"the referral questions of {agency!r} ask a key twice: {keys}")
    return asked


def _question(question: ReferralQuestion, domain: str | None) -> Question:
    hint = Wording(question.hint, domain=domain) if question.hint else None
    return Question(question.key, Wording(question.text, domain=domain), question.required, hint)


def answered(questions: list[Question], answers: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The questions with their answers, as a referral keeps them; :class:`InvalidInput`
    naming ``answers.<key>`` for a required question left blank or an answer to no question."""
    answers = dict(answers or {})
    problems: dict[str, list[str]] = {}
    for key in set(answers) - {question.key for question in questions}:
        problems[f"answers.{key}"] = [N_("This service asks no such question.")]
    kept = []
    for question in questions:
        answer = answers.get(question.key) or ""
        if not isinstance(answer, str):
            problems[f"answers.{question.key}"] = [N_("Answer in words.")]
            continue
        answer = answer.strip()
        if question.required and not answer:
            problems[f"answers.{question.key}"] = [N_("Please answer this question.")]
        elif len(answer) > LONGEST_ANSWER:
            problems[f"answers.{question.key}"] = [N_("Please keep the answer under 4000 characters.")]
        kept.append(question.as_json(answer))
    if problems:
        raise InvalidInput(problems)
    return kept
