"""What plugins registered (agency names, roles, forms, glossary explanations) reads in the reader's language,
from each plugin's own catalogue."""

from core.people import accounts


def test_a_polish_parent_reads_the_teams_roles_and_agencies_in_polish(client, auth, db, child_team):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}/team").get_data(as_text=True)
    assert "Logopeda" in page and "Logopedia" in page
    assert "Speech and language therapist" not in page


def test_a_polish_reader_reads_the_glossarys_explanations_in_polish(client, auth, db, child_team):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    page = client.get("/glossary").get_data(as_text=True)
    assert "Jak dobrze dziecko rozumie, co mówią do niego inni." in page
    assert "How well a child understands what other people say to them." not in page


def test_an_assessments_own_title_reads_in_the_readers_language(client, auth, db, child_team, host):
    from core.timeline import entries as timeline

    example = host.assessment_types["speech_language.communication_assessment"].example
    timeline.post_assessment(db, child_team.slt, child_team.child.id,
                             {"assessment_type": "speech_language.communication_assessment", "payload": example,
                              "visibility": "team"}, host=host)
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "<h3>Ocena komunikacji" in page


def test_an_assessment_saved_before_titles_were_words_reads_in_the_readers_language(
    client, auth, db, child_team, host
):
    from core.timeline import entries as timeline

    example = host.assessment_types["speech_language.communication_assessment"].example
    entry = timeline.post_assessment(db, child_team.slt, child_team.child.id,
                                     {"assessment_type": "speech_language.communication_assessment",
                                      "payload": example, "visibility": "team"}, host=host)
    entry.wording = None  # as rows written before 8909613 are
    db.flush()
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert ">Ocena komunikacji</h3>" in page and "Communication assessment" not in page


def test_the_api_words_an_assessment_saved_before_titles_were_words_as_the_page_does(db, client, child_team, host,
                                                                                      bearer):
    from core.timeline import entries as timeline

    example = host.assessment_types["speech_language.communication_assessment"].example
    entry = timeline.post_assessment(db, child_team.slt, child_team.child.id,
                                     {"assessment_type": "speech_language.communication_assessment",
                                      "payload": example, "visibility": "team"}, host=host)
    entry.wording = None  # as rows written before 8909613 are
    db.flush()
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    answer = client.get(f"/api/v1/entries/{entry.id}", headers=bearer("parent"))
    assert answer.json["title"] == "Ocena komunikacji"


def test_an_assessment_form_describes_itself_in_the_readers_language(client, auth, db, child_team):
    accounts.update_preferences(db, child_team.slt, {"language": "pl"})
    auth.login(child_team.slt)
    page = client.get(f"/children/{child_team.child.id}/assessments/speech_language.communication_assessment")
    assert "Wyniki testów i obserwacje rozumienia" in page.get_data(as_text=True)

