"""Reading a school export's text and values: its encoding, dates, yes and no, addresses.

Each reader returns the value or a :class:`Wording` saying why the cell cannot be read,
so that a refused row names its reason in the administrator's language.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from marshmallow import ValidationError, validate

from core.types import utcnow
from core.wording import N_, Wording, day

NOT_A_DATE = N_("The date %(value)s is not a date: write it as 2015-09-01 or 01/09/2015.")
BORN_IN_THE_FUTURE = N_("The date of birth %(day)s is in the future.")
NO_DATE_OF_BIRTH = N_("The date of birth is missing.")
NOT_YES_OR_NO = N_("Parental responsibility says %(value)s: write yes or no.")
NOT_AN_EMAIL = N_("%(value)s is not an e-mail address.")
NO_EMAIL = N_("There is no e-mail address: an account needs one for its invitation.")
TOO_LONG = N_("%(value)s is longer than the %(limit)s characters Teamaround keeps.")

# Exports from English schools' systems write dates day first; ISO dates come from OneRoster.
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_EMAIL = validate.Email()


def decode(content: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 (with or without a byte order mark), or else
    Windows-1252, which older exports from English schools' systems are written in."""
    try:
        return content.decode("utf-8-sig"), ("utf-8-sig" if content.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), "cp1252"


def rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV text, every cell stripped of surrounding spaces."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    found = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            found.append({name: (cells[at].strip() if at < len(cells) else "") for at, name in enumerate(header)})
    return header, found


def date_of_birth(value: str) -> date | Wording:
    if not value:
        return Wording(NO_DATE_OF_BIRTH)
    for pattern in _DATE_FORMATS:
        try:
            born = datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if born > utcnow().date():
            return Wording(BORN_IN_THE_FUTURE, {"day": day(born)})
        return born
    return Wording(NOT_A_DATE, {"value": value})


def yes_or_no(value: str) -> bool | None | Wording:
    """True, False, or None where the export leaves it blank (not recorded)."""
    if not value:
        return None
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    return Wording(NOT_YES_OR_NO, {"value": value})


def email(value: str) -> str | Wording:
    if not value:
        return Wording(NO_EMAIL)
    try:
        _EMAIL(value)
        validate.Length(max=320)(value)
    except ValidationError:
        return Wording(NOT_AN_EMAIL, {"value": value})
    return value.lower()


def overlong(*cells: tuple[str, int]) -> Wording | None:
    """Why the first cell longer than its column's limit cannot be kept, or None."""
    for value, limit in cells:
        if len(value) > limit:
            return Wording(TOO_LONG, {"value": value, "limit": limit})
    return None
