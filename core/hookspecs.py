"""Hook specifications: every way a plugin can extend Teamaround.

Each hook is called with keyword arguments; an implementation takes only the ones
it needs. ``register_*`` hooks run once at start-up; their results are checked and
frozen by :mod:`core.plugins`.
"""

import pluggy

hookspec = pluggy.HookspecMarker("teamaround")
hookimpl = pluggy.HookimplMarker("teamaround")


@hookspec
def register_agencies():
    """Called once at start-up. Return a list of :class:`core.Agency` this plugin adds."""


@hookspec
def register_assessment_types():
    """Called once at start-up. Return a list of :class:`core.AssessmentType`."""


@hookspec
def register_glossary_terms():
    """Called once at start-up. Return a list of :class:`core.GlossaryTerm` for parents."""


@hookspec
def register_blueprints():
    """Called once when the web app is built. Return a list of Flask blueprints to serve."""


@hookspec
def availability_slots(person, start, end, db, zone):
    """Called when finding a meeting time. Return a list of :class:`core.OfferedSlot`
    that ``person`` is available in between the aware datetimes ``start`` and ``end``
    (an empty list: they keep times with this plugin, none of them in the window), or
    None when this plugin keeps no times for ``person``; ``zone`` is the school's time
    zone name, for rotas kept in local time. Finding a time is a read: read from ``db``,
    never change records in it (the session refuses)."""


@hookspec(firstresult=True)
def render_timeline_entry(entry, viewer, assessment_type, reader):
    """Called to show the form an entry carries (an assessment's answers, its ``payload``)
    to ``viewer``, in the language of ``reader`` (a :class:`core.wording.Translator`), below
    the title, words and author the page shows itself; never for an entry without one.
    ``entry`` holds the entry's values under :class:`core.models.TimelineEntry`'s names
    (``payload``, ``payload_schema``, ``payload_version``, ``parent_summary``...), and names
    its author by ``author.id`` and ``author.full_name`` only (a page reads them as values:
    :class:`core.timeline.reading.ReadEntry`).
    Return HTML (a markupsafe ``Markup``) or None to let another plugin answer; the first
    answer wins. A generic renderer answers last, so an entry whose plugin is gone still shows.
    Answer from these arguments (and records in the database) alone, never from the clock or
    a service elsewhere: a page is kept as rendered until a record it shows changes
    (webui.kept_pages), so the same arguments must give the same HTML."""


@hookspec(firstresult=True)
def assessment_form_template(assessment_type):
    """Called when someone opens the form to record an ``assessment_type``, and again when
    it comes back with errors. Return the name of the Jinja template to show (one in a
    blueprint's template folder, see ``register_blueprints``), or None to let another
    plugin answer; the first answer wins. The generic form built from the schema,
    ``assessment_form.html``, answers last; a plugin's template extends it and fills its
    ``payload_fields`` block with inputs named as the generic form names them."""


@hookspec
def decorate_calendar_event(event, meeting, attendee):
    """Called for each exported calendar event. Modify the icalendar ``event`` in place
    (a location note, an accessibility note); the core owns UID, SEQUENCE, times,
    organiser, attendees and METHOD. ``meeting`` is a :class:`core.meetings.ical.CalendarMeeting`,
    what a calendar shows of the meeting and no more (no notes, no agenda, nothing of the
    child's needs); ``attendee`` is the recipient's :class:`core.meetings.ical.CalendarAttendee`, or
    None for the organiser. Both are immutable. Return nothing."""


@hookspec
def timeline_entry_posted(entry, db, zone):
    """Called after a new timeline entry is flushed, inside the same transaction.
    React to it (queue a notification); return nothing. ``zone`` is the school's time zone,
    in which words kept for the entry read a time; it may be None for an entry whose words a
    person typed, which name no time for the core to read."""


@hookspec(firstresult=True)
def ehc_timescales():
    """Called when an EHC case's due dates are worked out. Return a
    :class:`core.Timescales`, the table of a nation's timescales for the EHC needs
    assessment and plan (Wales's, Scotland's), each with its source; or None to let
    another plugin answer. The first answer wins; the core answers England's (the SEND
    Code of Practice 0 to 25, 2015) last. A case keeps the due dates worked out when each
    stage began: installing a plugin changes the stages that begin afterwards."""


@hookspec
def referral_questions(agency):
    """Called when a referral to ``agency`` (an agency's code) is shown or made. Return a
    list of :class:`core.ReferralQuestion` the agency asks beyond the core's own questions,
    or None for an agency that is not this plugin's. Answers are checked by the core: a
    required question left blank refuses the referral with the question's field."""
