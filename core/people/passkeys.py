"""Passkeys (WebAuthn, through py_webauthn): registering one, and signing in with it,
after a password or instead of one.

The relying party is the installation's base address (TEAMAROUND_BASE_URL): its host
is the RP id and its origin the only one accepted. Challenges are sign-in steps kept on
the server and taken once (core.people.sign_in_steps). Signing in without a password
asks the authenticator to verify its user (a PIN, a fingerprint), so a passkey alone is
still two factors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from core.errors import InvalidInput
from core.models import FactorKind, Person, SecondFactor
from core.records import audit
from core.types import utcnow


@dataclass(frozen=True)
class RelyingParty:
    """Who asks for the passkey: the site's host name, its name, its origin."""

    id: str
    name: str
    origin: str

    @classmethod
    def from_base_url(cls, base_url: str, name: str = "Teamaround") -> RelyingParty:
        parts = urlsplit(base_url)
        return cls(id=parts.hostname or "", name=name, origin=f"{parts.scheme}://{parts.netloc}")


class PasskeyRefused(Exception):
    """The passkey's answer does not prove what it should: unknown, for another person, or forged."""


def _descriptors(db: Session, person: Person) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=factor.credential_id) for factor in _passkeys(db, person)]


def _passkeys(db: Session, person: Person) -> list[SecondFactor]:
    return list(
        db.scalars(
            select(SecondFactor).where(SecondFactor.person_id == person.id, SecondFactor.kind == FactorKind.PASSKEY)
        )
    )


def registration_options(db: Session, person: Person, rp: RelyingParty) -> tuple[str, bytes]:
    """The options for the browser to make a passkey (JSON), and their challenge."""
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=rp.name,
        user_name=person.email,
        user_id=f"person:{person.id}".encode(),
        user_display_name=person.full_name,
        exclude_credentials=_descriptors(db, person),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.PREFERRED
        ),
    )
    return options_to_json(options), options.challenge


def register(db: Session, person: Person, rp: RelyingParty, credential: str, challenge: bytes) -> SecondFactor:
    """Keep the passkey the browser made for ``person``, if it answers ``challenge``."""
    try:
        verified = verify_registration_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp.id, expected_origin=rp.origin
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise InvalidInput({"credential": [f"The passkey could not be checked: {error}"]}) from None
    factor = SecondFactor(
        person_id=person.id,
        kind=FactorKind.PASSKEY,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        confirmed_at=utcnow(),
    )
    db.add(factor)
    audit.record(db, person, "second_factor.added", subject=f"person:{person.id}", detail={"kind": "passkey"})
    db.flush()
    return factor


def authentication_options(db: Session, rp: RelyingParty, person: Person | None) -> tuple[str, bytes]:
    """Options to sign in with a passkey: ``person``'s own after their password, any of the
    site's without one (the authenticator then verifies its user)."""
    options = generate_authentication_options(
        rp_id=rp.id,
        allow_credentials=_descriptors(db, person) if person is not None else None,
        user_verification=UserVerificationRequirement.PREFERRED if person else UserVerificationRequirement.REQUIRED,
    )
    return options_to_json(options), options.challenge


def authenticate(db: Session, rp: RelyingParty, credential: str, challenge: bytes, person: Person | None) -> Person:
    """Whom the passkey's answer signs in; ``person`` when it must be theirs (after their password).

    Raises :class:`PasskeyRefused`, with the person it claimed to be when that is known.
    """
    try:
        raw_id = base64url_to_bytes(json.loads(credential)["rawId"])
    except (ValueError, KeyError, TypeError):
        raise PasskeyRefused(None) from None
    factor = db.scalar(
        select(SecondFactor).where(SecondFactor.kind == FactorKind.PASSKEY, SecondFactor.credential_id == raw_id)
    )
    if factor is None or (person is not None and factor.person_id != person.id):
        raise PasskeyRefused(person)
    owner = db.get(Person, factor.person_id)
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=factor.public_key,
            credential_current_sign_count=factor.sign_count,
            require_user_verification=person is None,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise PasskeyRefused(owner) from None
    if not owner.active:
        raise PasskeyRefused(owner)
    factor.sign_count, factor.last_used_at = verified.new_sign_count, utcnow()
    db.flush()
    return owner
