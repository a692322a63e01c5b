"""State changes are POST only and need the CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.applicants.portal_urls import PUBLIC, kwargs_for, portal_url_names

pytestmark = pytest.mark.django_db

POST_ONLY = {
    "document_delete", "invitation_create", "invitation_revoke", "member_role", "member_remove",
    "application_autosave", "attachment_delete", "message_send", "proof_autosave",
}


def all_urls(objects):
    names = portal_url_names()
    special = {"register_confirm": {"uidb64": "MQ", "token": "x-y"}, "password_reset_confirm": {"uidb64": "MQ", "token": "x-y"},
               "invitation_accept": {"token": objects["invitation"].token}}
    return [(name, reverse(f"applicants:{name}", kwargs=special.get(name) or kwargs_for(name, objects))) for name in names]


def test_it_refuses_every_post_without_a_csrf_token(alice, objects):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    for _name, url in all_urls(objects):
        assert client.post(url, {"body": "x"}).status_code == 403, url
    anonymous = Client(enforce_csrf_checks=True)
    for name, url in all_urls(objects):
        if name in PUBLIC:
            assert anonymous.post(url, {"email": "x@example.org"}).status_code == 403, url


def test_it_accepts_a_post_with_the_token(alice, objects):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    page = client.get(reverse("applicants:application_detail", args=[objects["approved"].pk]))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("applicants:message_send", args=[objects["approved"].pk]), {"body": "Hallo", "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302


def test_it_refuses_get_on_views_that_change_state(client, alice, objects):
    client.force_login(alice)
    for name, url in all_urls(objects):
        if name in POST_ONLY:
            assert client.get(url).status_code == 405, url
