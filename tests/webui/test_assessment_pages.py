"""A professional records their agency's assessment from a form built from the plugin's schema."""

from sqlalchemy import select

from core.models import TimelineEntry

TARGETS = "speech_language.therapy_targets"


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
