"""A delivery's signature: HMAC-SHA256 of its timestamp and body under the webhook's secret."""

from hypothesis import given
from hypothesis import strategies as st

from core.webhooks import signing

NOW = 1_800_000_000


@given(st.text(min_size=1), st.binary())
def test_a_signed_body_verifies_with_its_secret(secret, body):
    assert signing.verify(secret, signing.headers(secret, "d-1", NOW, body), body, NOW)


@given(st.text(min_size=1), st.text(min_size=1), st.binary())
def test_another_secret_does_not_verify(secret, other, body):
    if other != secret:
        assert not signing.verify(other, signing.headers(secret, "d-1", NOW, body), body, NOW)


def test_a_changed_body_does_not_verify():
    headers = signing.headers("s", "d-1", NOW, b'{"a":1}')
    assert not signing.verify("s", headers, b'{"a":2}', NOW)


def test_a_replay_after_the_tolerance_does_not_verify():
    headers = signing.headers("s", "d-1", NOW, b"{}")
    late = NOW + int(signing.TOLERANCE.total_seconds()) + 1
    assert signing.verify("s", headers, b"{}", late - 1) and not signing.verify("s", headers, b"{}", late)


def test_a_timestamp_changed_to_look_fresh_does_not_verify():
    headers = signing.headers("s", "d-1", NOW, b"{}") | {signing.TIMESTAMP: str(NOW + 600)}
    assert not signing.verify("s", headers, b"{}", NOW + 600)
