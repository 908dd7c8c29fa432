"""The 1EdTech OneRoster 1.2 CSV bundle: the files the main UK and US school systems export.

users.csv names everyone (``sourcedId``); a pupil's ``agentSourcedIds`` name their
guardians (and a guardian's name their pupils: both are read). The role is users.csv's
``role`` column in OneRoster 1.1 and the primary role in roles.csv in 1.2. Dates of birth
come from demographics.csv. The manifest's ``file.users`` says whether the export is
"bulk" (everyone on roll) or "delta" (only changes, with ``status`` tobedeleted for leavers).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

from core.roster import values
from core.roster.records import Contact, Guardianship, Pupil, Refusal, Roster, StaffMember
from core.wording import N_, Wording

SOURCE = "oneroster"
PUPIL_ROLES = {"student"}
GUARDIAN_ROLES = {"guardian", "parent", "relative"}
STAFF_ROLES = {
    "teacher",
    "aide",
    "administrator",
    "counselor",
    "principal",
    "proctor",
    "siteAdministrator",
    "districtAdministrator",
    "systemAdministrator",
}

NO_USERS = N_("The bundle has no users.csv: export the OneRoster CSV files as a ZIP or a folder.")
NOT_A_ZIP = N_("The file is neither a ZIP of OneRoster CSV files nor a CSV file.")
NO_IDENTIFIER = N_("The row has no sourcedId.")
SAME_IDENTIFIER = N_("The identifier %(identifier)s is given to more than one row.")
NO_NAME = N_("The name is missing.")
UNKNOWN_ROLE = N_("The role %(role)s is not one Teamaround imports.")
UNKNOWN_GUARDIAN = N_("The guardian %(identifier)s is named but not in users.csv.")


class BundleError(Exception):
    """The bundle cannot be read at all; ``reason`` says why."""

    def __init__(self, reason: Wording):
        self.reason = reason
        super().__init__(reason.key)


def files_of(path: Path) -> dict[str, bytes]:
    """The CSV files of a bundle given as a folder or a ZIP, by lower-case file name."""
    if path.is_dir():
        return {item.name.lower(): item.read_bytes() for item in path.iterdir() if item.suffix.lower() == ".csv"}
    return files_in_zip(path.read_bytes())


def files_in_zip(content: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as bundle:
            return {
                Path(name).name.lower(): bundle.read(name)
                for name in bundle.namelist()
                if name.lower().endswith(".csv")
            }
    except zipfile.BadZipFile:
        raise BundleError(Wording(NOT_A_ZIP)) from None


def read(files: Mapping[str, bytes]) -> Roster:
    """The roster a bundle's files describe, refusing the rows that cannot be imported."""
    if "users.csv" not in files:
        raise BundleError(Wording(NO_USERS))
    encodings: list[str] = []

    def table(name: str) -> list[dict[str, str]]:
        if name not in files:
            return []
        text, encoding = values.decode(files[name])
        if encoding not in encodings:
            encodings.append(encoding)
        return values.rows(text)[1]

    manifest = {row.get("propertyName", ""): row.get("value", "") for row in table("manifest.csv")}
    users = table("users.csv")
    roles = {row["userSourcedId"]: row["role"] for row in table("roles.csv") if row.get("roleType") != "secondary"}
    born = {row["sourcedId"]: row.get("birthDate", "") for row in table("demographics.csv")}
    roster = Roster(
        source=SOURCE, encoding=", ".join(encodings), complete=manifest.get("file.users", "bulk") != "delta"
    )
    _read_users(roster, users, roles, born)
    return roster


def _read_users(roster: Roster, users: list[dict[str, str]], roles: dict[str, str], born: dict[str, str]) -> None:
    seen: dict[str, int] = {}
    for row in users:
        seen[row.get("sourcedId", "")] = seen.get(row.get("sourcedId", ""), 0) + 1
    agents: dict[str, list[tuple[str, str]]] = {}
    guardian_roles: dict[str, str] = {}
    for number, row in enumerate(users, start=2):
        line = f"users.csv:{number}"
        identifier = row.get("sourcedId", "")
        role = row.get("role") or roles.get(identifier, "")

        def refuse(reason: Wording) -> None:
            roster.refusals.append(Refusal(line=line, reason=reason, identifier=identifier))  # noqa: B023

        if not identifier:
            refuse(Wording(NO_IDENTIFIER))
            continue
        if seen[identifier] > 1:
            refuse(Wording(SAME_IDENTIFIER, {"identifier": identifier}))
            continue
        name = " ".join(part for part in (row.get("givenName", ""), row.get("familyName", "")) if part)
        if not name:
            refuse(Wording(NO_NAME))
            continue
        phone = row.get("phone", "") or row.get("sms", "")
        year_group = row.get("grades", "").split(",")[0].strip()
        too_long = values.overlong(
            (name, 200), (row.get("preferredGivenName", ""), 100), (year_group, 40), (phone, 40), (identifier, 200)
        )
        if too_long is not None:
            refuse(too_long)
            continue
        linked = [agent.strip() for agent in row.get("agentSourcedIds", "").split(",") if agent.strip()]
        if role in PUPIL_ROLES:
            reading = values.date_of_birth(born.get(identifier, ""))
            if isinstance(reading, Wording):
                refuse(reading)
                continue
            roster.pupils.append(
                Pupil(
                    identifier=identifier,
                    full_name=name,
                    preferred_name=row.get("preferredGivenName", ""),
                    date_of_birth=reading,
                    year_group=row.get("grades", "").split(",")[0].strip(),
                    withdrawn=row.get("status", "").lower() == "tobedeleted",
                    line=line,
                )
            )
            for agent in linked:
                agents.setdefault(identifier, []).append((agent, line))
        elif role in GUARDIAN_ROLES or role in STAFF_ROLES:
            address = values.email(row.get("email", ""))
            if isinstance(address, Wording):
                refuse(address)
                continue
            if role in STAFF_ROLES:
                roster.staff.append(
                    StaffMember(identifier=identifier, full_name=name, email=address, phone=phone, role=role, line=line)
                )
                continue
            roster.contacts.append(
                Contact(identifier=identifier, full_name=name, email=address, phone=phone, line=line)
            )
            guardian_roles[identifier] = role
            for pupil in linked:
                agents.setdefault(pupil, []).append((identifier, line))
        else:
            refuse(Wording(UNKNOWN_ROLE, {"role": role or "-"}))
    _link_guardians(roster, agents, guardian_roles, seen)


def _link_guardians(roster, agents, guardian_roles, seen) -> None:
    """Each pupil's guardians, named from either side, once; a name that is nobody is refused."""
    pupils = {pupil.identifier for pupil in roster.pupils}
    linked: set[tuple[str, str]] = set()
    for pupil, named in agents.items():
        for agent, line in named:
            if agent in guardian_roles and pupil in pupils:
                if (pupil, agent) not in linked:
                    linked.add((pupil, agent))
                    roster.guardianships.append(
                        Guardianship(pupil=pupil, contact=agent, relationship=guardian_roles[agent])
                    )
            elif agent not in seen and pupil in pupils:
                roster.refusals.append(Refusal(line=line, reason=Wording(UNKNOWN_GUARDIAN, {"identifier": agent})))
