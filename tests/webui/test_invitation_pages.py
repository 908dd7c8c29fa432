"""Invitations on the web: opening an account invites its person, who chooses their password,
language and contact preferences from the mailed link and is signed in."""

import re

import pytest
from mailed_links import link_in

from core.people import team

CHOSEN = "our own family passphrase"


@pytest.fixture
def mail_on(app, smtp_server):
    """Mail set up for the app (delivered by the tests, through ``mailed``)."""
    app.config["SMTP_URL"] = smtp_server[0]


@pytest.fixture
def invitee(db, child_team):
    """A Polish-speaking parent the school added to the team, with no password yet."""
    person = team.create_person(
        db, {"full_name": "Ada Nowak", "email": "ada@example.org", "kind": "parent", "language": "pl"}
    )
    team.add_member(db, child_team.senco, child_team.child.id, {"person_id": person.id, "role": "parent"})
    return person


@pytest.fixture
def invitation(client, auth, child_team, invitee, mail_on, mailed):
    """The lead sends the invitee their invitation from the team page: the link's path as mailed."""
    auth.login(child_team.senco)
    client.post(f"/children/{child_team.child.id}/team/{invitee.id}/invite")
    auth.logout()
    return "/invitations/" + link_in(mailed()[-1], "invitations")


def accepting(client, path, **fields):
    form = {"password": CHOSEN, "confirm_password": CHOSEN, "preferred_contact": "email", "language": "pl"}
    return client.post(path, data=form | fields)


def test_the_admin_form_asks_for_no_password(client, auth, child_team):
    auth.login(child_team.admin)
    page = client.get("/admin/accounts").get_data(as_text=True)
    assert 'type="password"' not in page


def test_opening_an_account_mails_its_person_an_invitation(client, auth, child_team, mail_on, mailed):
    auth.login(child_team.admin)
    response = client.post("/admin/accounts", data={"full_name": "Lena Fox", "email": "lena@example.org",
                                                    "kind": "parent"})
    assert response.status_code == 302
    [mail] = mailed()
    assert mail["To"] == "lena@example.org" and "/invitations/" in mail.get_body(("plain",)).get_content()


def test_the_invitation_is_mailed_in_the_invitees_language(invitation, mailed):
    assert mailed()[-1]["Subject"] == "Zaproszenie do Teamaround"


def test_the_invitation_page_speaks_the_invitees_language(client, invitation):
    page = client.get(invitation).get_data(as_text=True)
    assert '<html lang="pl"' in page and "ada@example.org" in page


def test_accepting_signs_the_parent_in_on_their_childs_timeline_in_the_language_chosen(client, child_team,
                                                                                      invitation):
    response = accepting(client, invitation)
    assert response.headers["Location"] == f"/children/{child_team.child.id}"
    assert '<html lang="pl"' in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_invitation_link_works_once(client, invitation):
    accepting(client, invitation)
    client.post("/logout")
    assert client.get(invitation).status_code == 404
    assert accepting(client, invitation, password="another passphrase!", confirm_password="another passphrase!"
                     ).status_code == 404


def test_two_different_passwords_are_refused_and_the_link_still_works(client, invitation):
    assert accepting(client, invitation, confirm_password="something else entirely").status_code == 400
    assert accepting(client, invitation).status_code == 302


def test_a_short_password_is_refused_naming_the_field(client, invitation):
    response = accepting(client, invitation, password="short", confirm_password="short")
    assert response.status_code == 400 and 'href="#password"' in response.get_data(as_text=True)


def test_why_a_password_will_not_do_is_said_in_the_invitees_language(client, invitation):
    page = accepting(client, invitation, password="short", confirm_password="short").get_data(as_text=True)
    assert "Użyj co najmniej 12 znaków" in page


def test_the_team_page_shows_who_has_not_accepted_yet(client, auth, child_team, invitation):
    auth.login(child_team.senco)
    page = client.get(f"/children/{child_team.child.id}/team").get_data(as_text=True)
    assert "Has not accepted the invitation yet." in page and "Send Ada Nowak the invitation again" in page


def test_a_resent_invitation_ends_the_link_sent_before(client, auth, child_team, invitee, invitation, mailed):
    auth.login(child_team.senco)
    client.post(f"/children/{child_team.child.id}/team/{invitee.id}/invite")
    auth.logout()
    assert client.get(invitation).status_code == 404
    assert client.get("/invitations/" + link_in(mailed()[-1], "invitations")).status_code == 200


def test_a_member_of_the_team_who_does_not_lead_it_cannot_resend(client, auth, child_team, invitee):
    auth.login(child_team.teacher)
    assert client.post(f"/children/{child_team.child.id}/team/{invitee.id}/invite").status_code == 403


def test_the_lead_invites_a_new_carer_from_the_team_page_in_their_language(client, auth, child_team, mail_on,
                                                                           mailed):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/team/invitations", data={
        "full_name": "Lena Fox", "email": "lena@example.org", "role": "carer", "language": "pl"})
    assert response.status_code == 302
    assert '<strong dir="auto">Lena Fox</strong>' in client.get(response.headers["Location"]).get_data(as_text=True)
    [mail] = mailed()
    assert (mail["To"], mail["Subject"]) == ("lena@example.org", "Zaproszenie do Teamaround")


def test_a_new_member_without_a_name_is_refused_naming_the_field(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/team/invitations",
                           data={"email": "lena@example.org", "role": "carer", "language": "en"})
    assert response.status_code == 400 and 'href="#new_full_name"' in response.get_data(as_text=True)


def test_an_administrator_sends_an_invitation_again_from_the_accounts_page(client, auth, child_team, invitee,
                                                                           invitation, mailed):
    auth.login(child_team.admin)
    assert "Send the invitation again" in client.get("/admin/accounts").get_data(as_text=True)
    client.post(f"/admin/accounts/{invitee.id}/invite")
    auth.logout()
    assert client.get(invitation).status_code == 404
    assert client.get("/invitations/" + link_in(mailed()[-1], "invitations")).status_code == 200


def test_where_mail_is_not_set_up_the_inviter_is_given_the_link_to_pass_on(client, auth, child_team):
    auth.login(child_team.admin)
    page = client.post("/admin/accounts", data={"full_name": "Lena Fox", "email": "lena@example.org",
                                                "kind": "parent"}, follow_redirects=True).get_data(as_text=True)
    link = re.search(r"http://127\.0\.0\.1:5000(/invitations/[\w-]+)", page).group(1)
    auth.logout()
    assert "lena@example.org" in client.get(link).get_data(as_text=True)
