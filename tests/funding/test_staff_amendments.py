"""Staff amendment pages (Änderungsantrag / Änderungsbescheid) through the client: forms, steps, access."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from funding.models import Amendment, Application, Letter
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]
REASONS = "Mehr Teilnehmende als geplant; die Raummiete steigt."


@pytest.fixture
def approved(application, alice, rita, anton):
    return steps.approved(application, alice, rita, anton)


@pytest.fixture
def requested(approved, alice):
    from funding.services import amendments

    return amendments.amendment_request(application=approved, user=alice, reasons=REASONS, new_amount=Decimal("9000.00"))


def _create_url(app):
    return reverse("staff:amendment_create", args=[app.pk])


def _url(name, amendment):
    return reverse(f"staff:{name}", args=[amendment.pk])


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_starts_an_amendment_from_the_form(client, rita, approved):
    client.force_login(rita)
    page = client.get(_create_url(approved))
    assert page.status_code == 200 and 'name="new_amount"' in page.content.decode()
    response = client.post(_create_url(approved), {"reasons": REASONS, "new_amount": "9.000,00"})
    amendment = Amendment.objects.get(application=approved)
    assert response.status_code == 302 and response["Location"] == _url("amendment_detail", amendment)
    assert (amendment.new_amount, amendment.started_by_staff, amendment.requested_by) == (Decimal("9000.00"), True, rita)


def test_it_keeps_the_input_on_form_and_service_errors(client, rita, approved):
    client.force_login(rita)
    response = client.post(_create_url(approved), {"reasons": REASONS, "new_amount": "neun Tausend"})
    page = response.content.decode()
    assert response.status_code == 400 and REASONS in page and 'value="neun Tausend"' in page
    # Nothing to change: the service refuses, the form keeps what was typed.
    response = client.post(_create_url(approved), {"reasons": REASONS})
    page = response.content.decode()
    assert response.status_code == 400 and REASONS in page and "was sich ändern soll" in page
    assert not Amendment.objects.exists()


def test_it_answers_404_to_applicants_and_finance(client, alice, finn, approved, requested):
    for user in (alice, finn):
        client.force_login(user)
        assert client.get(_create_url(approved)).status_code == 404
        assert client.post(_url("amendment_start_review", requested)).status_code == 404
        assert client.post(_url("amendment_decide", requested), {"decision": "approve"}).status_code == 404
    client.force_login(alice)
    assert client.get(_url("amendment_detail", requested)).status_code == 404
    assert Amendment.objects.get().status == "requested"


def test_it_reviews_and_decides_through_the_pages_with_four_eyes(client, rita, anton, requested):
    client.force_login(rita)
    assert client.post(_url("amendment_start_review", requested)).status_code == 302
    response = client.post(_url("amendment_review", requested), {"recommendation": "approve", "note": ""})
    assert "Bitte geben Sie eine Empfehlung und einen Prüfvermerk an." in _messages(response)
    assert Amendment.objects.get().review_note == ""
    client.post(_url("amendment_review", requested), {"recommendation": "approve", "note": "Mittel vorhanden."})
    # The reviewer cannot decide what she reviewed.
    client.post(_url("amendment_decide", requested), {"decision": "approve"})
    assert Amendment.objects.get().status == "in_review"
    client.force_login(anton)
    page = client.get(_url("amendment_detail", requested)).content.decode()
    assert "Mittel vorhanden." in page and 'value="approve"' in page
    response = client.post(_url("amendment_decide", requested), {"decision": "approve", "reasons": ""})
    assert response.status_code == 302 and "Der Änderungsbescheid ist erlassen." in _messages(response)
    assert Amendment.objects.get().status == "approved"
    assert Application.objects.get(pk=requested.application_id).approved_amount == Decimal("9000.00")
    assert Letter.objects.filter(kind=Letter.Kind.AMENDMENT).count() == 1


def test_it_refuses_a_rejection_without_reasons(client, rita, anton, requested):
    client.force_login(rita)
    client.post(_url("amendment_start_review", requested))
    client.post(_url("amendment_review", requested), {"recommendation": "reject", "note": "Nicht begründet."})
    client.force_login(anton)
    response = client.post(_url("amendment_decide", requested), {"decision": "reject", "reasons": ""})
    assert response.status_code == 302 and Amendment.objects.get().status == "in_review"
    assert any("Begründung" in message for message in _messages(response))
