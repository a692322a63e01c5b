"""Finance (Kasse): drawdowns, payments, never more than approved."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Drawdown, Payment
from funding.services import payments
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


@pytest.fixture
def approved(application, alice, rita, anton):
    return steps.approved(application, alice, rita, anton)


def test_it_lists_open_drawdowns(client, approved, alice, finn):
    payments.drawdown_request(application=approved, user=alice, amount=Decimal("3000.00"), purpose="Erste Rate")
    client.force_login(finn)

    page = client.get(reverse("staff:finance_queue")).content.decode()

    assert approved.file_reference in page and "Erste Rate" in page and "3.000,00\u00a0€" in page


def test_it_releases_and_pays_a_drawdown(client, approved, alice, finn):
    drawdown = payments.drawdown_request(application=approved, user=alice, amount=Decimal("3000.00"))
    client.force_login(finn)

    client.post(reverse("staff:drawdown_decision", args=[drawdown.pk]), {"decision": "approve", "note": "ok"})
    url = reverse("staff:payment", args=[approved.pk]) + f"?drawdown={drawdown.pk}"
    assert client.get(url).context["form"]["amount"].value() == "3.000,00"
    response = client.post(url, {"amount": "3.000,00", "paid_on": "2027-03-15", "reference": "KA-2027-17"})

    assert response["Location"] == reverse("staff:finance_queue")
    drawdown.refresh_from_db()
    assert drawdown.status == Drawdown.Status.PAID and drawdown.decided_by == finn
    payment = Payment.objects.get(drawdown=drawdown)
    assert (payment.amount, payment.paid_on, payment.reference) == (Decimal("3000.00"), date(2027, 3, 15), "KA-2027-17")


def test_it_rejects_a_drawdown(client, approved, alice, finn):
    drawdown = payments.drawdown_request(application=approved, user=alice, amount=Decimal("3000.00"))
    client.force_login(finn)
    client.post(reverse("staff:drawdown_decision", args=[drawdown.pk]), {"decision": "reject", "note": "Belege fehlen"})
    drawdown.refresh_from_db()
    assert drawdown.status == Drawdown.Status.REJECTED and drawdown.note == "Belege fehlen"


def test_it_never_pays_more_than_approved(client, approved, finn):
    client.force_login(finn)
    url = reverse("staff:payment", args=[approved.pk])
    client.post(url, {"amount": "6.000,00", "paid_on": "2027-03-15", "reference": "KA-1"})

    response = client.post(url, {"amount": "2.500,00", "paid_on": "2027-04-15", "reference": "KA-2"})

    assert response.status_code == 200
    assert "höchstens noch 2.000,00\u00a0€" in response.content.decode()
    assert sum(p.amount for p in Payment.objects.filter(application=approved)) == Decimal("6000.00")


def test_it_refuses_payments_before_the_approval(client, application, alice, rita, finn):
    app = steps.reviewed(application, alice, rita)
    client.force_login(finn)
    response = client.post(reverse("staff:payment", args=[app.pk]), {"amount": "100", "paid_on": "2027-03-15", "reference": "KA"})
    assert "keine Auszahlung" in response.content.decode()
    assert not Payment.objects.exists()
