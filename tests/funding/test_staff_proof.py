"""Proof-of-use audit pages: plan against actual, findings, settlement, Prüfvermerk, hearing, recovery, repayment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import Application, Hearing, Letter, Message, ProofLine, Recovery
from funding.staff.selectors import proof_audit
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]
TODAY = timezone.localdate()
REASONS = "Die Ausgaben lagen unter dem Plan; der nicht verbrauchte Teil der Zuwendung ist zu erstatten."


@pytest.fixture
def proof_app(application, alice, rita, anton, finn):
    """Approved 8.000 € of 10.000 € (Anteilfinanzierung, 80 %), 8.000 € paid on 01.03.2027, 7.000 € spent."""
    return steps.proof_submitted(application, alice, rita, anton, finn)


def hearing_data(**extra):
    return {"legal_basis": "49_3_1", "reasons": REASONS, "deadline": (TODAY + timedelta(days=21)).isoformat(), **extra}


def test_it_shows_plan_actual_findings_and_the_settlement(client, proof_app, rita):
    client.force_login(rita)

    response = client.get(reverse("staff:proof_audit", args=[proof_app.pk]))

    audit = response.context
    (row,) = audit["cost_rows"]
    # ANBest-P 1.2: spending 30 % less than planned is shown, but it is no overrun.
    assert (row.planned, row.actual, row.deviation, row.flagged) == (Decimal("10000.00"), Decimal("7000.00"), Decimal("-0.3000"), False)
    assert audit["receipts_total"] == Decimal("7000.00")
    settlement = audit["settlement"]
    # Anteilfinanzierung: 80 % of 7.000 € = 5.600 €; 8.000 € paid, so 2.400 € are to be refunded.
    assert (settlement.final_grant, settlement.paid, settlement.refund) == (Decimal("5600.00"), Decimal("8000.00"), Decimal("2400.00"))
    assert audit["unspent_grant"] == Decimal("2400.00")
    page = response.content.decode()
    assert "über 20 %" not in page and "-30,0\u00a0%" in page and "Druckerei" in page
    assert "5.600,00\u00a0€" in page and "Erstattung 2.400,00\u00a0€" in page and "Anteilfinanzierung" in page


def test_it_flags_a_line_more_than_20_percent_above_its_plan_with_the_figures(client, proof_app, rita):
    ProofLine.objects.filter(proof__application=proof_app).update(actual_amount=Decimal("12000.01"))
    client.force_login(rita)

    response = client.get(reverse("staff:proof_audit", args=[proof_app.pk]))

    (row,) = response.context["cost_rows"]
    assert row.flagged and response.context["flagged"] == 1
    page = response.content.decode()
    assert "mehr als 20 % über dem Ansatz" in page and "12.000,01" in page and "10.000,00" in page
    # The receipts (7.000 €) no longer match the actual expenditure.
    assert "weicht von den Ist-Ausgaben" in page and "5.000,01" in page


def test_it_does_not_flag_deviations_within_20_percent(proof_app):
    ProofLine.objects.filter(proof__application=proof_app).update(actual_amount=Decimal("11900.00"))
    (row,) = proof_audit(proof_app, proof_app.proof)["cost_rows"]
    assert row.deviation == Decimal("0.1900") and not row.flagged


def test_it_needs_a_pruefvermerk_and_keeps_what_was_typed(client, proof_app, rita):
    client.force_login(rita)
    response = client.post(reverse("staff:proof_accept", args=[proof_app.pk]), {"note": "", "recognised_expenditure": "6.500,00"})
    assert response.status_code == 400 and response.context["note_form"].errors["note"]
    assert response.context["note_form"]["recognised_expenditure"].value() == "6.500,00"
    assert Application.objects.get(pk=proof_app.pk).state == "proof_submitted"
    assert not Letter.objects.filter(application=proof_app, kind=Letter.Kind.AUDIT_RESULT).exists()


def test_it_closes_the_file_with_the_pruefmitteilung_when_nothing_is_owed(client, proof_app, rita):
    ProofLine.objects.filter(proof__application=proof_app).update(actual_amount=Decimal("10000.00"))
    proof_app.proof.receipts.update(amount=Decimal("10000.00"))
    client.force_login(rita)

    client.post(reverse("staff:proof_accept", args=[proof_app.pk]), {"note": "Vollständig."})

    app = Application.objects.get(pk=proof_app.pk)
    assert app.state == "closed"
    assert (app.proof.audited_by, app.proof.audit_note, app.proof.settled_amount) == (rita, "Vollständig.", Decimal("8000.00"))
    assert Letter.objects.filter(application=app, kind=Letter.Kind.AUDIT_RESULT).count() == 1


def test_it_requests_changes_to_the_proof(client, proof_app, rita):
    client.force_login(rita)
    client.post(reverse("staff:proof_changes", args=[proof_app.pk]), {"message": "Bitte Belege zur Miete ergänzen."})
    assert Application.objects.get(pk=proof_app.pk).state == "proof_changes_requested"
    assert Message.objects.get(application=proof_app).body == "Bitte Belege zur Miete ergänzen."


def test_it_starts_the_hearing_with_the_audit_and_decides_only_after_the_answer(client, proof_app, rita):
    client.force_login(rita)
    client.post(reverse("staff:proof_accept", args=[proof_app.pk]), {"note": "Ausgaben unter Plan.", **hearing_data()})
    app = Application.objects.get(pk=proof_app.pk)
    assert app.state == "hearing"
    assert Hearing.objects.get(application=app).intended_refund == Decimal("2400.00")
    kinds = set(Letter.objects.filter(application=app).values_list("kind", flat=True))
    assert {Letter.Kind.AUDIT_RESULT, Letter.Kind.HEARING} <= kinds

    url = reverse("staff:recovery", args=[app.pk])
    decision = {"refund": "2.400,00", "legal_basis": "49_3_1", "reason": REASONS,
                "effective_date": TODAY.isoformat(), "due_date": "2027-04-30"}
    response = client.post(url, decision)
    assert response.status_code == 400 and "Frist zur Stellungnahme läuft noch" in response.content.decode()

    client.post(reverse("staff:hearing_answer", args=[app.pk]), {"answer": "Wir sind einverstanden.", "received_on": TODAY.isoformat()})
    response = client.post(url, {**decision, "refund": "8.000,01"})
    page = response.content.decode()
    assert response.status_code == 400 and "höchstens zurückgefordert werden, was ausgezahlt wurde" in page
    assert response.context["form"]["refund"].value() == "8.000,01"

    client.post(url, decision)

    app = Application.objects.get(pk=proof_app.pk)
    recovery = Recovery.objects.get(application=app)
    assert app.state == "recovery_pending" and recovery.kind_label == "Teilwiderruf"
    assert (recovery.amount, recovery.new_grant_amount) == (Decimal("2400.00"), Decimal("5600.00"))
    # Interest from the payout (01.03.2027, after the effective date) to the due date: 60 days.
    # 2.400 € × 6,27 % × 60 / 365 = 24,7364… → 24,74 € (the last entered base rate, 1,27 %, marked provisional).
    assert recovery.interest_amount == Decimal("24.74")
    assert Letter.objects.filter(application=app, kind=Letter.Kind.RECOVERY).count() == 1


def test_it_previews_the_interest_table_before_deciding(client, proof_app, rita):
    client.force_login(rita)
    client.post(reverse("staff:proof_accept", args=[proof_app.pk]), {"note": "Ausgaben unter Plan.", **hearing_data()})
    client.post(reverse("staff:hearing_answer", args=[proof_app.pk]), {"answer": "Einverstanden.", "received_on": TODAY.isoformat()})

    response = client.post(reverse("staff:recovery", args=[proof_app.pk]), {
        "refund": "2.400,00", "legal_basis": "49_3_1", "reason": REASONS, "effective_date": TODAY.isoformat(),
        "due_date": "2027-04-30", "preview": "1",
    })

    assert response.context["interest_total"] == Decimal("24.74")
    page = response.content.decode()
    assert "01.03.2027" in page and "29.04.2027" in page and "6,27" in page and "24,74" in page
    assert Application.objects.get(pk=proof_app.pk).state == "hearing"


def test_it_books_repayments_and_closes_the_file_when_settled(client, proof_app, rita, finn):
    client.force_login(rita)
    client.post(reverse("staff:proof_accept", args=[proof_app.pk]), {"note": "Ausgaben unter Plan.", **hearing_data()})
    client.post(reverse("staff:hearing_answer", args=[proof_app.pk]), {"answer": "Einverstanden.", "received_on": TODAY.isoformat()})
    client.post(reverse("staff:recovery", args=[proof_app.pk]), {
        "refund": "2.400,00", "legal_basis": "49_3_1", "reason": REASONS, "effective_date": TODAY.isoformat(),
        "due_date": "2027-04-30",
    })

    client.force_login(finn)
    url = reverse("staff:repayment", args=[proof_app.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"received_on": "2027-04-30", "amount": "1.000,00"})
    assert Application.objects.get(pk=proof_app.pk).state == "recovery_pending"
    client.post(url, {"received_on": "2027-04-30", "amount": "1.424,74"})

    recovery = Recovery.objects.get(application=proof_app)
    assert Application.objects.get(pk=proof_app.pk).state == "closed" and recovery.settled_on == date(2027, 4, 30)
    assert [(r.interest_part, r.principal_part) for r in recovery.repayments.all()] == [
        (Decimal("24.74"), Decimal("975.26")), (Decimal("0.00"), Decimal("1424.74")),
    ]
