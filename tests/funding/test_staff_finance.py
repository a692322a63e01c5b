"""Money pages: release (case workers), booking and payment runs (finance), never more than approved."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from funding import roles
from funding.models import Drawdown, Payment, PaymentRun
from funding.services import payments
from tests.factories import UserFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


@pytest.fixture
def approved(application, alice, rita, anton):
    return steps.with_bank_details(steps.approved(application, alice, rita, anton))


def request(app, user, amount="3000.00", purpose="Erste Rate"):
    return payments.drawdown_request(application=app, user=user, amount=Decimal(amount), purpose=purpose)


def test_it_lists_drawdowns_to_release_for_the_reviewer_with_their_planned_use(client, approved, alice, rita):
    request(approved, alice)
    client.force_login(rita)

    page = client.get(reverse("staff:finance_queue")).content.decode()

    assert approved.file_reference in page and "Erste Rate" in page and "3.000,00\u00a0€" in page
    assert "Freigeben" in page and "Zahllauf anlegen" not in page


def test_it_releases_then_another_person_books(client, approved, alice, rita, finn):
    drawdown = request(approved, alice)
    client.force_login(rita)
    client.post(reverse("staff:drawdown_release", args=[drawdown.pk]), {"note": "sachlich und rechnerisch richtig"})
    drawdown.refresh_from_db()
    assert drawdown.status == Drawdown.Status.RELEASED and drawdown.released_by == rita
    # The reviewer has no booking page at all.
    assert client.get(reverse("staff:drawdown_booking", args=[drawdown.pk])).status_code == 404

    client.force_login(finn)
    url = reverse("staff:drawdown_booking", args=[drawdown.pk])
    assert "Auszahlung buchen" in client.get(url).content.decode()
    response = client.post(url, {"paid_on": "2027-03-15", "reference": "KA-2027-17"})

    assert response["Location"] == reverse("staff:finance_queue")
    drawdown.refresh_from_db()
    assert drawdown.status == Drawdown.Status.PAID
    payment = Payment.objects.get(drawdown=drawdown)
    assert (payment.amount, payment.paid_on, payment.reference, payment.recorded_by) == (
        Decimal("3000.00"), date(2027, 3, 15), "KA-2027-17", finn,
    )


def test_it_rejects_a_drawdown_with_a_reason_and_never_pays_it(client, approved, alice, rita, finn):
    drawdown = request(approved, alice)
    client.force_login(rita)
    client.post(reverse("staff:drawdown_reject", args=[drawdown.pk]), {"note": ""})
    assert Drawdown.objects.get(pk=drawdown.pk).status == Drawdown.Status.REQUESTED  # no reason, no rejection

    client.post(reverse("staff:drawdown_reject", args=[drawdown.pk]), {"note": "Belege fehlen"})
    drawdown.refresh_from_db()
    assert drawdown.status == Drawdown.Status.REJECTED and drawdown.note == "Belege fehlen"

    client.force_login(finn)
    page = client.get(reverse("staff:drawdown_booking", args=[drawdown.pk])).content.decode()
    assert "Nur freigegebene Mittelabrufe werden ausgezahlt" in page and 'name="paid_on"' not in page
    client.post(reverse("staff:drawdown_booking", args=[drawdown.pk]), {"paid_on": "2027-03-15", "reference": "KA"})
    assert not Payment.objects.exists()


def test_it_never_lets_the_releasing_person_book(client, approved, alice, rita, finn):
    drawdown = request(approved, alice)
    UserFactory(username=finn.username, roles=[roles.REVIEWER])  # finance who is also a reviewer
    client.force_login(finn)
    client.post(reverse("staff:drawdown_release", args=[drawdown.pk]))

    page = client.get(reverse("staff:drawdown_booking", args=[drawdown.pk])).content.decode()
    response = client.post(reverse("staff:drawdown_booking", args=[drawdown.pk]), {"paid_on": "2027-03-15", "reference": "KA"})

    assert "Vier-Augen-Prinzip" in page and 'name="paid_on"' not in page
    assert response.status_code == 200 and "Vier-Augen-Prinzip" in response.content.decode()
    assert not Payment.objects.exists()


def test_it_shows_finance_what_to_book_with_totals_on_the_start_page(client, approved, alice, rita, finn):
    for amount in ("1500.00", "2500.50"):
        payments.drawdown_release(drawdown=request(approved, alice, amount), user=rita)
    request(approved, alice, "100.00")
    client.force_login(finn)

    response = client.get(reverse("staff:dashboard"))

    figures = response.context["money_figures"]
    assert figures["to_book_figures"] == {"count": 2, "total": Decimal("4000.50")}
    assert "to_release_figures" not in figures  # finance does not release
    page = response.content.decode()
    assert "Zu buchen" in page and "4.000,50\u00a0€" in page

    client.force_login(rita)
    figures = client.get(reverse("staff:dashboard")).context["money_figures"]
    assert figures == {"to_release_figures": {"count": 1, "total": Decimal("100.00")}}


def test_it_runs_a_payment_run_with_list_sepa_xlsx_and_one_booking(client, approved, alice, rita, finn):
    for amount in ("1500.00", "2500.50"):
        payments.drawdown_release(drawdown=request(approved, alice, amount), user=rita)
    client.force_login(finn)
    day = timezone.localdate() + timedelta(days=1)

    response = client.post(reverse("staff:payment_run_create"), {"execution_date": day.strftime("%d.%m.%Y")})

    run = PaymentRun.objects.get()
    assert response["Location"] == reverse("staff:payment_run", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "DE89370400440532013000" in page and "Kulturverein Rheine" in page and "4.000,50\u00a0€" in page
    assert approved.file_reference in page
    sepa = client.get(reverse("staff:payment_run_sepa", args=[run.pk]))
    assert sepa["Content-Type"] == "application/xml" and b"<CtrlSum>4000.50</CtrlSum>" in sepa.content
    xlsx = client.get(reverse("staff:payment_run_xlsx", args=[run.pk]))
    rows = list(load_workbook(BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(values_only=True))
    assert [row[4] for row in rows[1:]] == [1500, 2500.5, 4000.5]

    client.post(reverse("staff:payment_run_book", args=[run.pk]))

    assert PaymentRun.objects.get().status == "booked"
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [Decimal("1500.00"), Decimal("2500.50")]
    assert set(Payment.objects.values_list("paid_on", flat=True)) == {day}


def test_it_never_books_a_drawdown_of_a_run_on_its_own(client, approved, alice, rita, finn):
    drawdown = payments.drawdown_release(drawdown=request(approved, alice), user=rita)
    client.force_login(finn)
    client.post(reverse("staff:payment_run_create"), {"execution_date": timezone.localdate().strftime("%d.%m.%Y")})

    response = client.post(reverse("staff:drawdown_booking", args=[drawdown.pk]), {"paid_on": "2027-03-15", "reference": "KA"})

    assert "Teil eines Zahllaufs" in response.content.decode()
    assert not Payment.objects.exists()


def test_it_refuses_drawdowns_before_the_approval(application, alice, rita):
    app = steps.reviewed(application, alice, rita)
    with pytest.raises(Exception, match="erst nach der Bewilligung"):
        request(app, alice)
    assert not Drawdown.objects.exists()
