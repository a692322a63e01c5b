"""Every URL of the exchange platform as the public, another organisation, finance and KI staff.

The walk covers every URL in exchange/urls.py; a new URL without an entry in
exchange_urls.py makes the first test fail, so nothing is added unchecked.
"""

import pytest

from exchange.models import Event, Profile
from tests.exchange.exchange_urls import MEMBER, PUBLIC, all_urls, build_objects, kwargs_for, staff_names, url_names

pytestmark = pytest.mark.django_db
NO_ARGUMENTS = {"directory", "municipality_list", "calendar", "ical_district", "consultation_list",
                "moderation_queue", "partner_list", "partner_create", "picture", "picture_export", "meeting_list",
                "meeting_create", "consultation_admin_list", "consultation_create"}


@pytest.fixture
def objects(organisation, alice, anton):
    return build_objects(organisation, alice, anton)


def test_it_covers_every_url(objects):
    for name in url_names():
        assert name in NO_ARGUMENTS or kwargs_for(name, objects), f"{name} is not walked by the access test"


def test_it_shows_the_public_pages_to_everyone(client, objects):
    for name, url in all_urls(objects, sorted(PUBLIC)):
        expected = 405 if name == "profile_contact" else 200
        assert client.get(url).status_code == expected, url


def test_it_sends_strangers_to_the_login_everywhere_else(client, objects):
    for _name, url in all_urls(objects, sorted(MEMBER) + staff_names()):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302 and response.url.startswith("/konto/anmelden/?next="), url


def test_it_answers_404_to_another_organisation(client, charlie, objects):
    client.force_login(charlie)
    for name, url in all_urls(objects, sorted(MEMBER) + staff_names()):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"consent": "on", "answer": "no", "title": "x", "text": "x"}).status_code == 404, url
    assert Profile.objects.get(pk=objects["profile"].pk).is_published
    assert Event.objects.get(pk=objects["pending"].pk).status == "pending"
    assert not objects["meeting"].agenda_items.filter(title="x").exists()


def test_it_answers_404_to_staff_without_a_ki_role(client, finn, objects):
    client.force_login(finn)
    for _name, url in all_urls(objects, staff_names()):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url).status_code == 404, url


def test_it_lets_the_organisation_itself_in(client, alice, objects):
    client.force_login(alice)
    for _name, url in all_urls(objects, sorted(MEMBER)):
        assert client.get(url).status_code in (200, 405), url


def test_it_lets_ki_staff_in(client, anton, objects):
    client.force_login(anton)
    for _name, url in all_urls(objects, staff_names()):
        assert client.get(url).status_code in (200, 405), url


def test_it_hides_unpublished_data_from_the_public(client, objects):
    assert client.get(f"/austausch/veranstaltungen/{objects['pending'].pk}/").status_code == 404
    Profile.objects.filter(pk=objects["profile"].pk).update(published_at=None)
    assert client.get(f"/austausch/verzeichnis/{objects['profile'].pk}/").status_code == 404
    assert client.get(f"/austausch/verzeichnis/{objects['profile'].pk}/kontakt/").status_code == 405
    assert client.post(f"/austausch/verzeichnis/{objects['profile'].pk}/kontakt/").status_code == 404
    assert "Wartet" not in client.get("/austausch/kalender.ics").content.decode()
