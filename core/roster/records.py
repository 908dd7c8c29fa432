"""What a school's export says, read into one shape whatever the format it came in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.wording import Wording


@dataclass(frozen=True, kw_only=True)
class Pupil:
    """A pupil on the school's roll, by the school system's identifier."""

    identifier: str
    full_name: str
    preferred_name: str = ""
    date_of_birth: date
    year_group: str = ""
    # OneRoster's status "tobedeleted": the school's system says the pupil has left.
    withdrawn: bool = False
    line: str = ""


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A parent or carer of one or more pupils (a guardian of two pupils is one contact)."""

    identifier: str
    full_name: str
    email: str
    phone: str = ""
    line: str = ""


@dataclass(frozen=True, kw_only=True)
class Guardianship:
    """That a contact is a parent or carer of a pupil, in what relationship."""

    pupil: str
    contact: str
    relationship: str = ""
    parental_responsibility: bool | None = None


@dataclass(frozen=True, kw_only=True)
class StaffMember:
    """A member of the school's staff and their role there (teacher, aide, administrator)."""

    identifier: str
    full_name: str
    email: str
    phone: str = ""
    role: str = ""
    line: str = ""


@dataclass(frozen=True, kw_only=True)
class Refusal:
    """A row that cannot be imported as it stands, and why (the file is to be mended first)."""

    line: str
    reason: Wording
    # The pupil or person the row is about, where the row says: never taken for a leaver.
    identifier: str = ""


@dataclass(kw_only=True)
class Roster:
    """Everything one export says, with the rows refused while reading it.

    ``complete``: the export lists everyone on roll (OneRoster "bulk", a plain CSV), so a
    pupil imported before and missing now has left; a delta export says only what changed.
    """

    source: str
    encoding: str
    complete: bool = True
    pupils: list[Pupil] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    guardianships: list[Guardianship] = field(default_factory=list)
    staff: list[StaffMember] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
