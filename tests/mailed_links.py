"""The single-use links (an invitation, a password reset) in mail a real SMTP server received."""

import re


def link_in(mail, path: str) -> str:
    """The secret of the link under ``path`` (``invitations``, ``password/reset``) in a mail's text."""
    return re.search(rf"/{path}/(\S+)", mail.get_body(("plain",)).get_content()).group(1)
