"""A plain CSV export, one row per pupil, read through a column mapping the administrator
chose (which column is the pupil's name, their date of birth, each contact's e-mail...).

Contacts have no identifier of their own in such a file: one is known by their e-mail
address, so a parent named on two pupils' rows is one person. A row with any cell that
cannot be read is refused whole, pupil and contacts together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.roster import values
from core.roster.records import Contact, Guardianship, Pupil, Refusal, Roster
from core.wording import N_, Wording

SOURCE = "csv"
PUPIL_FIELDS = ("pupil_identifier", "pupil_name", "preferred_name", "date_of_birth", "year_group")
REQUIRED_PUPIL_FIELDS = ("pupil_identifier", "pupil_name", "date_of_birth")
CONTACT_FIELDS = ("name", "relationship", "email", "phone", "parental_responsibility")

NO_COLUMN = N_("Choose the column that holds this.")
UNKNOWN_COLUMN = N_("The file has no column %(column)s.")
NO_PUPIL_IDENTIFIER = N_("The pupil's identifier is missing.")
NO_PUPIL_NAME = N_("The pupil's name is missing.")
SAME_PUPIL = N_("The identifier %(identifier)s is given to more than one row.")
CONTACT_WITHOUT_NAME = N_("Contact %(number)s has an e-mail address but no name.")
CONTACT_WITH = N_("Contact %(number)s: %(reason)s")


class MappingError(Exception):
    """The mapping does not fit the file; ``problems`` maps each field of the mapping to why."""

    def __init__(self, problems: dict[str, Wording]):
        self.problems = problems
        super().__init__(", ".join(sorted(problems)))


def header(content: bytes) -> tuple[list[str], str]:
    """The file's column names and its encoding, for the mapping step."""
    text, encoding = values.decode(content)
    return values.rows(text)[0], encoding


def check_mapping(mapping: Mapping[str, Any], columns: list[str]) -> None:
    """Raise :class:`MappingError` unless every required field names a column of the file
    and every column named is in it."""
    problems: dict[str, Wording] = {}
    for name in PUPIL_FIELDS:
        column = mapping.get(name) or ""
        if not column and name in REQUIRED_PUPIL_FIELDS:
            problems[name] = Wording(NO_COLUMN)
        elif column and column not in columns:
            problems[name] = Wording(UNKNOWN_COLUMN, {"column": column})
    for number, contact in enumerate(mapping.get("contacts") or [], start=1):
        for name in CONTACT_FIELDS:
            column = contact.get(name) or ""
            if column and column not in columns:
                problems[f"contacts.{number}.{name}"] = Wording(UNKNOWN_COLUMN, {"column": column})
    if problems:
        raise MappingError(problems)


def read(content: bytes, mapping: Mapping[str, Any]) -> Roster:
    """The roster a plain CSV export describes under ``mapping``."""
    text, encoding = values.decode(content)
    columns, found = values.rows(text)
    check_mapping(mapping, columns)
    roster = Roster(source=SOURCE, encoding=encoding)
    counted: dict[str, int] = {}
    for row in found:
        identifier = _cell(row, mapping, "pupil_identifier")
        counted[identifier] = counted.get(identifier, 0) + 1
    contacts: dict[str, Contact] = {}
    for number, row in enumerate(found, start=2):
        line = f"{number}"
        reading = _read_row(row, mapping, counted, line)
        if isinstance(reading, Wording):
            roster.refusals.append(
                Refusal(line=line, reason=reading, identifier=_cell(row, mapping, "pupil_identifier"))
            )
            continue
        pupil, guardians = reading
        roster.pupils.append(pupil)
        for contact, guardianship in guardians:
            contacts.setdefault(contact.identifier, contact)
            roster.guardianships.append(guardianship)
    roster.contacts = list(contacts.values())
    return roster


def _read_row(row, mapping, counted, line) -> tuple[Pupil, list[tuple[Contact, Guardianship]]] | Wording:
    identifier = _cell(row, mapping, "pupil_identifier")
    if not identifier:
        return Wording(NO_PUPIL_IDENTIFIER)
    if counted[identifier] > 1:
        return Wording(SAME_PUPIL, {"identifier": identifier})
    name = _cell(row, mapping, "pupil_name")
    if not name:
        return Wording(NO_PUPIL_NAME)
    too_long = values.overlong(
        (identifier, 200),
        (name, 200),
        (_cell(row, mapping, "preferred_name"), 100),
        (_cell(row, mapping, "year_group"), 40),
    )
    if too_long is not None:
        return too_long
    born = values.date_of_birth(_cell(row, mapping, "date_of_birth"))
    if isinstance(born, Wording):
        return born
    pupil = Pupil(
        identifier=identifier,
        full_name=name,
        preferred_name=_cell(row, mapping, "preferred_name"),
        date_of_birth=born,
        year_group=_cell(row, mapping, "year_group"),
        line=line,
    )
    guardians = []
    for number, columns in enumerate(mapping.get("contacts") or [], start=1):
        cells = {name: row.get(columns.get(name) or "", "") for name in CONTACT_FIELDS}
        if not any(cells.values()):
            continue
        reading = _read_contact(cells, identifier, line)
        if isinstance(reading, Wording):
            if reading.key == CONTACT_WITHOUT_NAME:
                return Wording(CONTACT_WITHOUT_NAME, {"number": number})
            return Wording(CONTACT_WITH, {"number": number, "reason": {"wording": reading.as_json()}})
        guardians.append(reading)
    return pupil, guardians


def _read_contact(cells, pupil: str, line: str) -> tuple[Contact, Guardianship] | Wording:
    if not cells["name"]:
        return Wording(CONTACT_WITHOUT_NAME)
    too_long = values.overlong((cells["name"], 200), (cells["phone"], 40), (cells["relationship"], 40))
    if too_long is not None:
        return too_long
    address = values.email(cells["email"])
    if isinstance(address, Wording):
        return address
    responsibility = values.yes_or_no(cells["parental_responsibility"])
    if isinstance(responsibility, Wording):
        return responsibility
    contact = Contact(identifier=address, full_name=cells["name"], email=address, phone=cells["phone"], line=line)
    return contact, Guardianship(
        pupil=pupil, contact=address, relationship=cells["relationship"], parental_responsibility=responsibility
    )


def _cell(row: Mapping[str, str], mapping: Mapping[str, Any], name: str) -> str:
    return row.get(mapping.get(name) or "", "")
