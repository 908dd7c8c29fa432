"""A professional records their agency's assessment from a form built from the plugin's schema,
or from the plugin's own form where it has one."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from conftest import PASSWORD
from markupsafe import escape
from sqlalchemy import select
from summaries import in_english

from core.models import TimelineEntry
from core.people import consent
from core.timeline import entries as timeline
from core.types import utcnow
from webui.assessment_forms import form_fields

TARGETS = "speech_language.therapy_targets"
COMMUNICATION = "speech_language.communication_assessment"
SENSORY_PROFILE = "occupational_therapy.sensory_profile"
SENSES = ("auditory", "visual", "touch", "movement", "body_awareness", "oral", "inside_the_body")


class PayloadInputs(HTMLParser):
    """The form's answers by name, with the kind of control each is (``radio``, ``select``, ``textarea``...)."""

    def __init__(self, html):
        super().__init__()
        self.controls = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("input", "select", "textarea") and attributes.get("name", "").startswith("payload."):
            self.controls[attributes["name"]] = attributes.get("type", "text") if tag == "input" else tag


def answers(form_field):
    """The names the generic form gives a schema field's answers."""
    if form_field.control == "group":
        return [name for child in form_field.children for name in answers(child)]
    if form_field.control == "rows":
        return [name for row in form_field.rows for child in row for name in answers(child)]
    return [form_field.name]


@pytest.fixture
def occupational_therapist(db, child_team):
    consent.record_consent(db, child_team.senco, child_team.child.id, "occupational_therapy")
    return child_team.ot_without_consent


def sensory_profile_answers(**changes):
    data = {f"payload.{sense}.pattern": "typical" for sense in SENSES}
    data.update({
        "payload.auditory.pattern": "avoiding", "payload.auditory.note": "covers her ears in assembly",
        "payload.inside_the_body.pattern": "avoiding", "payload.inside_the_body.note": "upset when hungry",
        "payload.strategies": "Ear defenders in assembly\nA snack at morning break",
        "payload.review_date": "2027-02-05", "visibility": "team", **changes,
    })
    return {name: value for name, value in data.items() if value is not None}


def test_the_form_lists_the_schemas_fields_with_rows_for_lists(client, auth, child_team):
    auth.login(child_team.slt)
    page = client.get(f"/children/{child_team.child.id}/assessments/{TARGETS}").get_data(as_text=True)
    assert 'name="payload.targets.0.target"' in page and 'name="payload.targets.2.by_when"' in page
    assert 'type="date"' in page


def test_a_wrong_answer_shows_the_error_summary_and_keeps_the_answers(client, auth, child_team, db):
    auth.login(child_team.slt)
    response = client.post(f"/children/{child_team.child.id}/assessments/{TARGETS}", data={
        "payload.targets.0.target": "Use 3-word sentences", "payload.targets.0.how_measured": "",
        "payload.targets.0.by_when": "2027-07-01", "visibility": "team"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#payload-targets-0-how_measured"' in page and "Use 3-word sentences" in page
    assert db.scalars(select(TimelineEntry)).all() == []


def test_a_corrected_form_is_recorded_with_its_schema_and_version(client, auth, child_team, db):
    auth.login(child_team.slt)
    response = client.post(f"/children/{child_team.child.id}/assessments/{TARGETS}", data={
        "payload.targets.0.target": "Use 3-word sentences", "payload.targets.0.how_measured": "In 4 of 5 tries",
        "payload.targets.0.by_when": "2027-07-01", "payload.home_ideas": "Name toys at bath time\nRead together",
        "visibility": "team"})
    assert response.status_code == 302
    entry = db.scalars(select(TimelineEntry)).one()
    assert (entry.payload_schema, entry.payload_version) == (TARGETS, 1)
    assert entry.payload["home_ideas"] == ["Name toys at bath time", "Read together"]


def test_a_professional_is_offered_only_their_own_agencys_assessments(client, auth, child_team):
    auth.login(child_team.slt)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert f"/assessments/{TARGETS}" in page and "/assessments/health." not in page


def test_an_agency_with_a_form_of_its_own_serves_it(client, auth, child_team, occupational_therapist):
    auth.login(occupational_therapist)
    page = client.get(f"/children/{child_team.child.id}/assessments/{SENSORY_PROFILE}").get_data(as_text=True)
    controls = PayloadInputs(page).controls
    assert {controls[f"payload.{sense}.pattern"] for sense in SENSES} == {"radio"}
    assert "Signals from inside the body (interoception)" in page


def test_a_form_of_its_own_asks_for_every_answer_of_the_current_version(
    client, auth, host, child_team, occupational_therapist
):
    auth.login(occupational_therapist)
    page = client.get(f"/children/{child_team.child.id}/assessments/{SENSORY_PROFILE}").get_data(as_text=True)
    assessment_type = host.assessment_types[SENSORY_PROFILE]
    generic = form_fields(assessment_type.schema_for(assessment_type.version))
    assert set(PayloadInputs(page).controls) == {name for form_field in generic for name in answers(form_field)}


def test_an_agency_without_a_form_of_its_own_gets_the_generic_form(client, auth, child_team):
    auth.login(child_team.slt)
    page = client.get(f"/children/{child_team.child.id}/assessments/{COMMUNICATION}").get_data(as_text=True)
    controls = PayloadInputs(page).controls
    assert controls["payload.setting"] == "select"
    assert controls["payload.standardised_scores.2.standard_score"] == "number"


def test_answers_on_a_form_of_its_own_are_recorded_in_the_current_version(
    client, auth, child_team, occupational_therapist, db
):
    auth.login(occupational_therapist)
    response = client.post(
        f"/children/{child_team.child.id}/assessments/{SENSORY_PROFILE}", data=sensory_profile_answers()
    )
    assert response.status_code == 302
    entry = db.scalars(select(TimelineEntry)).one()
    assert (entry.payload_schema, entry.payload_version) == (SENSORY_PROFILE, 2)
    assert entry.payload["inside_the_body"] == {"pattern": "avoiding", "note": "upset when hungry"}
    assert entry.payload["strategies"] == ["Ear defenders in assembly", "A snack at morning break"]


def test_a_sense_left_unanswered_on_a_form_of_its_own_is_pointed_to_and_the_answers_kept(
    client, auth, child_team, occupational_therapist, db
):
    auth.login(occupational_therapist)
    response = client.post(
        f"/children/{child_team.child.id}/assessments/{SENSORY_PROFILE}",
        data=sensory_profile_answers(**{"payload.inside_the_body.pattern": None, "payload.inside_the_body.note": None}),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#payload-inside_the_body"' in page and '<fieldset id="payload-inside_the_body">' in page
    assert 'name="payload.auditory.pattern" value="avoiding" checked' in page
    assert db.scalars(select(TimelineEntry)).all() == []


@pytest.fixture
def communication_assessment(db, host, child_team):
    """A communication assessment recorded for the whole team while speech and language therapy was loaded."""
    assessment_type = host.assessment_types[COMMUNICATION]
    data = {"assessment_type": COMMUNICATION, "payload": dict(assessment_type.example), "visibility": "team"}
    return timeline.post_assessment(db, child_team.slt, child_team.child.id, data, host=host)


@pytest.fixture
def client_without_speech_language(connection, monkeypatch):
    """A browser on the web app started with TEAMAROUND_DISABLED_PLUGINS=speech_language."""
    from webui import create_app

    monkeypatch.setenv("TEAMAROUND_DISABLED_PLUGINS", "speech_language")
    app = create_app(
        {
            "TESTING": True,
            "DB_BIND": connection,
            "SECRET_KEY": "test",
            "PASSWORD_PROFILE": "cheapest",
            "WTF_CSRF_ENABLED": False,
        }
    )
    assert "speech_language" not in app.extensions["teamaround.plugins"].plugin_names()
    return app.test_client()


def timeline_page_without_speech_language(client, person, child):
    client.post("/login", data={"email": person.email, "password": PASSWORD})
    return client.get(f"/children/{child.id}")


def test_an_assessment_shows_on_the_timeline_after_its_plugin_is_disabled(
    communication_assessment, client_without_speech_language, child_team
):
    response = timeline_page_without_speech_language(client_without_speech_language, child_team.senco, child_team.child)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Communication assessment" in page and '<dl class="payload">' in page
    assert "<dt>receptive language</dt>" in page and "loses track of longer ones" in page


def test_a_parent_is_told_whom_to_ask_about_an_assessment_whose_plugin_is_disabled(
    communication_assessment, client_without_speech_language, child_team
):
    response = timeline_page_without_speech_language(
        client_without_speech_language, child_team.parent, child_team.child
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Communication assessment" in page
    assert "The details are kept safely. Ask Owen Davies to go through them with you." in page
    assert "CELF-5 UK" not in page and "receptive language" not in page


def therapy_targets_answers(**changes):
    soon = (utcnow().date() + timedelta(days=120)).isoformat()
    return {"payload.targets.0.target": "Use 3-word sentences", "payload.targets.0.how_measured": "In 4 of 5 tries",
            "payload.targets.0.by_when": soon, "payload.home_ideas": "Name toys at bath time", "visibility": "team",
            **changes}


@pytest.fixture
def generated_summary(host):
    """The summary the therapy targets form writes of ``therapy_targets_answers()``."""
    from webui.assessment_forms import payload_from_form

    assessment_type = host.assessment_types[TARGETS]
    schema = assessment_type.schema_for(assessment_type.version)
    payload = schema.dump(schema.load(payload_from_form(schema, therapy_targets_answers())))
    return in_english(assessment_type.summarise(payload, assessment_type.version))


def preview(client, child_team, **changes):
    return client.post(f"/children/{child_team.child.id}/assessments/{TARGETS}",
                       data=therapy_targets_answers(step="preview", **changes))


def test_a_therapist_reads_the_familys_summary_in_a_box_to_edit_before_saving(
    client, auth, db, child_team, generated_summary
):
    auth.login(child_team.slt)
    response = preview(client, child_team)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'name="parent_summary.found" rows="3">{escape(generated_summary.found)}</textarea>' in page
    assert db.scalars(select(TimelineEntry)).all() == []


def test_the_preview_shows_the_summary_as_the_family_will_see_it(client, auth, child_team, generated_summary):
    auth.login(child_team.slt)
    page = preview(client, child_team).get_data(as_text=True)
    shown = page.split('id="family-preview-title"', 1)[1]
    assert f"<p>{escape(generated_summary.next_steps)}</p>" in shown


def save_with_summary(client, child_team, generated_summary, found):
    """Save the form with the family's summary as generated but for what was found."""
    edited = {"parent_summary.measured": generated_summary.measured, "parent_summary.found": found,
              "parent_summary.next_steps": generated_summary.next_steps}
    return client.post(f"/children/{child_team.child.id}/assessments/{TARGETS}", data=therapy_targets_answers(**edited))


def test_the_summary_is_saved_as_the_therapist_edited_it(client, auth, db, child_team, generated_summary):
    auth.login(child_team.slt)
    response = save_with_summary(client, child_team, generated_summary, "Leo is using more words.")
    assert response.status_code == 302
    assert db.scalars(select(TimelineEntry)).one().parent_summary["found"] == "Leo is using more words."


def test_a_part_of_the_summary_left_empty_is_pointed_to(client, auth, child_team, generated_summary, error_summary):
    auth.login(child_team.slt)
    response = save_with_summary(client, child_team, generated_summary, " ")
    assert response.status_code == 400
    summary = error_summary(response.get_data(as_text=True))
    assert summary.links == ["parent_summary-found"] and summary.broken == []


def test_a_saved_assessment_is_confirmed_in_the_readers_language(client, auth, db, child_team):
    from core.people import accounts

    accounts.update_preferences(db, child_team.slt, {"language": "pl"})
    auth.login(child_team.slt)
    page = client.post(f"/children/{child_team.child.id}/assessments/{TARGETS}", data=therapy_targets_answers(),
                       follow_redirects=True).get_data(as_text=True)
    assert "cele terapii logopedycznej" in page and "speech and language therapy targets" not in page
