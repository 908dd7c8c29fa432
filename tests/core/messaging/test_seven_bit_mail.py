"""Mail to a server that has not offered 8BITMIME (RFC 6152) is sent in 7 bits: the
invite and its note arrive whole, accents and all."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import icalendar
import pytest

from core.db import make_session_factory
from core.messaging import outbox
from core.types import utcnow


class SevenBitServer:
    """An aiosmtpd handler that takes the 8BITMIME line out of its EHLO answer, as a server
    without it answers, and keeps the bytes each message arrived as."""

    def __init__(self):
        self.received: list[bytes] = []

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [line for line in responses if "8BITMIME" not in line]

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.original_content)
        return "250 OK"


@pytest.fixture
def seven_bit_server():
    from aiosmtpd.controller import Controller
    from conftest import free_port

    handler, port = SevenBitServer(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", handler
    finally:
        controller.stop()


def test_an_invite_reaches_a_server_without_8bitmime_in_seven_bits_and_whole(
    db, connection, seven_bit_server, child_team, make_meeting
):
    url, server = seven_bit_server
    make_meeting((utcnow() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0),
                 location="Salle Éole – first floor")
    db.flush()
    assert outbox.deliver_due(make_session_factory(connection), url) == (2, 0)
    assert server.received and all(raw.isascii() for raw in server.received)
    mail = message_from_bytes(server.received[0], policy=default)
    assert "Salle Éole – first floor" in mail.get_body(("plain",)).get_content()
    invite = next(part for part in mail.walk() if part.get_content_type() == "text/calendar")
    assert invite.get_param("method") == "REQUEST"
    assert str(icalendar.Calendar.from_ical(invite.get_content()).walk("VEVENT")[0]["location"]) == (
        "Salle Éole – first floor")
