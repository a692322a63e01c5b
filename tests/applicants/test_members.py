"""Members, roles and invitations by e-mail."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from applicants.models import Invitation, Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _invite(client, organisation, email="neu@example.org", role="member"):
    return client.post(f"/portal/organisationen/{organisation.pk}/mitglieder/einladen/", {"email": email, "role": role})


def test_it_mails_an_invitation_with_a_link(client, alice, organisation, run_tasks):
    client.force_login(alice)
    response = _invite(client, organisation, email="Neu@Example.org")
    assert response.url == f"/portal/organisationen/{organisation.pk}/mitglieder/"
    invitation = Invitation.objects.get()
    assert invitation.email == "neu@example.org" and invitation.invited_by == alice
    run_tasks()
    assert mail.outbox[0].to == ["neu@example.org"]
    assert f"/portal/einladung/{invitation.token}/" in mail.outbox[0].body
    assert organisation.name in mail.outbox[0].subject


def test_it_lets_only_representatives_invite(client, bob, organisation):
    client.force_login(bob)
    assert _invite(client, organisation).status_code == 403
    assert not Invitation.objects.exists()


def test_it_refuses_to_invite_a_member_twice(client, alice, bob, organisation):
    client.force_login(alice)
    response = _invite(client, organisation, email=bob.email)
    assert "gehört schon" in " ".join(response.context["form"].errors["email"])


def test_it_adds_the_invited_person_when_they_accept(client, alice, organisation):
    invitation = Invitation.objects.create(organisation=organisation, email="neu@example.org", role="representative")
    newcomer = UserFactory(username="neu", email="neu@example.org")
    client.force_login(newcomer)
    assert organisation.name in client.get(f"/portal/einladung/{invitation.token}/").content.decode()
    response = client.post(f"/portal/einladung/{invitation.token}/")
    assert response.url == f"/portal/organisationen/{organisation.pk}/"
    assert Membership.objects.get(user=newcomer).role == "representative"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    client.post(f"/portal/einladung/{invitation.token}/")
    assert Membership.objects.filter(user=newcomer).count() == 1


def test_it_refuses_an_invitation_for_another_address(client, organisation, charlie):
    invitation = Invitation.objects.create(organisation=organisation, email="neu@example.org")
    client.force_login(charlie)
    response = client.post(f"/portal/einladung/{invitation.token}/", follow=True)
    assert "ist für neu@example.org" in response.content.decode()
    assert not Membership.objects.filter(user=charlie, organisation=organisation).exists()


def test_it_refuses_an_expired_invitation(client, organisation):
    invitation = Invitation.objects.create(
        organisation=organisation, email="neu@example.org", created_at=timezone.now() - timedelta(days=30)
    )
    client.force_login(UserFactory(username="neu", email="neu@example.org"))
    response = client.post(f"/portal/einladung/{invitation.token}/", follow=True)
    assert "abgelaufen" in response.content.decode()
    assert not Membership.objects.filter(organisation=organisation, user__username="neu").exists()


def test_it_shows_a_stranger_the_way_to_log_in_or_register(client, organisation):
    invitation = Invitation.objects.create(organisation=organisation, email="neu@example.org")
    page = client.get(f"/portal/einladung/{invitation.token}/").content.decode()
    assert "/portal/konto/registrieren/?next=" in page and "email=neu%40example.org" in page
    assert client.get("/portal/einladung/falsch/").status_code == 404


def test_it_revokes_an_open_invitation(client, alice, organisation):
    invitation = Invitation.objects.create(organisation=organisation, email="neu@example.org")
    client.force_login(alice)
    client.post(f"/portal/organisationen/{organisation.pk}/einladungen/{invitation.pk}/loeschen/")
    assert not Invitation.objects.exists()


def test_it_changes_a_role(client, alice, bob, organisation):
    client.force_login(alice)
    membership = bob.memberships.get()
    client.post(f"/portal/organisationen/{organisation.pk}/mitglieder/{membership.pk}/rolle/", {"role": "representative"})
    assert Membership.objects.get(pk=membership.pk).role == "representative"


def test_it_keeps_at_least_one_representative(client, alice, bob, organisation):
    client.force_login(alice)
    own = alice.memberships.get()
    response = client.post(
        f"/portal/organisationen/{organisation.pk}/mitglieder/{own.pk}/rolle/", {"role": "member"}, follow=True
    )
    assert "mindestens eine vertretungsberechtigte Person" in response.content.decode()
    client.post(f"/portal/organisationen/{organisation.pk}/mitglieder/{own.pk}/entfernen/")
    assert Membership.objects.get(pk=own.pk).role == "representative"


def test_it_removes_a_member(client, alice, bob, organisation):
    client.force_login(alice)
    membership = bob.memberships.get()
    client.post(f"/portal/organisationen/{organisation.pk}/mitglieder/{membership.pk}/entfernen/")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_it_lets_a_representative_leave_when_another_remains(client, alice, organisation):
    MembershipFactory(organisation=organisation, role="representative")
    client.force_login(alice)
    response = client.post(f"/portal/organisationen/{organisation.pk}/mitglieder/{alice.memberships.get().pk}/entfernen/")
    assert response.url == "/portal/" and not alice.memberships.exists()


def test_it_lists_members_for_everyone_in_the_organisation(client, bob, alice, organisation):
    client.force_login(bob)
    page = client.get(f"/portal/organisationen/{organisation.pk}/mitglieder/").content.decode()
    assert alice.email in page and "Einladung senden" not in page
    assert re.search(r"Vertretungsberechtigt", page)
