"""Every staff page that takes a form answers GET and POST only."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]

FORM_PAGES = ["declare", "review", "approve", "reject", "hearing", "repayment", "recovery", "amendment_create"]


@pytest.mark.parametrize("name", FORM_PAGES)
def test_it_refuses_other_methods_on_form_pages(client, application, name):
    client.force_login(UserFactory(username="ada", is_superuser=True))
    url = reverse(f"staff:{name}", args=[application.pk])
    for method in (client.put, client.delete, client.patch):
        assert method(url).status_code == 405, (name, method)


@pytest.mark.parametrize("name", ["otp_verify", "otp_setup"])
def test_it_refuses_other_methods_on_the_second_factor(client, alice, name):
    client.force_login(alice)
    assert client.put(reverse(name)).status_code == 405
