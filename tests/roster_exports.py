"""School exports made in the tests: a OneRoster 1.2 CSV bundle and a plain CSV, as a school's
management information system writes them, so that an import test reads real files."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select

from core.models import Child, Membership, Person

USER_COLUMNS = (
    "sourcedId",
    "status",
    "dateLastModified",
    "enabledUser",
    "username",
    "userIds",
    "givenName",
    "familyName",
    "middleName",
    "identifier",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "grades",
    "password",
    "userMasterIdentifier",
    "resourceSourcedIds",
    "preferredGivenName",
    "preferredMiddleName",
    "preferredFamilyName",
    "primaryOrgSourcedId",
    "pronouns",
)


@dataclass(frozen=True)
class User:
    """One row of users.csv, with its role (roles.csv) and date of birth (demographics.csv)."""

    id: str
    role: str
    given: str
    family: str
    email: str = ""
    phone: str = ""
    agents: tuple[str, ...] = ()
    grades: str = ""
    born: str = ""
    status: str = "active"

    def but(self, **changes) -> User:
        return replace(self, **changes)


@dataclass
class Bundle:
    """A OneRoster bundle: its users, and whether it lists everyone (bulk) or changes (delta)."""

    users: list[User] = field(default_factory=list)
    mode: str = "bulk"

    def but(self, user_id: str, **changes) -> Bundle:
        return Bundle([user.but(**changes) if user.id == user_id else user for user in self.users], self.mode)

    def without(self, user_id: str) -> Bundle:
        return Bundle([user for user in self.users if user.id != user_id], self.mode)

    def zip(self) -> bytes:
        files = {
            "manifest.csv": _csv(
                ("propertyName", "value"),
                [
                    ("manifest.version", "1.0"),
                    ("oneroster.version", "1.2"),
                    ("file.users", self.mode),
                    ("file.roles", self.mode),
                    ("file.demographics", self.mode),
                    ("file.orgs", "bulk"),
                ],
            ),
            "orgs.csv": _csv(
                ("sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"),
                [("org-1", "active", "", "Hillside Primary", "school", "", "")],
            ),
            "users.csv": _csv(USER_COLUMNS, [_user_row(user) for user in self.users]),
            "roles.csv": _csv(
                (
                    "sourcedId",
                    "status",
                    "dateLastModified",
                    "userSourcedId",
                    "roleType",
                    "role",
                    "beginDate",
                    "endDate",
                    "orgSourcedId",
                    "userProfileSourcedId",
                ),
                [
                    (f"role-{user.id}", user.status, "", user.id, "primary", user.role, "", "", "org-1", "")
                    for user in self.users
                ],
            ),
            "demographics.csv": _csv(
                ("sourcedId", "status", "dateLastModified", "birthDate", "sex"),
                [(user.id, user.status, "", user.born, "") for user in self.users if user.role == "student"],
            ),
        }
        target = io.BytesIO()
        with zipfile.ZipFile(target, "w") as bundle:
            for name, text in files.items():
                bundle.writestr(name, text.encode())
        return target.getvalue()


def _user_row(user: User) -> dict[str, str]:
    return {
        "sourcedId": user.id,
        "status": user.status,
        "enabledUser": "true",
        "username": user.id,
        "givenName": user.given,
        "familyName": user.family,
        "email": user.email,
        "phone": user.phone,
        "agentSourcedIds": ",".join(user.agents),
        "grades": user.grades,
        "primaryOrgSourcedId": "org-1",
    }


def _csv(columns, rows) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns] if isinstance(row, dict) else row)
    return text.getvalue()


def hillside(born: str = "2016-05-04") -> Bundle:
    """A small school: a parent of two pupils, a pupil with two households, a teacher."""
    return Bundle(
        [
            User("s1", "student", "Ava", "Brown", agents=("g1",), grades="Y4", born="2016-05-04"),
            User("s2", "student", "Ben", "Brown", agents=("g1",), grades="Y2", born="2018-01-20"),
            User("s3", "student", "Cara", "Singh", agents=("g2", "g3", "g4"), grades="Y4", born=born),
            User("g1", "parent", "Dana", "Brown", email="dana.brown@example.org", phone="07700 900001"),
            User("g2", "parent", "Eshan", "Singh", email="eshan.singh@example.org"),
            User("g3", "guardian", "Farah", "Singh", email="farah.singh@example.org"),
            User("g4", "relative", "Gita", "Kaur", email="gita.kaur@example.org", agents=("s3",)),
            User("t1", "teacher", "Hugh", "Jones", email="hugh.jones@example.org"),
        ]
    )


PLAIN_COLUMNS = (
    "UPN",
    "Legal name",
    "DOB",
    "Year",
    "Contact 1",
    "Contact 1 relationship",
    "Contact 1 email",
    "Contact 1 phone",
    "Contact 1 PR",
    "Contact 2",
    "Contact 2 relationship",
    "Contact 2 email",
    "Contact 2 phone",
    "Contact 2 PR",
)

PLAIN_MAPPING = {
    "pupil_identifier": "UPN",
    "pupil_name": "Legal name",
    "date_of_birth": "DOB",
    "year_group": "Year",
    "contacts": [
        {
            "name": f"Contact {n}",
            "relationship": f"Contact {n} relationship",
            "email": f"Contact {n} email",
            "phone": f"Contact {n} phone",
            "parental_responsibility": f"Contact {n} PR",
        }
        for n in (1, 2)
    ],
}


def plain_csv(rows: list[tuple], *, encoding: str = "utf-8") -> bytes:
    """A plain export with PLAIN_COLUMNS; ``encoding`` "utf-8-sig" writes a byte order mark."""
    return _csv(PLAIN_COLUMNS, rows).encode(encoding)


def plain_school() -> list[tuple]:
    """Rows of a plain export: a mother of two pupils, and a pupil with two households."""
    return [
        (
            "A123",
            "Zoë Adams",
            "04/05/2016",
            "Year 4",
            "Mia Adams",
            "Mother",
            "mia.adams@example.org",
            "07700 900101",
            "Yes",
            "",
            "",
            "",
            "",
            "",
        ),
        (
            "A124",
            "Noah Adams",
            "2018-02-01",
            "Year 2",
            "Mia Adams",
            "Mother",
            "mia.adams@example.org",
            "07700 900101",
            "Yes",
            "",
            "",
            "",
            "",
            "",
        ),
        (
            "B200",
            "Omar Farouk",
            "12/11/2015",
            "Year 5",
            "Rana Farouk",
            "Mother",
            "rana@example.org",
            "",
            "Y",
            "Sami Farouk",
            "Father",
            "sami@example.org",
            "",
            "Yes",
        ),
    ]


def counts(db) -> dict[str, int]:
    """How many children, people and memberships there are: what an import adds to."""
    return {
        model.__tablename__: db.scalar(select(func.count()).select_from(model)) for model in (Child, Person, Membership)
    }


def actions(shown) -> dict[str, str]:
    return {line.identifier: line.action.value for line in shown.lines}
