"""What the schemathesis run (test_api_fuzz.py) sends for dates and times: the ends of the
calendar and offsets no zone has beside ordinary days (issue 17: such values were accepted
and then broke pages). Integers need nothing here: the schema states each id's bounds, and
schemathesis's coverage phase sends the values on either side of them."""

from datetime import date, datetime, timedelta, timezone

import one_ast_parse_at_a_time  # noqa: F401  (before hypothesis parses anything)
import schemathesis
from hypothesis import strategies as st

EDGE_MOMENTS = [
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "1899-12-31T23:59:59+00:00",
    "9999-12-31T20:00:00-14:00",
    "9999-12-31T23:59:59-23:59",
]
EDGE_DAYS = ["0001-01-01", "1899-12-31", "9999-12-31"]

# ISO 8601 allows offsets up to 23:59 either way.
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
soon = timedelta(days=60)
moments = st.one_of(
    st.sampled_from(EDGE_MOMENTS),
    st.datetimes(min_value=datetime.now() - soon, max_value=datetime.now() + soon, timezones=offsets).map(
        datetime.isoformat
    ),
    st.datetimes(timezones=offsets).map(datetime.isoformat),
)
days = st.one_of(
    st.sampled_from(EDGE_DAYS),
    st.dates(min_value=date.today() - soon, max_value=date.today() + soon).map(date.isoformat),
    st.dates().map(date.isoformat),
)

schemathesis.openapi.format("date-time", moments)
schemathesis.openapi.format("date", days)
