"""State changes are POST only and need the CSRF token."""

import pytest
from django.test import Client

from tests.exchange.exchange_urls import POST_ONLY, all_urls, build_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(organisation, alice, anton):
    return build_objects(organisation, alice, anton)


@pytest.mark.parametrize("who", ["anonymous", "alice", "anton"])
def test_it_refuses_every_post_without_a_csrf_token(who, objects, alice, anton):
    client = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        client.force_login({"alice": alice, "anton": anton}[who])
    for _name, url in all_urls(objects):
        assert client.post(url, {"answer": "no"}).status_code == 403, url


def test_it_accepts_a_post_with_the_token(objects, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    page = client.get(f"/austausch/einladungen/{objects['invitation'].pk}/")
    response = client.post(f"/austausch/einladungen/{objects['invitation'].pk}/",
                           {"answer": "no", "people": "0", "csrfmiddlewaretoken": str(page.context["csrf_token"])})
    assert response.status_code == 302


def test_it_refuses_get_on_views_that_change_state(client, objects, alice, anton):
    for name, url in all_urls(objects, sorted(POST_ONLY)):
        client.force_login(anton if name not in ("profile_publish", "profile_withdraw", "event_cancel",
                                                 "agenda_propose") else alice)
        assert client.get(url).status_code == 405, url
