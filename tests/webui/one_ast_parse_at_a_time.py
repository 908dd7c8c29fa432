"""Python 3.11's ``ast.parse`` run by two threads at once can fail with "SystemError: AST
constructor recursion depth mismatch" (CPython gh-106905, fixed in 3.12): the depth it
counts is the module's, shared by every thread. schemathesis runs two workers (threads) in
one process, and hypothesis parses source files with ``ast.parse`` to describe the lambdas
of its strategies, so a run failed now and then on the interpreter's bug, not on the API.
The schemathesis hooks modules import this: in that process ``ast.parse`` runs one call at
a time. Nothing in the app's own process is changed."""

import ast
import sys
import threading

if sys.version_info < (3, 12):
    _parse, _one_at_a_time = ast.parse, threading.Lock()

    def _parse_alone(*arguments, **options):
        with _one_at_a_time:
            return _parse(*arguments, **options)

    ast.parse = _parse_alone
