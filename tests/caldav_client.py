"""Talking to the CalDAV server the tests start: plain HTTP requests, and the server's own
answer to "which events overlap this time?"."""

from __future__ import annotations

import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime


def caldav(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def hrefs_between(collection: str, start: datetime, end: datetime) -> list[str]:
    """The names of the items the server itself finds overlapping [start, end), both UTC: a
    CalDAV calendar-query REPORT with a time-range filter (RFC 4791 7.8), so the server's own
    reading of DTSTART, TZID and VTIMEZONE decides."""
    query = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start:%Y%m%dT%H%M%SZ}" end="{end:%Y%m%dT%H%M%SZ}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""
    status, body = caldav("REPORT", collection, query.encode(),
                          {"Content-Type": "application/xml; charset=utf-8", "Depth": "1"})
    assert status == 207
    hrefs = [href.text.rsplit("/", 1)[-1] for href in ET.fromstring(body).iter("{DAV:}href")]
    return [urllib.parse.unquote(href) for href in hrefs if href]
