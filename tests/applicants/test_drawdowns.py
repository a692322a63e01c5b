"""Drawdowns after approval: never above approved minus requested or paid."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from funding.models import Drawdown
from tests.funding import steps

pytestmark = pytest.mark.django_db


def request(client, application, amount, purpose="Honorare"):
    data = {"amount": amount, "purpose": purpose, "needed_confirmed": "on"}
    return client.post(f"/portal/antraege/{application.pk}/mittelabruf/", data)


def test_it_requests_money_and_confirms_by_e_mail(client, bob, approved, run_tasks):
    client.force_login(bob)
    response = request(client, approved, "2.500,00")
    assert response.url == f"/portal/antraege/{approved.pk}/#geld"
    drawdown = Drawdown.objects.get()
    assert (drawdown.amount, drawdown.requested_by, drawdown.status) == (Decimal("2500.00"), bob, "requested")
    run_tasks()
    assert any("Mittelabruf" in m.subject for m in mail.outbox)


def test_it_refuses_more_than_is_left(client, alice, approved, rita, finn):
    steps.paid(approved, alice, rita, finn, "5000", paid_on=date(2027, 4, 1))
    client.force_login(alice)
    request(client, approved, "2000")
    response = request(client, approved, "1000,01")
    assert response.status_code == 400
    assert "höchstens 1.000,00" in " ".join(response.context["form"].errors["amount"])
    assert Drawdown.objects.count() == 2  # the paid one and the one just requested


@pytest.mark.parametrize("amount", ["0", "-5", "viel", "", "1,2,3"])
def test_it_explains_a_bad_amount(client, alice, approved, amount):
    client.force_login(alice)
    response = request(client, approved, amount)
    assert response.status_code == 400 and response.context["form"].errors["amount"]
    assert not Drawdown.objects.exists()


def test_it_shows_drawdowns_and_payments(client, alice, approved, rita, finn):
    steps.paid(approved, alice, rita, finn, "1234.56", paid_on=date(2027, 4, 1), reference="KA-1")
    client.force_login(alice)
    request(client, approved, "100")
    content = client.get(f"/portal/antraege/{approved.pk}/").content.decode()
    assert "1.234,56" in content and "KA-1" in content and "Beantragt" in content
    assert "6.665,44" in content  # 8.000 approved − 1.234,56 paid − 100 requested


def test_it_asks_for_the_planned_use_and_the_two_month_need(client, alice, approved):
    client.force_login(alice)
    response = client.post(f"/portal/antraege/{approved.pk}/mittelabruf/", {"amount": "100", "purpose": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"purpose", "needed_confirmed"}
    assert response.context["form"]["amount"].value() == "100"
    assert not Drawdown.objects.exists()


def test_it_offers_no_drawdown_before_approval(client, alice, submitted):
    client.force_login(alice)
    assert request(client, submitted, "100").status_code == 302
    assert not Drawdown.objects.exists()
