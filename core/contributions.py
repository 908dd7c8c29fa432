"""What plugins contribute at start-up: frozen, keyword-only descriptions.

Registration hooks return these so that a plugin's contribution is plain data the
core can check once (duplicate keys, unknown agencies) instead of trusting it on
every request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core.wording import Wording


@dataclass(frozen=True, kw_only=True)
class Role:
    """A job a person holds within an agency, e.g. a speech and language therapist."""

    code: str
    title: str
    plain: str = ""


@dataclass(frozen=True, kw_only=True)
class Agency:
    """A service that works with children, such as health or social care.

    Whether its people need the family's consent before they see a child is not the
    agency's to say: the access policy asks it of every professional, whose agency is
    outside the school, and of no one else (see :meth:`core.access.ChildAccess.consent_agencies`).
    ``retention_years`` is the birthday to which the agency keeps a closed record.
    ``local_authority``: the agency is the council's SEN service, whose people record the
    authority's own decisions on an EHC needs assessment and plan (see :mod:`core.cases.ehc`).
    """

    code: str
    name: str
    roles: tuple[Role, ...]
    retention_years: int | None = None
    local_authority: bool = False


@dataclass(frozen=True, kw_only=True)
class GlossaryTerm:
    """A professional word with the explanation a parent would give a friend."""

    term: str
    plain: str
    agency: str | None = None


@dataclass(frozen=True, kw_only=True)
class PlainSummary:
    """An assessment told to a parent: what was measured, what was found, what next.

    A plugin's ``summarise`` words each part as a :class:`core.wording.Wording` of its own
    catalogue, read in each parent's language when shown; a plain string is what a person
    wrote (a summary its author edited), shown as written.
    """

    measured: Wording | str
    found: Wording | str
    next_steps: Wording | str


@dataclass(frozen=True, kw_only=True)
class AssessmentType:
    """A form an agency records, validated by a marshmallow schema.

    ``schemas`` maps every version the plugin can still read to its schema, so an
    entry saved under version 1 still reads after version 2 ships; ``version`` is
    the one new entries are written with. ``summarise`` turns a payload of any of
    those versions into a :class:`PlainSummary`. ``example`` is a valid payload of
    the current version, used by the demo data and the API documentation.
    """

    key: str
    title: str
    agency: str
    version: int
    schemas: Mapping[int, type]
    summarise: Callable[[Mapping[str, Any], int], PlainSummary]
    description: str = ""
    example: Mapping[str, Any] | None = None

    def schema_for(self, version: int):
        """The schema instance of ``version``, or None when the plugin no longer knows it."""
        schema_class = self.schemas.get(version)
        return schema_class() if schema_class else None


@dataclass(frozen=True, kw_only=True)
class ReferralQuestion:
    """A question an agency asks of every referral made to it, beyond the core's own.

    ``key`` names the answer (lower-case letters, digits and _); ``text`` and ``hint`` are
    marked with ``N_`` and translated from the catalogue of the plugin that registered the
    agency. A ``required`` question left blank refuses the referral, naming the question.
    """

    key: str
    text: str
    required: bool = False
    hint: str = ""


@dataclass(frozen=True, kw_only=True)
class OfferedSlot:
    """A time a person can come to a meeting, as offered by a plugin (a clinic session)."""

    person_id: int
    start: Any
    end: Any
    where: str = ""
    source: str = ""
