"""Which kind of export a file is, and the roster it holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.roster import oneroster, plain_csv
from core.roster.records import Roster

_ZIP = b"PK\x03\x04"


def is_bundle(content: bytes) -> bool:
    """A ZIP is a OneRoster bundle; anything else is taken for a plain CSV export."""
    return content.startswith(_ZIP)


def roster_of(content: bytes, mapping: Mapping[str, Any] | None) -> Roster:
    """The roster in a OneRoster ZIP, or in a plain CSV read through ``mapping``."""
    if is_bundle(content):
        return oneroster.read(oneroster.files_in_zip(content))
    return plain_csv.read(content, mapping or {})
