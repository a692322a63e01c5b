"""Staff mark an organisation as checked; the applicant sees it on the profile."""

import pytest
from django.urls import reverse

from applicants.models import Organisation
from tests.funding import steps

pytestmark = pytest.mark.django_db


def test_it_shows_the_verified_status(client, alice, organisation, rita, settings):
    settings.REQUIRE_STAFF_2FA = False
    client.force_login(alice)
    assert "noch nicht geprüft" in client.get(f"/portal/organisationen/{organisation.pk}/").content.decode()
    client.force_login(rita)
    client.post(f"/sachbearbeitung/organisationen/{organisation.pk}/pruefen/", {"verified": "1"})
    organisation.refresh_from_db()
    assert organisation.is_verified and organisation.verified_by == rita
    client.force_login(alice)
    assert "hat die Angaben Ihres Vereins am" in client.get(f"/portal/organisationen/{organisation.pk}/").content.decode()


def test_it_lets_only_reviewers_verify(client, alice, organisation):
    client.force_login(alice)
    assert client.post(f"/sachbearbeitung/organisationen/{organisation.pk}/pruefen/").status_code == 404
    assert not Organisation.objects.get(pk=organisation.pk).is_verified


def test_it_offers_staff_a_button_to_take_the_mark_back(client, rita, organisation, settings, rf):
    from django.template.loader import render_to_string

    settings.REQUIRE_STAFF_2FA = False
    Organisation.objects.filter(pk=organisation.pk).update(is_verified=True)
    organisation.refresh_from_db()
    request = rf.get("/sachbearbeitung/")
    request.user = rita
    html = render_to_string("staff/_organisation_verify.html", {"organisation": organisation}, request=request)
    assert f'action="/sachbearbeitung/organisationen/{organisation.pk}/pruefen/"' in html and 'value="0"' in html
    client.force_login(rita)
    response = client.post(f"/sachbearbeitung/organisationen/{organisation.pk}/pruefen/", {"verified": "0", "next": "/sachbearbeitung/"})
    assert response.url == "/sachbearbeitung/"
    organisation.refresh_from_db()
    assert not organisation.is_verified and organisation.verified_at is None


def test_it_offers_the_button_on_the_application_page(client, application, alice, rita, no_2fa):
    steps.submitted(application, alice)
    client.force_login(rita)
    page = client.get(reverse("staff:application_detail", args=[application.pk])).content.decode()
    assert f'action="/sachbearbeitung/organisationen/{application.organisation_id}/pruefen/"' in page
    assert "Verein als geprüft markieren" in page


def test_it_refuses_get_on_the_verification(client, rita, organisation, no_2fa):
    client.force_login(rita)
    assert client.get(f"/sachbearbeitung/organisationen/{organisation.pk}/pruefen/").status_code == 405
