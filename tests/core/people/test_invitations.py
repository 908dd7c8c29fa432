"""Invitations: a person chooses their own password from a single-use link mailed to them."""

import re
from datetime import timedelta

import pytest
from conftest import PASSWORD
from mailed_links import link_in
from sqlalchemy import select

from core.errors import Forbidden, InvalidInput, NotFound
from core.models import AccountLink, AuditEvent, OutboxMessage
from core.people import accounts, invitations, team
from core.people.passwords import CHEAPEST

CHOSEN = "our own family passphrase"


@pytest.fixture
def invitee(db, child_team):
    """A parent the school added to the team, with no password yet."""
    person = team.create_person(db, {"full_name": "Ada Nowak", "email": "ada@example.org", "kind": "parent"})
    team.add_member(db, child_team.senco, child_team.child.id, {"person_id": person.id, "role": "parent"})
    return person


@pytest.fixture
def invite(db, child_team, invitee, site):
    """Invite the invitee (again): the secret of the link mailed."""

    def send(by=child_team.admin, at_site=site):
        return secret_of(invitations.invite(db, invitee, by, site=at_site))

    return send


def secret_of(link: str) -> str:
    return re.search(r"/invitations/(\S+)", link).group(1)


def accept(db, secret, password=CHOSEN, **preferences):
    return invitations.accept(db, CHEAPEST, secret, password, preferences)


def test_the_invitation_is_mailed_to_the_person_with_their_link(db, mailed, child_team, invitee, invite):
    secret = invite()
    [mail] = mailed()
    assert mail["To"] == invitee.email and mail["Subject"] == "You are invited to Teamaround"
    assert link_in(mail, "invitations") == secret
    assert child_team.admin.full_name in mail.get_body(("plain",)).get_content()


def test_once_mailed_the_invitations_link_is_no_longer_kept_in_the_mail(db, mailed, invite):
    secret = invite()
    mailed()
    db.expire_all()
    [kept] = db.scalars(select(OutboxMessage.text_body)).all()
    assert secret not in kept and "/invitations/" in kept


def test_accepting_sets_the_chosen_password_language_and_contact_preferences(db, invitee, invite):
    accept(db, invite(), language="pl", preferred_contact="text", phone="07700 900123")
    assert accounts.authenticate(db, CHEAPEST, invitee.email, CHOSEN, "192.0.2.1") == invitee
    assert (invitee.language, invitee.preferred_contact.value, invitee.phone) == ("pl", "text", "07700 900123")


def test_a_parent_of_one_child_lands_on_that_childs_timeline(db, child_team, invite):
    assert accept(db, invite()).child_id == child_team.child.id


def test_a_professional_lands_on_the_home_page(db, child_team, site):
    secret = secret_of(invitations.invite(db, child_team.slt, child_team.admin, site=site))
    assert accept(db, secret).child_id is None


def test_an_invitation_works_once(db, invite):
    secret = invite()
    accept(db, secret)
    with pytest.raises(NotFound):
        accept(db, secret, password="someone else's passphrase")


def test_an_invitation_lasts_a_week_by_default(db, invitee, invite):
    invite()
    [link] = db.scalars(select(AccountLink)).all()
    assert link.expires_at - link.created_at == timedelta(days=7)


def test_an_invitation_lasts_as_long_as_the_site_says(db, invitee, invite, site):
    from dataclasses import replace

    invite(at_site=replace(site, invitation_lifetime=timedelta(days=2)))
    [link] = db.scalars(select(AccountLink)).all()
    assert link.expires_at - link.created_at == timedelta(days=2)


def test_an_expired_invitation_opens_nothing(db, invite, links_sent_earlier):
    secret = invite()
    links_sent_earlier(timedelta(days=7, seconds=1))
    with pytest.raises(NotFound):
        accept(db, secret)


def test_an_invitation_six_days_old_still_works(db, invitee, invite, links_sent_earlier):
    secret = invite()
    links_sent_earlier(timedelta(days=6))
    assert accept(db, secret).person == invitee


def test_a_resent_invitation_ends_the_one_before(db, invitee, invite):
    first = invite()
    second = invite()
    with pytest.raises(NotFound):
        accept(db, first)
    assert accept(db, second).person == invitee


def test_closing_the_account_ends_its_invitation_even_once_reopened(db, child_team, invitee, invite):
    secret = invite()
    accounts.set_active(db, child_team.admin, invitee.id, active=False)
    accounts.set_active(db, child_team.admin, invitee.id, active=True)
    with pytest.raises(NotFound):
        accept(db, secret)


def test_a_password_change_ends_an_invitation_still_unused(db, child_team, site):
    secret = secret_of(invitations.invite(db, child_team.parent, child_team.admin, site=site))
    accounts.change_password(db, CHEAPEST, child_team.parent, PASSWORD, "a brand new passphrase")
    with pytest.raises(NotFound):
        accept(db, secret)


def test_a_short_password_is_refused_by_field_and_the_link_still_works(db, invitee, invite):
    secret = invite()
    with pytest.raises(InvalidInput) as raised:
        accept(db, secret, password="short", language="not a language")
    assert set(raised.value.errors) == {"password", "language"}
    assert accept(db, secret).person == invitee


def test_a_link_nobody_was_sent_opens_nothing(db, invite):
    invite()
    with pytest.raises(NotFound):
        invitations.invited_by_link(db, "made-up")


def test_only_the_links_hash_is_kept(db, invite):
    secret = invite()
    assert secret not in db.scalars(select(AccountLink.token_hash)).all()


def test_an_administrator_opens_an_account_without_a_password_and_invites_them(db, child_team, site):
    person, link = invitations.open_account(
        db, child_team.admin, {"full_name": "Lena Fox", "email": "lena@example.org", "kind": "parent"}, site=site
    )
    assert person.password_hash is None
    assert invitations.invited_by_link(db, secret_of(link)) == person


def test_only_administrators_open_accounts(db, child_team, site):
    with pytest.raises(Forbidden):
        invitations.open_account(
            db, child_team.senco, {"full_name": "Lena Fox", "email": "lena@example.org", "kind": "parent"}, site=site
        )


def test_the_team_sees_who_has_not_accepted_yet(db, child_team, invitee, invite):
    def awaiting():
        overview = team.team_overview(db, child_team.senco, child_team.child.id)
        return {member.person for member in overview.members if overview.awaits_acceptance(member.person)}

    assert awaiting() == {invitee}
    accept(db, invite())
    assert awaiting() == set()


def test_the_lead_resends_an_invitation_not_yet_accepted(db, child_team, invitee, invite, site):
    first = invite()
    person, link = invitations.resend(db, child_team.senco, child_team.child.id, invitee.id, site=site)
    assert person == invitee and invitations.invited_by_link(db, secret_of(link)) == invitee
    with pytest.raises(NotFound):
        invitations.invited_by_link(db, first)


def test_nobody_resends_to_someone_who_has_accepted(db, child_team, site):
    with pytest.raises(NotFound):
        invitations.resend(db, child_team.senco, child_team.child.id, child_team.parent.id, site=site)


def test_only_whoever_manages_the_team_resends(db, child_team, invitee, site):
    with pytest.raises(Forbidden):
        invitations.resend(db, child_team.teacher, child_team.child.id, invitee.id, site=site)


def test_inviting_and_accepting_are_audited(db, child_team, invitee, invite):
    accept(db, invite())
    events = db.execute(select(AuditEvent.action, AuditEvent.actor_id).where(
        AuditEvent.subject == f"person:{invitee.id}", AuditEvent.action.startswith("account."))).all()
    assert [tuple(event) for event in events] == [
        ("account.invited", child_team.admin.id), ("account.invitation_accepted", invitee.id)]


def invite_family(db, child_team, site, by=None, **values):
    data = {"full_name": "Lena Fox", "email": "lena@example.org", "role": "carer", "language": "pl"} | values
    return invitations.invite_to_team(db, by or child_team.senco, child_team.child.id, data, site=site)


def test_the_lead_invites_a_carer_with_no_account_into_the_team(db, child_team, site):
    membership, link = invite_family(db, child_team, site)
    assert (membership.role, membership.person.kind.value, membership.person.language) == ("carer", "parent", "pl")
    assert accept(db, secret_of(link)).child_id == child_team.child.id


def test_the_team_page_invites_only_parents_and_carers(db, child_team, site):
    with pytest.raises(InvalidInput) as raised:
        invite_family(db, child_team, site, role="class_teacher")
    assert list(raised.value.errors) == ["role"]


def test_only_whoever_manages_the_team_invites_into_it(db, child_team, site):
    with pytest.raises(Forbidden):
        invite_family(db, child_team, site, by=child_team.teacher)


def test_inviting_an_address_that_has_an_account_is_refused_by_field(db, child_team, site):
    with pytest.raises(InvalidInput) as raised:
        invite_family(db, child_team, site, email=child_team.other_parent.email)
    assert list(raised.value.errors) == ["email"]


def test_an_administrator_invites_again_someone_in_no_team(db, child_team, site):
    person, first = invitations.open_account(
        db, child_team.admin, {"full_name": "Lena Fox", "email": "lena@example.org", "kind": "parent"}, site=site
    )
    again, link = invitations.invite_again(db, child_team.admin, person.id, site=site)
    assert invitations.invited_by_link(db, secret_of(link)) == again == person
    with pytest.raises(NotFound):
        invitations.invited_by_link(db, secret_of(first))


def test_only_administrators_invite_again_from_the_accounts_page(db, child_team, invitee, site):
    with pytest.raises(Forbidden):
        invitations.invite_again(db, child_team.senco, invitee.id, site=site)
