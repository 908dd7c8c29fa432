"""teamaround mail fetch: the mailbox of calendar replies, read as configured."""

import imaplib
import ssl
import uuid
from email.message import EmailMessage

import pytest
from click.testing import CliRunner

from webui.cli import main


@pytest.fixture
def fetch_mail(tmp_path, monkeypatch):
    """Run ``teamaround mail fetch`` against a fresh SQLite database of its own."""
    monkeypatch.setenv("TEAMAROUND_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    monkeypatch.setenv("TEAMAROUND_SECRET_KEY", "cli-test")
    CliRunner().invoke(main, ["db", "upgrade"], catch_exceptions=False)
    return lambda: CliRunner().invoke(main, ["mail", "fetch"])


def test_mail_fetch_reads_the_configured_mailbox_over_tls_and_leaves_what_is_no_reply(
    fetch_mail, imap_server, monkeypatch, tmp_path
):
    folder = f"cli-{uuid.uuid4().hex[:8]}"
    context = ssl.create_default_context()
    imap_server.certificate_authority.configure_trust(context)
    with imaplib.IMAP4_SSL(imap_server.host, imap_server.port, ssl_context=context) as client:
        client.login(imap_server.user, imap_server.password)
        client.create(folder)
        note = EmailMessage()
        note["From"], note["Subject"] = "parent@example.org", "Thank you"
        note.set_content("See you on Tuesday.")
        client.append(folder, None, None, note.as_bytes())
    # The command trusts what the system trusts; here, the test's own authority.
    imap_server.certificate_authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    monkeypatch.setenv("TEAMAROUND_IMAP_URL", imap_server.url(folder))
    result = fetch_mail()
    assert result.exit_code == 0, result.output
    assert "Replies: 0 answered, 0 out of date, 1 left for a person" in result.output


@pytest.mark.parametrize("url", [None, "imap://replies:secret@127.0.0.1/INBOX"], ids=["unset", "without-tls"])
def test_mail_fetch_says_what_is_wrong_with_the_mailbox_setting(fetch_mail, monkeypatch, url):
    if url:
        monkeypatch.setenv("TEAMAROUND_IMAP_URL", url)
    result = fetch_mail()
    assert result.exit_code == 2 and "TEAMAROUND_IMAP_URL" in result.output
