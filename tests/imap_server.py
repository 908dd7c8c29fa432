"""A throwaway Dovecot IMAP server for the test run, started from Debian's binaries on
127.0.0.1, speaking IMAP over TLS only, with a certificate from trustme."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"


class ImapUnavailable(RuntimeError):
    """Dovecot is not installed here, or would not start."""


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    certificate_authority: object  # a trustme.CA: trust it with .configure_trust(context)

    def url(self, folder: str = "INBOX") -> str:
        return f"imaps://{self.user}:{self.password}@{self.host}:{self.port}/{folder}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_dovecot():
    """Yield an :class:`ImapServer` with one mail user; stop and delete it afterwards."""
    if not (shutil.which("dovecot") or os.path.exists(DOVECOT)):
        raise ImapUnavailable("no dovecot (apt-get install dovecot-imapd)")
    import trustme

    authority = trustme.CA()
    directory = Path(tempfile.mkdtemp(prefix="teamaround-imap-"))
    directory.chmod(0o755)  # Dovecot's own processes read the user list and the mail under it
    # Mail belongs to an ordinary account: Dovecot refuses to serve mail as root.
    owner = pwd.getpwnam("dovecot") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    port, user, password = _free_port(), "replies", "imap-test-password"
    served = authority.issue_cert("127.0.0.1")
    served.cert_chain_pems[0].write_to_path(str(directory / "cert.pem"))
    served.private_key_pem.write_to_path(str(directory / "key.pem"))
    (directory / "users").write_text(f"{user}:{{PLAIN}}{password}\n")
    (directory / "home").mkdir()
    shutil.chown(directory / "home", owner.pw_uid, owner.pw_gid)
    config = directory / "dovecot.conf"
    config.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {directory}/run
state_dir = {directory}/state
log_path = {directory}/dovecot.log
default_internal_user = {owner.pw_name}
default_internal_group = {grp.getgrgid(owner.pw_gid).gr_name}
default_login_user = {owner.pw_name}
first_valid_uid = {owner.pw_uid}
ssl = required
ssl_cert = <{directory}/cert.pem
ssl_key = <{directory}/key.pem
auth_mechanisms = plain
passdb {{
  driver = passwd-file
  args = {directory}/users
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={directory}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
""")
    # Dovecot forks into the background: its output goes to a file, as a pipe would stay open.
    with open(directory / "start.log", "w") as output:
        started = subprocess.run([DOVECOT, "-c", str(config)], stdout=output, stderr=subprocess.STDOUT)
    try:
        if started.returncode != 0:
            raise ImapUnavailable(f"Dovecot did not start: {(directory / 'start.log').read_text()}")
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.05)
        else:
            raise ImapUnavailable(f"Dovecot did not listen: {_log(directory)}")
        yield ImapServer("127.0.0.1", port, user, password, authority)
    finally:
        subprocess.run([DOVECOT, "-c", str(config), "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(directory, ignore_errors=True)


def _log(directory: Path) -> str:
    log = directory / "dovecot.log"
    return log.read_text() if log.exists() else ""
