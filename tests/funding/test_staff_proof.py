"""Proof-of-use audit: plan against actual, accept, request changes, recovery."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import Application, Letter, Message, ProofLine, Recovery
from funding.staff.selectors import proof_audit, recovery_due
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


@pytest.fixture
def proof_app(application, alice, rita, anton, finn):
    return steps.proof_submitted(application, alice, rita, anton, finn)


def test_it_shows_plan_and_actual_with_flagged_deviations(client, proof_app, rita):
    client.force_login(rita)

    response = client.get(reverse("staff:proof_audit", args=[proof_app.pk]))

    audit = response.context
    (row,) = audit["cost_rows"]
    # ANBest-P 1.2: spending 30 % less than planned is shown, but it is no overrun.
    assert (row.planned, row.actual, row.deviation, row.flagged) == (Decimal("10000.00"), Decimal("7000.00"), Decimal("-0.3000"), False)
    assert audit["receipts_total"] == Decimal("7000.00")
    assert audit["unspent_grant"] == Decimal("1000.00")  # 8.000 approved, 7.000 used
    page = response.content.decode()
    assert "über 20 %" not in page and "-30,0\u00a0%" in page
    assert "Druckerei" in page


def test_it_flags_a_line_more_than_20_percent_above_its_plan(client, proof_app, rita):
    ProofLine.objects.filter(proof__application=proof_app).update(actual_amount=Decimal("12000.01"))
    client.force_login(rita)

    response = client.get(reverse("staff:proof_audit", args=[proof_app.pk]))

    (row,) = response.context["cost_rows"]
    assert row.flagged and response.context["flagged"] == 1
    assert "über 20 %" in response.content.decode()


def test_it_does_not_flag_deviations_within_20_percent(proof_app):
    ProofLine.objects.filter(proof__application=proof_app).update(actual_amount=Decimal("11900.00"))
    (row,) = proof_audit(proof_app, proof_app.proof)["cost_rows"]
    assert row.deviation == Decimal("0.1900") and not row.flagged


def test_it_accepts_the_proof_and_closes_the_file(client, proof_app, rita):
    client.force_login(rita)
    client.post(reverse("staff:proof_accept", args=[proof_app.pk]), {"note": "Vollständig."})
    app = Application.objects.get(pk=proof_app.pk)
    assert app.state == "closed"
    assert app.proof.audited_by == rita and app.proof.audit_note == "Vollständig."


def test_it_requests_changes_to_the_proof(client, proof_app, rita):
    client.force_login(rita)
    client.post(reverse("staff:proof_changes", args=[proof_app.pk]), {"message": "Bitte Belege zur Miete ergänzen."})
    assert Application.objects.get(pk=proof_app.pk).state == "proof_changes_requested"
    assert Message.objects.get(application=proof_app).body == "Bitte Belege zur Miete ergänzen."


def test_it_claims_a_recovery_with_interest_and_letter(client, proof_app, rita):
    client.force_login(rita)
    assert client.get(reverse("staff:recovery", args=[proof_app.pk])).context["form"]["amount"].value() == "1.000,00"
    since = timezone.localdate() - timedelta(days=100)
    data = {"amount": "1.000,00", "reason": "Nicht verbrauchte Mittel.", "repayable_since": since.isoformat(),
            "hearing_held_on": (since + timedelta(days=50)).isoformat()}

    client.post(reverse("staff:recovery", args=[proof_app.pk]), data)

    app = Application.objects.get(pk=proof_app.pk)
    assert app.state == "recovery_pending"
    recovery = Recovery.objects.get(application=app)
    assert recovery.interest_rate_percent == Decimal("6.27")  # 1,27 % base rate + 5 points
    assert recovery.interest_amount == Decimal("17.18")  # 1000 * 6.27 % * 100 / 365
    assert Letter.objects.filter(application=app, kind=Letter.Kind.RECOVERY).exists()


def test_it_records_the_repayment_and_closes_the_file(client, proof_app, rita, finn):
    client.force_login(rita)
    data = {"amount": "1.000,00", "reason": "Nicht verbraucht.", "repayable_since": "2027-12-01", "hearing_held_on": "2028-01-10"}
    client.post(reverse("staff:recovery", args=[proof_app.pk]), data)
    recovery = Recovery.objects.get(application=proof_app)
    assert recovery_due(recovery, date(2028, 12, 1))["interest"] == Decimal("62.87")  # 366 days in 2028

    client.force_login(finn)
    assert client.get(reverse("staff:repayment", args=[proof_app.pk])).status_code == 200
    client.post(reverse("staff:repayment", args=[proof_app.pk]), {"repaid_on": "2028-12-01", "amount": "1.062,87"})

    recovery.refresh_from_db()
    assert Application.objects.get(pk=proof_app.pk).state == "closed"
    assert (recovery.repaid_on, recovery.repaid_amount, recovery.repayment_recorded_by) == (date(2028, 12, 1), Decimal("1062.87"), finn)
