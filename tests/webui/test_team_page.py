"""Who is in a child's team: names, roles in words, agencies, and how to reach each member."""

from core.people import accounts


def team_page(client, auth, child_team, viewer):
    auth.login(viewer)
    return client.get(f"/children/{child_team.child.id}/team").get_data(as_text=True)


def test_the_team_page_names_each_member_with_their_role_in_words(client, auth, child_team):
    page = team_page(client, auth, child_team, child_team.parent)
    for member, role in [
        (child_team.teacher, "Class teacher"),
        (child_team.slt, "Speech and language therapist"),
        (child_team.parent, "Parent"),
    ]:
        assert f'<strong dir="auto">{member.full_name}</strong>' in page
        assert f'<p class="meta">{role}' in page
    assert "class_teacher" not in page


def test_the_team_page_shows_each_professionals_agency(client, auth, child_team):
    page = team_page(client, auth, child_team, child_team.parent)
    assert "Speech and language therapist · Speech and language therapy" in page


def test_a_professionals_contact_and_preferred_way_are_shown(client, auth, child_team):
    page = team_page(client, auth, child_team, child_team.parent)
    assert f'<a href="mailto:{child_team.slt.email}" dir="auto">' in page and "(prefers email)" in page


def test_a_parents_contact_is_kept_private_unless_they_agreed(client, auth, child_team):
    page = team_page(client, auth, child_team, child_team.teacher)
    assert child_team.parent.email not in page
    assert "Contact details kept private" in page


def test_a_parents_contact_is_shown_once_they_agree_to_share_it(client, auth, db, child_team):
    accounts.update_preferences(
        db, child_team.parent, {"shares_contact_details": True, "phone": "07700 900123", "preferred_contact": "text"}
    )
    page = team_page(client, auth, child_team, child_team.teacher)
    assert f'<a href="mailto:{child_team.parent.email}" dir="auto">' in page
    assert '<a href="tel:07700 900123" dir="auto">' in page
    assert "(prefers a text message)" in page


def test_recorded_consent_names_who_recorded_it_and_when(client, auth, child_team):
    page = team_page(client, auth, child_team, child_team.senco)
    assert f"Speech and language therapy: agreed, recorded by {child_team.senco.full_name} on " in page


def test_an_unknown_agency_for_consent_is_refused_beside_the_field(client, auth, child_team, error_summary):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/consents", data={"agency": "astrology"})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)).links == ["agency"]


def test_a_parent_reads_the_consents_the_family_gave(client, auth, child_team):
    page = team_page(client, auth, child_team, child_team.parent)
    assert f"Speech and language therapy: agreed, recorded by {child_team.senco.full_name} on " in page
    assert "Record consent" not in page


def test_a_parent_withdraws_consent_from_the_team_page(client, auth, child_team):
    page = team_page(client, auth, child_team, child_team.parent)
    assert f'action="/children/{child_team.child.id}/consents/speech_language/withdraw"' in page
    response = client.post(f"/children/{child_team.child.id}/consents/speech_language/withdraw")
    assert response.status_code == 302
    assert "Speech and language therapy: agreed" not in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_class_teacher_is_not_shown_the_familys_consents(client, auth, child_team):
    assert "Consent to share" not in team_page(client, auth, child_team, child_team.teacher)
