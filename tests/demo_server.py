"""`teamaround demo` run as the README's first command runs it, in a process of its own, and a
browser of urllib's with cookies to visit it."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from conftest import free_port

PASSWORD = "teamaround-demo"


class Demo:
    def __init__(self, base: str):
        self.base, self.output = base, ""
        self.browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        return self.browser.open(f"{self.base}{path}", timeout=10).read().decode()

    def post(self, path: str, data: bytes, content_type: str = "application/x-www-form-urlencoded") -> str:
        request = urllib.request.Request(f"{self.base}{path}", data=data, headers={"Content-Type": content_type})
        return self.browser.open(request, timeout=10).read().decode()

    def login(self, email: str) -> str:
        """Log in through the form; the first page."""
        form = {"csrf_token": csrf(self.get("/login")), "email": email, "password": PASSWORD}
        return self.post("/login", urllib.parse.urlencode(form).encode())


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@contextlib.contextmanager
def running_demo(instance_path):
    """Start the demo with its instance folder at ``instance_path`` and wait for its login page;
    stop it afterwards, keeping what it printed in ``output``."""
    port = free_port()
    env = {**os.environ, "TEAMAROUND_INSTANCE_PATH": str(instance_path)}
    env.pop("TEAMAROUND_DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "webui.cli", "demo", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True, text=True)
    demo = Demo(f"http://127.0.0.1:{port}")
    try:
        for _ in range(300):
            try:
                demo.get("/login")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the demo did not start")
        yield demo
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        demo.output = server.communicate(timeout=10)[0]
