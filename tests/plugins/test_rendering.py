"""Each built-in plugin shows its own forms on the timeline, through its own templates.

Entries are timeline entries, not yet saved, holding a form's example as the core stores
it, by a professional of the form's agency; viewers are people of every kind. Showing an
entry reads no database, so these need none (tests/webui shows entries on the page).
"""

import importlib
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from core.models import Person, PersonKind, TimelineEntry
from core.plugins import load_plugins
from core.timeline.assessment_templates import read_summary
from core.wording import English
from webui.wording import Catalogues

HOST = load_plugins()
ENGLISH = English()
ASSESSMENT_TYPES = HOST.assessment_types
AGENCIES = sorted({assessment_type.agency for assessment_type in ASSESSMENT_TYPES.values()})

# Forms as they were saved under versions that are still read but no longer written.
OLDER_VERSIONS = {
    ("social_care.early_help_assessment", 1): {
        **{
            key: value
            for key, value in ASSESSMENT_TYPES["social_care.early_help_assessment"].example.items()
            if key not in ("family_views", "lead_professional")
        },
        "family_view": "We are exhausted. Evenings are a battle & I don't know what else to try.",
    },
    ("occupational_therapy.sensory_profile", 1): {
        key: value
        for key, value in ASSESSMENT_TYPES["occupational_therapy.sensory_profile"].example.items()
        if key != "inside_the_body"
    },
    ("speech_language.communication_assessment", 1): {
        key: value
        for key, value in ASSESSMENT_TYPES["speech_language.communication_assessment"].example.items()
        if key not in ("setting", "child_view")
    },
    ("health.care_plan", 1): {
        key: value for key, value in ASSESSMENT_TYPES["health.care_plan"].example.items() if key != "emergency_contacts"
    },
    ("school.one_page_profile", 1): {
        "like_and_admire": "Kind, funny and brilliant at drawing animals.",
        "important_to_me": "My cat Biscuit, and knowing what happens next.",
        "how_to_support": "Tell me about changes before they happen & give me one instruction at a time.",
    },
}

EVERY_VERSION = sorted((key, version) for key, item in ASSESSMENT_TYPES.items() for version in item.schemas)
NOT_PARENTS = [kind for kind in PersonKind if kind is not PersonKind.PARENT]
CODE = re.compile(r"[a-z]+(_[a-z]+)*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
HOSTILE = '<script>alert("x")</script><b style="color: red" onclick="steal()">'


def plugin_of(key):
    return importlib.import_module(f"plugins.{ASSESSMENT_TYPES[key].agency}")


def stored(key, version):
    """The form's example in ``version``, dumped after loading as the core stores it."""
    assessment_type = ASSESSMENT_TYPES[key]
    example = assessment_type.example if version == assessment_type.version else OLDER_VERSIONS[(key, version)]
    schema = assessment_type.schema_for(version)
    return schema.dump(schema.load(example))


def entry(key, version, payload=None):
    return TimelineEntry(
        payload=stored(key, version) if payload is None else payload,
        payload_schema=key,
        payload_version=version,
        author=Person(full_name="Dr Fiona Marsh", kind=PersonKind.PROFESSIONAL, agency=key.split(".")[0]),
    )


def viewer(kind):
    return Person(full_name="Someone in the team", kind=kind)


def render(an_entry, kind, host=HOST, reader=ENGLISH):
    """What the timeline shows: the first answer of the hook, as the web UI asks for it."""
    return host.hook.render_timeline_entry(
        entry=an_entry,
        viewer=viewer(kind),
        assessment_type=host.assessment_types.get(an_entry.payload_schema),
        reader=reader,
    )


def reader_of(language, key):
    """A reader of ``language``, reading what the plugin of the form ``key`` generated, as the web UI gives one."""
    catalogues = Catalogues(HOST.catalogues)
    return catalogues.reader(language, "Europe/London").of_plugin(HOST.domain_of(ASSESSMENT_TYPES[key].agency))


def leaves(value):
    """Every string and number in a payload."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item)]
    return [] if value is None else [value]


def words(payload):
    """What a person wrote in the form: its text and numbers, not its codes (shown as labels instead)."""
    return [
        str(escape(leaf)) if isinstance(leaf, str) else f"{leaf:g}"
        for leaf in leaves(payload)
        if not isinstance(leaf, bool) and not (isinstance(leaf, str) and (not leaf or CODE.fullmatch(leaf)))
    ]


def made_hostile(payload):
    """The payload with every piece of free text replaced by markup that must never run."""
    if isinstance(payload, dict):
        return {key: made_hostile(item) for key, item in payload.items()}
    if isinstance(payload, list):
        return [made_hostile(item) for item in payload]
    if isinstance(payload, str) and payload and not CODE.fullmatch(payload) and not ISO_DATE.fullmatch(payload):
        return HOSTILE
    return payload


class Outline(HTMLParser):
    """The tags of a piece of HTML with their attributes, in order."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def header_cells(tags):
    """The tags inside each table's ``<thead>``."""
    inside = False
    for tag, attributes in tags:
        if tag == "thead":
            inside = True
        elif tag in ("tbody", "table"):
            inside = False
        elif inside:
            yield tag, attributes


def test_every_version_still_read_has_an_example_here():
    older = {(key, version) for key, version in EVERY_VERSION if version != ASSESSMENT_TYPES[key].version}
    assert older == set(OLDER_VERSIONS)


@pytest.mark.parametrize(("key", "version"), EVERY_VERSION)
def test_a_form_is_shown_by_its_own_plugin(key, version):
    html = render(entry(key, version), PersonKind.PROFESSIONAL)
    assert html is not None
    own = plugin_of(key).render_timeline_entry(
        entry=entry(key, version), viewer=viewer(PersonKind.PROFESSIONAL), reader=ENGLISH
    )
    assert html == own


@pytest.mark.parametrize("kind", list(PersonKind))
@pytest.mark.parametrize(("key", "version"), EVERY_VERSION)
def test_everyone_sees_the_plain_summary_under_its_three_headings(key, version, kind):
    html = render(entry(key, version), kind)
    summary = read_summary(ASSESSMENT_TYPES[key].summarise(stored(key, version), version), ENGLISH)
    parts = [
        "<h4>What was looked at</h4>",
        f"<p>{escape(summary.measured)}</p>",
        "<h4>What was found</h4>",
        f"<p>{escape(summary.found)}</p>",
        "<h4>What happens next</h4>",
        f"<p>{escape(summary.next_steps)}</p>",
    ]
    positions = [html.find(part) for part in parts]
    assert -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("language", ["pl", "ur"])
@pytest.mark.parametrize(("key", "version"), EVERY_VERSION)
def test_a_parent_reads_the_summary_and_its_headings_in_their_language(key, version, language):
    reader = reader_of(language, key)
    html = render(entry(key, version), PersonKind.PARENT, reader=reader)
    generated = ASSESSMENT_TYPES[key].summarise(stored(key, version), version)
    read, english = read_summary(generated, reader), read_summary(generated, ENGLISH)
    for heading in ("What was looked at", "What was found", "What happens next"):
        assert f"<h4>{escape(reader.gettext(None, heading))}</h4>" in html and heading not in html
    for part in ("measured", "found", "next_steps"):
        assert f"<p>{escape(getattr(read, part))}</p>" in html
        assert getattr(read, part) != getattr(english, part)


@pytest.mark.parametrize(("key", "version"), EVERY_VERSION)
def test_a_parent_sees_no_details(key, version):
    html = render(entry(key, version), PersonKind.PARENT)
    assert "Details" not in html
    assert "<table" not in html and "<h5" not in html


@pytest.mark.parametrize("kind", NOT_PARENTS)
@pytest.mark.parametrize(("key", "version"), EVERY_VERSION)
def test_everyone_but_a_parent_sees_the_form_in_detail(key, version, kind):
    html = render(entry(key, version), kind)
    assert "<h4>Details</h4>" in html
    details = html[html.index("<h4>Details</h4>") :]
    assert [word for word in words(stored(key, version)) if word not in details] == []


@pytest.mark.parametrize("kind", list(PersonKind))
@pytest.mark.parametrize(("key", "version"), EVERY_VERSION)
def test_a_form_is_shown_as_accessible_html(key, version, kind):
    html = render(entry(key, version), kind)
    tags = Outline(html).tags
    names = [tag for tag, _ in tags]
    assert "<script" not in html and " style=" not in html
    assert not any(name.startswith("on") for _, attributes in tags for name in attributes)
    assert {name for name in names if re.fullmatch(r"h\d", name)} <= {"h4", "h5"}
    assert names.count("table") == names.count("caption")
    assert [position + 1 for position, name in enumerate(names) if name == "table"] == [
        position for position, name in enumerate(names) if name == "caption"
    ]
    assert all(attributes.get("scope") in ("col", "row") for tag, attributes in tags if tag == "th")
    assert all(attributes.get("scope") == "col" for tag, attributes in header_cells(tags) if tag == "th")


@pytest.mark.parametrize("kind", list(PersonKind))
@pytest.mark.parametrize(("key", "version"), EVERY_VERSION)
def test_a_form_s_words_are_escaped_never_run_as_markup(key, version, kind):
    html = render(entry(key, version, payload=made_hostile(stored(key, version))), kind)
    tags = Outline(html).tags
    assert [tag for tag, attributes in tags if tag in ("script", "b") or "style" in attributes] == []
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("agency", "key", "version"),
    [
        (agency, key, version)
        for agency in AGENCIES
        for key, version in EVERY_VERSION
        if ASSESSMENT_TYPES[key].agency != agency
    ],
)
def test_a_plugin_leaves_other_agencies_forms_to_others(agency, key, version):
    renderer = importlib.import_module(f"plugins.{agency}").render_timeline_entry
    assert renderer(entry=entry(key, version), viewer=viewer(PersonKind.PROFESSIONAL), reader=ENGLISH) is None


@pytest.mark.parametrize("key", sorted(ASSESSMENT_TYPES))
def test_a_version_the_plugin_does_not_know_is_shown_by_the_generic_renderer(key):
    unknown = entry(key, max(ASSESSMENT_TYPES[key].schemas) + 1, payload=stored(key, ASSESSMENT_TYPES[key].version))
    shown = plugin_of(key).render_timeline_entry(entry=unknown, viewer=viewer(PersonKind.PROFESSIONAL), reader=ENGLISH)
    assert shown is None
    html = render(unknown, PersonKind.PROFESSIONAL)
    assert '<dl class="payload">' in html and "Details" not in html


def test_a_form_no_plugin_registers_is_shown_by_the_generic_renderer():
    unknown = TimelineEntry(payload={"worry": "sleep"}, payload_schema="camhs.choice_appointment", payload_version=1)
    assert all(
        importlib.import_module(f"plugins.{agency}").render_timeline_entry(
            entry=unknown, viewer=viewer(PersonKind.PROFESSIONAL), reader=ENGLISH
        )
        is None
        for agency in AGENCIES
    )
    assert render(unknown, PersonKind.PROFESSIONAL) == '<dl class="payload"><dt>worry</dt><dd>sleep</dd></dl>'


HEALTH_FORMS = [(key, version) for key, version in EVERY_VERSION if key.startswith("health.")]


@pytest.mark.parametrize(("key", "version"), HEALTH_FORMS)
@pytest.mark.parametrize("kind", NOT_PARENTS)
def test_a_health_form_still_shows_its_stored_fields_to_professionals_with_health_disabled(key, version, kind):
    host = load_plugins(disabled=["health"])
    assert "health" not in host.plugin_names() and key not in host.assessment_types
    payload = stored(key, version)
    html = render(entry(key, version, payload=payload), kind, host=host)
    assert html.startswith('<dl class="payload">')
    labels = [f"<dt>{name.replace('_', ' ')}</dt>" for name in payload]
    assert [label for label in labels if label not in html] == []
    assert [word for word in words(payload) if word not in html] == []


@pytest.mark.parametrize(("key", "version"), HEALTH_FORMS)
def test_a_parent_is_told_whom_to_ask_about_a_health_form_with_health_disabled(key, version):
    html = render(entry(key, version), PersonKind.PARENT, host=load_plugins(disabled=["health"]))
    assert html == (
        '<p class="payload-kept">The details are kept safely. Ask Dr Fiona Marsh to go through them with you.</p>'
    )


@pytest.mark.parametrize("key", sorted(ASSESSMENT_TYPES))
def test_a_parent_is_shown_no_stored_fields_of_a_version_the_plugin_does_not_know(key):
    assessment_type = ASSESSMENT_TYPES[key]
    unknown = entry(key, max(assessment_type.schemas) + 1, payload=stored(key, assessment_type.version))
    html = render(unknown, PersonKind.PARENT)
    assert "<dl" not in html and "Ask Dr Fiona Marsh" in html
