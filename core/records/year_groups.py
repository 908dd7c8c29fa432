"""A child's year group as words to translate, where it is one of the school's own.

The year group is typed (by an administrator, or read from a roster), so it is kept as
typed; the English school years it names ("Year 4", "Y4", "Reception", "Nursery") are
recognised when it is shown, and read in the reader's language. Anything else (a class
name, "Year 4 Oak") is a name and shows as typed.
"""

from __future__ import annotations

import re

from core.wording import N_, Wording

_YEAR = re.compile(r"\s*(?:year|y)\s*(\d{1,2})\s*", re.IGNORECASE)
_EARLY_YEARS = {"nursery": N_("Nursery"), "reception": N_("Reception")}


def year_group_wording(typed: str) -> Wording | str:
    """``typed`` as a message of the core's catalogue when it names a school year, else as typed."""
    named = _EARLY_YEARS.get(typed.strip().lower())
    if named:
        return Wording(named)
    year = _YEAR.fullmatch(typed)
    if year and 1 <= int(year.group(1)) <= 13:
        return Wording(N_("Year %(number)s"), {"number": int(year.group(1))})
    return typed
