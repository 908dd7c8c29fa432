"""When an API token ends: revoked, or its days over; the one rule the API and webhooks share."""

from datetime import timedelta

import pytest

from core.people import tokens as api_tokens
from core.types import utcnow


@pytest.fixture
def token(db, child_team):
    made, _ = api_tokens.create(db, child_team.slt, {"name": "Case system", "days": 30})
    return made


def test_a_token_within_its_days_and_not_revoked_has_not_ended(token):
    assert api_tokens.ended(token, utcnow()) is None


def test_a_token_has_ended_as_expired_from_the_moment_its_days_are_over(token):
    assert api_tokens.ended(token, token.expires_at) is api_tokens.TokenEnd.EXPIRED


def test_a_revoked_token_has_ended_as_revoked_even_once_its_days_are_over(db, child_team, token):
    api_tokens.revoke(db, child_team.slt, token.id)
    assert api_tokens.ended(token, token.expires_at + timedelta(days=1)) is api_tokens.TokenEnd.REVOKED
