"""Where a webhook may send: public HTTPS only, never a machine of a private network."""

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from core.webhooks.targets import RefusedTarget, checked_addresses

PRIVATE_NETWORKS = [
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
    "0.0.0.0/8", "fc00::/7", "fe80::/10", "::1/128",
]


def refusal(url: str, *, allow_loopback: bool) -> str | None:
    """Why a webhook may not send to ``url``, as the ``url`` field's reason; None when it may."""
    try:
        checked_addresses(url, allow_loopback=allow_loopback)
    except RefusedTarget as refused:
        return refused.errors["url"][0]
    return None


@st.composite
def private_addresses(draw):
    network = ipaddress.ip_network(draw(st.sampled_from(PRIVATE_NETWORKS)))
    return network[draw(st.integers(min_value=0, max_value=network.num_addresses - 1))]


def url_of(address) -> str:
    host = f"[{address}]" if address.version == 6 else str(address)
    return f"https://{host}/hook"


@given(private_addresses())
def test_an_address_of_a_private_network_is_refused(address):
    assert "private network" in refusal(url_of(address), allow_loopback=False)


@given(private_addresses())
def test_a_private_address_written_as_ipv4_mapped_ipv6_is_refused(address):
    if address.version == 4:
        assert "private network" in refusal(f"https://[::ffff:{address}]/hook", allow_loopback=False)


def test_a_public_https_address_is_accepted():
    assert refusal("https://8.8.8.8/hook", allow_loopback=False) is None


def test_plain_http_is_refused_even_to_a_public_address():
    assert "https://" in refusal("http://8.8.8.8/hook", allow_loopback=False)


def test_loopback_over_http_is_accepted_only_where_allowed():
    assert refusal("http://localhost:8080/hook", allow_loopback=True) is None
    assert refusal("http://127.0.0.1:8080/hook", allow_loopback=False) is not None


def test_a_user_name_in_the_address_is_refused():
    assert "user name" in refusal("https://me:pw@8.8.8.8/hook", allow_loopback=False)


@given(st.text())
def test_any_text_is_accepted_or_refused_with_a_reason_never_an_error(text):
    reason = refusal(text, allow_loopback=False)
    assert reason is None or (isinstance(reason, str) and reason)


def test_an_address_that_cannot_be_parsed_is_refused_with_a_reason():
    assert "web address" in refusal("https://[not-an-address/hook", allow_loopback=False)


def test_the_addresses_checked_are_given_to_connect_to_as_ipv4_where_written_ipv4_mapped():
    assert checked_addresses("https://[::ffff:8.8.8.8]/hook", allow_loopback=False) == [ipaddress.ip_address("8.8.8.8")]


def test_localhost_where_loopback_is_allowed_is_connected_to_on_loopback_addresses_only():
    addresses = checked_addresses("http://localhost:8080/hook", allow_loopback=True)
    assert addresses and all(address.is_loopback for address in addresses)
