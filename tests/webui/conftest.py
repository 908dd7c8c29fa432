"""Helpers for the tests of the pages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest


@dataclass
class ErrorSummary:
    """The links of a page's error summary, and those that do not lead to exactly one element."""

    links: list[str]
    broken: list[str]


class _SummaryReader(HTMLParser):
    """Counts every id on a page and collects the fragment links inside ``div.error-summary``."""

    def __init__(self):
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.links: list[str] = []
        self._open_divs = 0  # inside the summary: how many of its divs are still open

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag == "div" and (self._open_divs or "error-summary" in (attrs.get("class") or "").split()):
            self._open_divs += 1
        elif tag == "a" and self._open_divs and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])

    def handle_endtag(self, tag):
        if tag == "div" and self._open_divs:
            self._open_divs -= 1


@pytest.fixture
def error_summary():
    """``error_summary(html)``: the page's error-summary links, and those whose target is
    missing or shared by two elements (the link would take the reader to the wrong field)."""

    def read(html: str) -> ErrorSummary:
        reader = _SummaryReader()
        reader.feed(html)
        return ErrorSummary(links=reader.links, broken=[link for link in reader.links if reader.ids[link] != 1])

    return read
