"""Every URL of the portal: another organisation gets 404, strangers the login.

The walk covers every URL in applicants/urls.py; a new URL without an entry
here makes the test fail, so nothing is added unchecked.
"""

import pytest
from django.urls import reverse

from funding.models import Attachment, Letter
from funding.services.letters import store_letter
from tests.applicants.portal_urls import OWN_ACCOUNT, PUBLIC, kwargs_for, portal_url_names
from tests.factories import ApplicationFactory, DocumentFactory

pytestmark = pytest.mark.django_db

def guarded_urls(objects):
    names = [n for n in portal_url_names() if n not in PUBLIC]
    return [(name, reverse(f"applicants:{name}", kwargs=kwargs_for(name, objects))) for name in names]


def test_it_covers_every_url_of_the_portal(objects):
    for name in portal_url_names():
        if name not in PUBLIC | OWN_ACCOUNT:
            assert kwargs_for(name, objects), f"{name} is not walked by the access test"


def test_it_answers_404_to_another_organisation_everywhere(client, charlie, objects):
    client.force_login(charlie)
    for name, url in guarded_urls(objects):
        if name in OWN_ACCOUNT:
            continue
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"role": "member", "body": "x", "amount": "1"}).status_code == 404, url
    assert objects["draft"].__class__.objects.get(pk=objects["draft"].pk).state == "draft"
    assert Attachment.objects.filter(pk=objects["attachment"].pk).exists()
    assert objects["membership"].__class__.objects.filter(pk=objects["membership"].pk).exists()


def test_it_lets_the_organisation_itself_in(client, alice, objects):
    """The walk above is meaningful: the same URLs work for their owner."""
    client.force_login(alice)
    for _name, url in guarded_urls(objects):
        assert client.get(url).status_code in (200, 302, 405), url


def test_it_sends_strangers_to_the_login(client, objects):
    for _name, url in guarded_urls(objects):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302 and response.url.startswith("/konto/anmelden/?next="), url


def test_it_refuses_an_object_of_another_organisation_under_an_own_url(client, alice, organisation, charlie):
    foreign = ApplicationFactory(organisation=charlie.memberships.get().organisation)
    letter = store_letter(foreign, Letter.Kind.RECEIPT, b"%PDF-1.4")
    document = DocumentFactory(organisation=foreign.organisation)
    own = ApplicationFactory(organisation=organisation)
    client.force_login(alice)
    assert client.get(f"/portal/antraege/{own.pk}/schreiben/{letter.pk}/").status_code == 404
    assert client.get(f"/portal/organisationen/{organisation.pk}/dokumente/{document.pk}/").status_code == 404
