"""Progress charts say what they show in words, and carry their figures as a table."""

import re
from datetime import date

import pytest

from webui.charts import WIDTH, chart_words, progress_chart


@pytest.fixture(autouse=True)
def request_context(app):
    """The chart's words and dates are in the reader's language: it is drawn inside a request."""
    with app.test_request_context():
        yield


def chart(readings):
    return str(
        progress_chart(
            chart_id="o1",
            title="Words read",
            unit="words",
            baseline=(date(2026, 9, 1), 10),
            target=(date(2027, 3, 1), 40),
            readings=readings,
            summary="On track: 25 words.",
            words=chart_words(),
        )
    )


def test_the_chart_is_an_image_named_and_described_for_screen_readers():
    svg = chart([(date(2026, 11, 1), 20)])
    assert 'role="img"' in svg and 'aria-labelledby="o1-title o1-desc"' in svg
    assert '<title id="o1-title">Words read</title>' in svg and "On track: 25 words." in svg


def test_the_expected_line_and_the_readings_differ_by_more_than_colour():
    svg = chart([(date(2026, 11, 1), 20), (date(2027, 1, 1), 30)])
    assert 'stroke-dasharray="6 4"' in svg and svg.count('<rect class="reading"') == 2


def test_the_figures_are_also_a_table():
    svg = chart([(date(2026, 11, 1), 20)])
    assert "<caption>Words read: the readings</caption>" in svg
    assert "<td>Sunday 1 November 2026</td><td><bdi>20 words</bdi></td>" in svg


def test_a_chart_with_no_readings_says_so():
    assert "No readings yet" in chart([])


def chart_in(app, language, readings):
    """The chart as a reader of ``language`` gets it (a context of its own: the locale is kept per context)."""
    with app.app_context(), app.test_request_context(headers={"Accept-Language": language}):
        return chart(readings)


def positions(svg, tag):
    """The x of each ``tag`` in the chart, in the order drawn (markers: by reading date)."""
    return [float(x) for x in re.findall(rf'<{tag}[^>]* x="([\d.]+)"', svg)]


def test_the_months_on_the_time_axis_are_in_the_readers_language(app):
    svg = chart_in(app, "pl", [(date(2026, 11, 1), 20)])
    assert ">wrz 2026</text>" in svg and ">mar 2027</text>" in svg


def test_in_a_language_read_from_the_right_time_runs_from_right_to_left(app):
    readings = [(date(2026, 11, 1), 20), (date(2027, 1, 1), 30)]
    left_to_right = positions(chart_in(app, "en", readings), "rect")
    svg = chart_in(app, "ur", readings)
    earlier, later = positions(svg, "rect")
    assert left_to_right[0] < left_to_right[1] and earlier > later
    assert earlier == pytest.approx(WIDTH - left_to_right[0] - 6)  # mirrored: the marker is 6 wide
    assert ">ستمبر 2026</text>" in svg
