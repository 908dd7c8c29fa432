"""Column mappings of plain CSV exports, saved under a name so the next import reuses them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import require_administrator
from core.errors import InvalidInput, NotFound
from core.models import Person, RosterMapping
from core.records import audit
from core.roster.plain_csv import CONTACT_FIELDS, PUPIL_FIELDS
from core.types import utcnow
from core.wording import N_

NAME_THE_MAPPING = N_("Give these choices a name of up to 100 characters, to use them again next time.")


def save(db: Session, actor: Person | None, name: str, columns: Mapping[str, Any]) -> RosterMapping:
    """Save (or replace) the mapping called ``name``; only the fields a mapping has are kept."""
    if actor is not None:
        require_administrator(actor, "import the school's roster")
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput({"mapping_name": [NAME_THE_MAPPING]})
    kept = {field: columns[field] for field in PUPIL_FIELDS if columns.get(field)}
    kept["contacts"] = [
        {field: contact[field] for field in CONTACT_FIELDS if contact.get(field)}
        for contact in columns.get("contacts") or []
        if any(contact.get(field) for field in CONTACT_FIELDS)
    ]
    mapping = db.scalar(select(RosterMapping).where(RosterMapping.name == name))
    if mapping is None:
        mapping = RosterMapping(name=name)
        db.add(mapping)
    mapping.columns, mapping.saved_at = kept, utcnow()
    db.flush()
    audit.record(db, actor, "roster.mapping_saved", subject=f"roster_mapping:{mapping.id}")
    return mapping


def named(db: Session, name: str) -> dict[str, Any]:
    mapping = db.scalar(select(RosterMapping).where(RosterMapping.name == name))
    if mapping is None:
        raise NotFound(f"mapping {name}")
    return dict(mapping.columns)


def names(db: Session) -> list[str]:
    return list(db.scalars(select(RosterMapping.name).order_by(RosterMapping.name)))
