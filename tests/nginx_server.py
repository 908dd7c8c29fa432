"""Debian's nginx for a test, running ``deploy/nginx/teamaround.conf`` itself on 127.0.0.1.

Only what must differ on a test machine is rewritten, each an exact line of the file (a file
that no longer has one fails here, rather than a test passing on a file it did not read):
the ports it listens on (loopback, unprivileged; no IPv6 listeners), the certificate (made by
trustme), the code's path and the application's address. Every other directive is the file's.
nginx runs in the foreground as the current user, with its own prefix, logs and temp folders.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

NGINX = "/usr/sbin/nginx"
ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "teamaround.conf"


class NginxUnavailable(RuntimeError):
    """nginx is not installed here, or would not start."""


@dataclass(frozen=True)
class Nginx:
    https_port: int
    http_port: int
    certificate_authority: object  # a trustme.CA: trust it with .configure_trust(context)
    error_log: Path

    @property
    def https(self) -> str:
        return f"https://localhost:{self.https_port}"

    @property
    def http(self) -> str:
        return f"http://localhost:{self.http_port}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rendered_site(app_address: str, https_port: int, http_port: int, folder: Path) -> str:
    """The site file with this machine's ports, certificate, code path and application."""
    text = SITE.read_text()
    changes = {
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/letsencrypt/live/teamaround.example.org/fullchain.pem": str(folder / "cert.pem"),
        "/etc/letsencrypt/live/teamaround.example.org/privkey.pem": str(folder / "key.pem"),
        "/opt/teamaround/": f"{ROOT}/",
        "server 127.0.0.1:8000;": f"server {app_address};",
    }
    for line, instead in changes.items():
        if line not in text:
            raise AssertionError(f"{SITE} no longer has {line.strip()!r}: change tests/nginx_server.py with it")
        text = text.replace(line, instead)
    return text


def _main_config(folder: Path) -> str:
    # As root, nginx's workers would switch to nobody, who cannot read the test's folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
daemon off;
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
{temp}
    include {folder}/teamaround.conf;
}}
"""


@contextlib.contextmanager
def running_nginx(app_address: str):
    """Yield :class:`Nginx` in front of the application at ``app_address`` (host:port)."""
    if not os.path.exists(NGINX):
        raise NginxUnavailable("no nginx (apt-get install nginx-light)")
    import trustme

    authority = trustme.CA()
    folder = Path(tempfile.mkdtemp(prefix="teamaround-nginx-"))
    served = authority.issue_cert("localhost", "127.0.0.1")
    served.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    served.private_key_pem.write_to_path(str(folder / "key.pem"))
    https_port, http_port = _free_port(), _free_port()
    (folder / "teamaround.conf").write_text(rendered_site(app_address, https_port, http_port, folder))
    (folder / "nginx.conf").write_text(_main_config(folder))
    server = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            if server.poll() is not None:
                raise NginxUnavailable(f"nginx did not start: {(folder / 'error.log').read_text()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", https_port), timeout=1):
                break
            time.sleep(0.05)
        else:
            raise NginxUnavailable(f"nginx did not listen: {(folder / 'error.log').read_text()}")
        yield Nginx(https_port, http_port, authority, folder / "error.log")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
