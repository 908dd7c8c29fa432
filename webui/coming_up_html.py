"""The items of a home page's lists of what is coming up ("Plan reviews coming up", "Your
next meetings"), each put together in one pass of Python.

``children.html`` wrote each of a SENCO's 40 reviews and 5 meetings with two or three
sentences, a link, a day and a title through Jinja's runtime, a call through the template's
context at a time. Here an item is one string, laid out as the template laid it out, so the
page is the same byte for byte, and escaped as autoescape escaped it: the page's sentences
(markup) translated once a page in its language, the names, titles and days escaped into
them; the glossary's explanations, which are markup, as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from jinja2 import pass_context
from markupsafe import Markup

from core import timefmt
from core.messaging.dashboard import ComingMeeting
from core.plans.reviews import ReviewDue
from core.wording import N_
from webui.formatting import day_in_words
from webui.glossary import page_explainer
from webui.wording import escaped, meeting_title, page_words

_PLAN = N_("%(child)s's plan")
_REVIEW_BY = N_("review by %(day)s")
_OVERDUE = N_("Overdue")
_ABOUT = N_("about %(child)s")
_DAY_AT_TIME = N_("%(day)s at %(time)s")


@pass_context
def review_items(context, reviews: Iterable[ReviewDue], today: date, plan_url: Callable[[int], str]) -> list[Markup]:
    """Each review as an item linking to its child's plan, by when, and whether overdue
    (due before ``today``), from the ``\\n    <li>`` to the ``</li>\\n  `` after it."""
    words = page_words(context)
    translated, zone, locale = words.translations.ugettext, words.zone, words.locale
    # Translated, as markup in plain strings, their values escaped and put in for each review.
    plan, review_by, overdue = translated(_PLAN), translated(_REVIEW_BY), f" <strong>{translated(_OVERDUE)}</strong>"
    items = []
    for review in reviews:
        child, day = escaped(review.known_as), escaped(timefmt.day(review.due_on, zone, locale))
        items.append(
            Markup(
                f'\n    <li><a href="{escaped(plan_url(review.child_id))}">{plan % {"child": child}}</a>'
                f'\n      <span class="meta">· {review_by % {"day": day}}</span>'
                f"{overdue if review.due_on < today else ''}</li>\n  "
            )
        )
    return items


@pass_context
def meeting_items(context, meetings: Iterable[ComingMeeting], meeting_url: Callable[[int], str]) -> list[Markup]:
    """Each meeting as an item linking to it, its title's terms explained, whose and when,
    from the ``\\n    <li>`` to the ``</li>\\n  `` after it."""
    words, explainer = page_words(context), page_explainer(context)
    translated, reading, zone, locale = words.translations.ugettext, words.reader, words.zone, words.locale
    about, day_at_time = translated(_ABOUT), translated(_DAY_AT_TIME)
    items = []
    for meeting in meetings:
        title, moment = meeting_title(meeting, reading), meeting.starts_at
        day, time = day_in_words(context, moment), timefmt.clock(moment, zone, locale)
        when = day_at_time % {"day": escaped(day), "time": escaped(time)}
        items.append(
            Markup(
                f'\n    <li><a href="{escaped(meeting_url(meeting.id))}">{escaped(title)}</a>'
                f"{explainer.explanations(title)} {about % {'child': escaped(meeting.child_known_as)}}"
                f'\n      <span class="meta">· {when}</span></li>\n  '
            )
        )
    return items
