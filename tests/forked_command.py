"""A ``teamaround`` command run as a process of its own, forked from a server process that has
already imported the command's code (``multiprocessing``'s forkserver): a real process that a
test can kill -9 at any moment, that talks to the database and the mail server over their own
connections, without paying a fresh interpreter's seconds of imports each time it starts."""

import multiprocessing
import os
import pkgutil
from pathlib import Path

import plugins
import webui.api

_forks = multiprocessing.get_context("forkserver")
# The app's API and its agencies' plugins are imported as each command builds the app: a
# second or more of a run's time, unless the server has them already.
_IMPORTED_BY_THE_APP = [
    module.name
    for package in (webui.api, plugins)
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
]
_forks.set_forkserver_preload(["webui.cli", *_IMPORTED_BY_THE_APP])


class Command:
    """``teamaround <arguments>`` started with ``env`` as its whole environment; what it
    prints, to stdout or stderr, goes to the file ``output``."""

    def __init__(self, arguments: list[str], env: dict[str, str], output: Path):
        self.output = output
        self._process = _forks.Process(target=_run, args=(list(arguments), dict(env), str(output)))
        self._process.start()

    def kill(self) -> None:
        self._process.kill()
        self._process.join(10)

    def finished(self, timeout: float = 60) -> tuple[int | None, str]:
        """Wait for it to end; its exit code (None if it did not end in time) and what it printed."""
        self._process.join(timeout)
        return self._process.exitcode, self.output.read_text()


def _run(arguments: list[str], env: dict[str, str], output: str) -> None:
    os.environ.clear()
    os.environ.update(env)
    with open(output, "w") as file:
        os.dup2(file.fileno(), 1)
        os.dup2(file.fileno(), 2)
    from webui.cli import main

    main(arguments, prog_name="teamaround")  # exits with the command's exit code
