"""A reader's page answered again from the HTML rendered for them, while nothing it shows has changed
(and an API read's JSON likewise, :func:`api_answer`): a child's timeline, plan and meetings, the
home page, and the API's timeline read.

A parent opens her child's timeline many times a day, and between two looks it has mostly
not changed; rendering it costs about ten plain pages (bench/RESULTS.md, issue 25). So the
page rendered for a reader is kept, in this process, under what makes it that page: the
reader, the path with its query, the language, the script root and the school's time zone
(and what else a page depends on: the plan its day, the meetings and the home page their
minute, the home page the reader's last look at a timeline, which the audit log holds; one
page for each reader and address, replaced when that moves on);
and it is kept only while the database's data version (core.models.data_version) is the one
it was rendered at. That number changes whenever the database writes a row a page may show,
and is read with the signed-in person and their unread count, in the request's first
statement, before anything the page shows: while it is the same, nothing the page read has
changed (the home page's reading of the audit log aside, which it is kept under too:
``KeptPage.newest``), and the page
kept is the page a new rendering would make. A request that reads
another number drops every page kept, so nothing rendered from records since changed (a
consent withdrawn, a case erased) stays in memory past the next request.

What is kept is the reader's own and answered only to them: the key holds their id, and
nobody else's page is ever looked up under it. Two parts of a page are not the same from
one answer to the next, and neither is kept: the CSRF token, signed with the time, is cut
out and a new one put in at each answer; and a page with messages waiting to be shown once
(flashed) is rendered, not kept. Each answer from what is kept audits the read (``again``), as
a rendering does. It does not ask the access policy again: the page was rendered only once the
policy let its reader see it, and the policy decides from the person and the records alone
(core.access.child_access), none of which has changed at the same data version; the person is
read afresh at each request, and their key is theirs alone. A request that read the number
before a change committed (access withdrawn) is answered as of that number, as one rendered
then would be; the next reads the new number. The links to static files carry their
versions as the process found them: a deployment that changes those files restarts it.

On PostgreSQL a page read again is answered ahead: audited in the request's first statement,
with the session (or an API read's bearer token), rather than in a second round trip as dear
as the first. A page that depends on nothing but its records, what is known before they
are read (its address, and its day or minute, worked out afresh by ``also_now``) and its
reader's newest event of an action (the home page: their last look at a timeline, which the
statement reads again) can be, and its events are noted when it is kept. When the same
session asks for the same address again, and the page is still kept at the data version the
process last read, the session's statement appends those events if the data version is still
that one, the reader's newest event is still the page's, and the session opens the page
(:func:`ahead_of`, core.records.audit.Ahead); if they were appended, that page is the answer,
as of that moment. Otherwise the request goes on as any other. The events are
then written before the answer is made, not just before it is sent: a request that fails in
between (the database gone before the session's "last seen" is written) leaves the read
audited, as a read whose answer was lost on its way is.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, NamedTuple

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from core.records import audit
from webui.database import get_db

_EXTENSION = "teamaround.kept_pages"
# Kept in the request's environ, not in ``g``, which a caller's app context may carry from
# one request to the next.
_AHEAD = "teamaround.kept_page_ahead"
_REQUEST_FROM = "teamaround.kept_page_request_from"
_NEWEST_STILL = "teamaround.kept_page_newest_still"


class KeptPage(NamedTuple):
    pieces: tuple[str, ...]  # the page cut where its CSRF token stood
    read: Any  # what ``again`` needs to read the page again (the entries it showed)
    size: int  # characters
    # What else it was rendered for (its day, its minute): one page a reader and address, so
    # that pages of minutes gone do not crowd out the pages that can still be answered.
    also: tuple = ()
    # What reading it again audits, and ``also`` worked out afresh: given, the page may be
    # answered ahead (see the module's docstring).
    events: tuple = ()
    also_now: Callable[[], tuple] | None = None
    # The reader's newest event of an action the page was rendered after (the home page: their
    # last look at a timeline), which only the database knows afresh.
    newest: audit.Newest | None = None


class KeptPages:
    """The pages one process keeps at one data version, the least recently answered dropped
    past ``budget`` characters. Shared by the process's threads."""

    def __init__(self, budget: int) -> None:
        self.budget, self.size, self.data_version = budget, 0, None
        self._pages: OrderedDict[Hashable, KeptPage] = OrderedDict()
        # The key of the page last answered to a request from a session at an address (see
        # :func:`ahead_of`): a page may be answered to several.
        self._answered: dict[Hashable, Hashable] = {}
        self._lock = threading.Lock()

    def get(
        self, data_version: int, key: Hashable, also: tuple = (), newest: audit.Newest | None = None
    ) -> KeptPage | None:
        with self._lock:
            self._keep_to(data_version)
            page = self._pages.get(key)
            if page is None or page.also != also or page.newest != newest:
                return None
            self._pages.move_to_end(key)
            return page

    def answered(self, data_version: int, request_from: Hashable, key: Hashable) -> None:
        """The page kept under ``key`` at ``data_version`` answered the request ``request_from``."""
        with self._lock:
            if data_version == self.data_version and key in self._pages:
                if len(self._answered) >= _ANSWERED_AT_MOST:
                    self._answered.clear()
                self._answered[request_from] = key

    def ahead(self, request_from: Hashable) -> tuple[int, Hashable, KeptPage] | None:
        """The data version, key and page that answered ``request_from`` last, if it is still
        kept and may be answered ahead now."""
        with self._lock:
            key = self._answered.get(request_from)
            page = self._pages.get(key) if key is not None else None
            if page is None or page.also_now is None:
                return None
            self._pages.move_to_end(key)
            data_version = self.data_version
        return (data_version, key, page) if page.also_now() == page.also else None

    def put(self, data_version: int, key: Hashable, page: KeptPage) -> None:
        if page.size > self.budget:
            return
        with self._lock:
            self._keep_to(data_version)
            if (replaced := self._pages.pop(key, None)) is not None:
                self.size -= replaced.size
            self._pages[key] = page
            self.size += page.size
            while self.size > self.budget:
                _, dropped = self._pages.popitem(last=False)
                self.size -= dropped.size

    def _keep_to(self, data_version: int) -> None:
        """Drop every page rendered at another data version: none can be answered again."""
        if data_version != self.data_version:
            self._pages.clear()
            self._answered.clear()
            self.size, self.data_version = 0, data_version


# Sessions and addresses remembered at one data version before they are forgotten together: a
# dict entry each (about 200 bytes), so that a process read without writes for days does not
# grow without end.
_ANSWERED_AT_MOST = 20_000


def end_of_the_minute(moment: datetime) -> datetime:
    """The time a page said of the clock at ``moment`` is worked out for, and kept under: the end
    of its minute, so that every answer within the minute is the same page (a meeting ending
    within it is over)."""
    return moment.replace(second=59, microsecond=999999)


def answer(
    render: Callable[[], tuple[str, Any]],
    again: Callable[[Any], object],
    *,
    also: tuple = (),
    also_now: Callable[[], tuple] | None = None,
    read_newest: Callable[[], audit.Newest] | None = None,
) -> str:
    """The page ``render`` makes for the signed-in reader (its HTML, and what ``again`` needs
    to read it again), or the one kept for them if nothing it shows has changed since;
    ``also``: what else the page depends on besides the records (the day, for a page that
    says what is overdue), and ``also_now`` how to work it out afresh before anything is read,
    if it can be (then the page may be answered ahead; a page with no ``also`` always may);
    ``read_newest``: how to read the reader's newest event of an action the page depends on too,
    read only when the page is not answered ahead (whose statement checks it)."""
    if "_flashes" in session and _AHEAD not in request.environ:  # flashed after it was audited ahead: kept
        return render()[0]
    token = str(escape(generate_csrf()))
    if also_now is None and not also:
        also_now = tuple
    return _kept_or_rendered(
        current_user.data_version, current_user.person.id, render, again, token, also, also_now, read_newest
    )


def ahead_of(secret: str) -> audit.Ahead | None:
    """The read to audit with the statement that signs in the session or bearer token behind
    ``secret`` (core.people.sessions.resume, core.people.tokens.authenticate), when this request
    is one a kept page answered before for the same secret; then :func:`audited_ahead` says
    whether it was. Called before anything else reads, for every request a kept page may answer."""
    if request.method not in ("GET", "HEAD") or "_flashes" in session:
        return None
    request_from = request.environ[_REQUEST_FROM] = _request_from(secret)
    found = current_app.extensions[_EXTENSION].ahead(request_from)
    if found is None:
        return None
    kept_at, key, page = found
    request.environ[_AHEAD] = (key, page)
    return audit.Ahead(kept_at, key[0], page.events, page.newest)


def audited_ahead(audited: bool, newest_still: bool = False) -> None:
    """Whether the read :func:`ahead_of` named was audited: if so its page is the answer; if
    not, whether its reader's newest event it was kept under is still that (the statement
    that signs in read it, on SQLite): if so the page need not read it again."""
    if audited:
        return
    ahead = request.environ.pop(_AHEAD, None)
    if newest_still and ahead is not None:
        request.environ[_NEWEST_STILL] = (ahead[0], ahead[1].newest)


def _request_from(secret: str) -> bytes:
    # The session or token behind ``secret``, the view and the key's parts, with what the key is
    # worked out from: the language the browser asks for (the reader's own, if they chose one,
    # is in their record, so at the data version). As a digest: neither the secret nor what a
    # caller sends (a long header) is kept.
    asked = (secret, request.endpoint, request.full_path, request.script_root, request.headers.get("Accept-Language"))
    return hashlib.sha256(repr(asked).encode()).digest()


def api_answer(render: Callable[[], tuple[str, Any]], again: Callable[[Any], object]) -> Response:
    """An API read's JSON as :func:`answer` keeps a page: for whoever a token or a session
    signs in (``g.api_person``), at the data version read with them (``g.data_version``)."""
    body = _kept_or_rendered(g.data_version, g.api_person.id, render, again, None, also_now=tuple)
    return current_app.response_class(body, mimetype="application/json")


def _kept_or_rendered(
    data_version, reader_id: int, render, again, token: str | None, also: tuple = (), also_now=None, read_newest=None
) -> str:
    """What ``render`` makes, or what it made before for the same reader, address and ``also``
    at the same data version, with ``token`` (the CSRF token, cut out when kept) put in anew;
    the page answered ahead if it was (:func:`ahead_of`)."""
    if data_version is None:
        return render()[0]
    key = (reader_id, request.full_path, str(get_locale()), request.script_root, current_app.config["TIMEZONE"])
    pages: KeptPages = current_app.extensions[_EXTENSION]
    if (ahead := request.environ.pop(_AHEAD, None)) is not None:
        if ahead[0] == key:
            return token.join(ahead[1].pieces) if token else ahead[1].pieces[0]
        # Cannot happen: the key is worked out from what the guess was made under. Audited
        # twice is better than not at all.
        current_app.logger.error("a page audited ahead was not the page asked for: %r", ahead[0])
    if (still := request.environ.pop(_NEWEST_STILL, None)) is not None and still[0] == key:
        newest = still[1]  # as the statement that signed the reader in read it
    else:
        newest = read_newest() if read_newest is not None else None
    if (kept := pages.get(data_version, key, also, newest)) is not None:
        again(kept.read)
    else:
        text, read = render()
        events = audit.events_of(get_db(), lambda: again(read)) if also_now is not None else ()
        pieces = tuple(text.split(token)) if token else (text,)
        kept = KeptPage(pieces, read, len(text), also, events, also_now, newest)
        pages.put(data_version, key, kept)
    if (request_from := request.environ.get(_REQUEST_FROM)) is not None and kept.also_now is not None:
        pages.answered(data_version, request_from, key)
    return token.join(kept.pieces) if token else kept.pieces[0]


def init_app(app: Flask) -> None:
    app.config.setdefault("KEPT_PAGES_CHARACTERS", 8_000_000)
    app.extensions[_EXTENSION] = KeptPages(int(app.config["KEPT_PAGES_CHARACTERS"]))
