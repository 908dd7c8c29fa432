"""Rate limits on the API: one allowance per token across every operation; a token that is
not valid counts against its address; Retry-After only when the allowance is spent."""

import math
import time

import pytest


@pytest.fixture
def allowance(app):
    app.config["API_RATE_LIMIT"] = "3 per minute"


def test_one_allowance_covers_every_operation_of_a_token(allowance, client, bearer, child_team):
    headers = bearer("slt")
    urls = ["/api/v1/glossary", "/api/v1/children", f"/api/v1/children/{child_team.child.id}/timeline",
            "/api/v1/tokens"]
    assert [client.get(url, headers=headers).status_code for url in urls] == [200, 200, 200, 429]


def test_tokens_not_valid_count_against_their_address(allowance, client):
    guesses = [{"Authorization": f"Bearer ta_guess{number}"} for number in range(4)]
    assert [client.get("/api/v1/children", headers=headers).status_code for headers in guesses] == [401, 401, 401, 429]
    assert client.get("/api/v1/children").status_code == 429


def test_guesses_from_one_ipv6_network_share_its_allowance(allowance, client):
    """As the login throttle counts them: a client picks any address of its /64 at will."""
    answers = [
        client.get("/api/v1/children", headers={"Authorization": f"Bearer ta_guess{number}"},
                   environ_base={"REMOTE_ADDR": f"2001:db8:1:2::{number + 1}"}).status_code
        for number in range(4)
    ]
    assert answers == [401, 401, 401, 429]


def test_a_valid_token_is_served_while_its_address_is_refused_for_guessing(allowance, client, bearer):
    for number in range(4):
        client.get("/api/v1/children", headers={"Authorization": f"Bearer ta_guess{number}"})
    assert client.get("/api/v1/children", headers=bearer("slt")).status_code == 200


def test_retry_after_comes_only_with_a_429(allowance, client, bearer):
    headers = bearer("slt")
    served = [client.get("/api/v1/glossary", headers=headers) for _ in range(3)]
    refused = client.get("/api/v1/glossary", headers=headers)
    assert all("Retry-After" not in answer.headers for answer in served)
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
    assert set(refused.json) == {"message", "errors"}


def test_every_answer_says_what_is_left_of_the_allowance(allowance, client, bearer):
    answer = client.get("/api/v1/glossary", headers=bearer("slt"))
    assert (answer.headers["X-RateLimit-Limit"], answer.headers["X-RateLimit-Remaining"]) == ("3", "2")


def test_every_answer_says_when_the_allowance_is_renewed(allowance, client, bearer):
    headers, asked_at = bearer("slt"), time.time()
    renewed = [int(client.get("/api/v1/glossary", headers=headers).headers["X-RateLimit-Reset"]) for _ in range(2)]
    assert renewed[0] == renewed[1] and asked_at + 59 <= renewed[0] <= math.ceil(time.time()) + 60
