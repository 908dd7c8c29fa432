"""The identifiers other systems know a child by: the pupil's UPN (the school's census) and
the NHS number (health). A school's or an agency's system finds and updates a child by them.

Both carry a check character, checked by python-stdnum (``stdnum.gb.upn``, ``stdnum.gb.nhs``)
rather than by hand: a number mistyped in one system is refused before it links two
children's records. Each is stored compact (no spaces) and unique.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.exceptions import ValidationError as NumberError
from stdnum.gb import nhs, upn

from core.errors import DoesNotFit
from core.models import Child


def valid_upn(value: str) -> str:
    """``value`` as stored (compact, capitals), or ValidationError saying what is wrong."""
    try:
        return upn.validate(value.upper())
    except InvalidChecksum:
        raise ValidationError(
            "The check letter (the first) does not fit the rest: look for a mistyped character."
        ) from None
    except InvalidComponent:
        raise ValidationError("Characters 2 to 4 are not a local authority's number.") from None
    except NumberError:
        raise ValidationError("A UPN is a letter, 11 digits and a digit or letter: 13 characters.") from None


def valid_nhs_number(value: str) -> str:
    """``value`` as stored (10 digits, no spaces), or ValidationError saying what is wrong."""
    try:
        return nhs.validate(value)
    except InvalidChecksum:
        raise ValidationError("The last digit does not fit the others: look for a mistyped digit.") from None
    except NumberError:
        raise ValidationError("An NHS number is 10 digits.") from None


class Identifier(fields.String):
    """A string field that takes an identifier in any usual spelling and gives it as stored."""

    def __init__(self, check, **kwargs):
        super().__init__(**kwargs)
        self.check = check

    def _deserialize(self, value, attr, data, **kwargs):
        return self.check(super()._deserialize(value, attr, data, **kwargs))


def upn_field(**kwargs) -> Identifier:
    return _field(
        valid_upn, "The pupil's Unique Pupil Number: a check letter, then 12 characters", "B801200005001", kwargs
    )


def nhs_number_field(**kwargs) -> Identifier:
    return _field(valid_nhs_number, "The child's NHS number: 10 digits, the last a check digit", "9434765919", kwargs)


def _field(check, description: str, example: str, options: dict) -> Identifier:
    metadata = {"description": description + "; spaces are ignored", "example": example}
    return Identifier(check, validate=validate.Length(max=20), metadata=metadata, **options)


def require_unique(db: Session, child_id: int | None, values: Mapping[str, Any]) -> None:
    """Refuse an identifier another child's record already holds (409, naming the field)."""
    clashes = {
        name: ["Another child's record already has this number."]
        for name in ("upn", "nhs_number")
        if values.get(name) is not None
        and db.scalar(select(Child.id).where(getattr(Child, name) == values[name], Child.id != (child_id or 0)))
    }
    if clashes:
        raise DoesNotFit(clashes)
