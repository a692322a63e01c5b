"""The proof-of-use audit: findings, settlement, the three outcomes, the Prüfmitteilung."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from funding import audit
from funding.models import Drawdown, Letter, ProofLine, Receipt
from funding.services import payments, proofs
from funding.services.transitions import WorkflowError
from tests.funding import steps

pytestmark = pytest.mark.django_db
NOTE = "Belege vollständig geprüft; Ausgaben sachlich richtig."


def submitted_proof(application, alice, rita, anton, finn, paid="8000.00", spent="7000.00", income="1750.00"):
    """Approved 8.000 € of 10.000 € (80 %), ``paid`` paid, ``spent`` shown with ``income`` own funds."""
    app = steps.approved(application, alice, rita, anton)
    steps.paid(app, alice, rita, finn, paid)
    proof = proofs.proof_for(app)
    line = app.cost_lines.get()
    ProofLine.objects.create(proof=proof, cost_line=line, category=line.category, planned_amount=line.amount, actual_amount=Decimal(spent))
    Receipt.objects.create(proof=proof, date=date(2027, 5, 1), payee="Druckerei", purpose="Flyer", amount=Decimal(spent))
    proof.own_funds_actual = Decimal(income)
    proof.activities, proof.participants_reached = "Treffen", 30
    proof.save()
    return proofs.proof_submit(application=app, user=alice)


def test_it_flags_receipts_outside_the_period_totals_and_overruns(application, alice, rita, anton, finn):
    app = submitted_proof(application, alice, rita, anton, finn)
    proof = app.proof
    ProofLine.objects.filter(proof=proof).update(actual_amount=Decimal("12500.00"))
    Receipt.objects.create(proof=proof, date=date(2027, 2, 27), payee="Vorab GmbH", purpose="Anzahlung", amount=Decimal("100.00"))
    found = {f.kind: f.message for f in audit.findings(app, proof)}
    assert "27.02.2027" in found["period"] and "01.03.2027 – 30.11.2027" in found["period"] and "100,00" in found["period"]
    assert "7.100,00" in found["totals"] and "12.500,00" in found["totals"]
    assert "12.500,00" in found["overrun"] and "10.000,00" in found["overrun"] and "20" in found["overrun"]
    assert "2.500,00" in found["offset"]
    # Recognised: at most plan + 20 % per line, at most the plan in all, less receipts outside the period.
    assert audit.recognised_default(app, proof) == Decimal("9900.00")


def test_it_closes_the_file_only_when_nothing_is_owed(application, alice, rita, anton, finn):
    # 80 % of 7.000 € = 5.600 €; deficit 7.000 − 1.400 = 5.600 €; paid 5.600 €: nothing owed.
    app = submitted_proof(application, alice, rita, anton, finn, paid="5600.00", income="1400.00")
    with pytest.raises(WorkflowError, match="Prüfvermerk"):
        proofs.proof_accept(application=app, user=rita, note="")
    app = proofs.proof_accept(application=app, user=rita, note=NOTE)
    assert app.state == "closed"
    app.proof.refresh_from_db()
    assert (app.proof.settled_amount, app.proof.paid_at_settlement, app.proof.audit_note) == (Decimal("5600.00"), Decimal("5600.00"), NOTE)
    assert Letter.objects.filter(application=app, kind=Letter.Kind.AUDIT_RESULT).count() == 1


def test_it_releases_the_final_payment_and_closes_after_finance_books_it(application, alice, rita, anton, finn):
    app = submitted_proof(application, alice, rita, anton, finn, paid="4000.00", income="1400.00")
    app = proofs.proof_accept(application=app, user=rita, note=NOTE)
    assert app.state == "final_payment_due"
    final = Drawdown.objects.get(application=app, kind=Drawdown.Kind.FINAL)
    assert (final.amount, final.status, final.decided_by) == (Decimal("1600.00"), "released", rita)
    with pytest.raises(WorkflowError, match="Vier-Augen"):
        payments.drawdown_book(drawdown=final, user=rita, paid_on=timezone.localdate())
    payments.drawdown_book(drawdown=final, user=finn, paid_on=timezone.localdate(), reference="SZ-1")
    app.refresh_from_db()
    assert app.state == "closed" and payments.paid_total(app) == Decimal("5600.00")


def test_it_never_pays_more_than_the_settled_grant(application, alice, rita, anton, finn):
    app = submitted_proof(application, alice, rita, anton, finn, paid="4000.00", income="1400.00")
    app = proofs.proof_accept(application=app, user=rita, note=NOTE)
    final = Drawdown.objects.get(application=app, kind=Drawdown.Kind.FINAL)
    Drawdown.objects.filter(pk=final.pk).update(amount=Decimal("1600.01"))
    with pytest.raises(WorkflowError, match="übersteigt"):
        payments.drawdown_book(drawdown=Drawdown.objects.get(pk=final.pk), user=finn, paid_on=timezone.localdate())


def test_it_starts_the_hearing_when_too_much_was_paid(application, alice, rita, anton, finn):
    app = submitted_proof(application, alice, rita, anton, finn, paid="8000.00", income="1400.00")
    with pytest.raises(WorkflowError, match="Begründung"):
        proofs.proof_accept(application=app, user=rita, note=NOTE)
    deadline = timezone.localdate() + timedelta(days=28)
    hearing = {"legal_basis": "49_3_1", "reasons": "Die Ausgaben lagen unter dem Plan.", "deadline": deadline}
    app = proofs.proof_accept(application=app, user=rita, note=NOTE, hearing=hearing)
    assert app.state == "hearing"
    found = app.hearings.get()
    assert (found.intended_refund, found.intended_grant, found.deadline) == (Decimal("2400.00"), Decimal("5600.00"), deadline)
    kinds = set(Letter.objects.filter(application=app).values_list("kind", flat=True))
    assert {Letter.Kind.AUDIT_RESULT, Letter.Kind.HEARING} <= kinds


def test_it_settles_after_open_drawdowns_only(application, alice, rita, anton, finn):
    app = submitted_proof(application, alice, rita, anton, finn, paid="4000.00")
    payments.drawdown_request(application=app, user=alice, amount=Decimal("100"), purpose="Restzahlung Druckerei")
    with pytest.raises(WorkflowError, match="Mittelabrufe offen"):
        proofs.proof_accept(application=app, user=rita, note=NOTE)


def test_it_lets_the_auditor_recognise_less(application, alice, rita, anton, finn):
    app = submitted_proof(application, alice, rita, anton, finn, paid="4000.00", income="0.00")
    # 80 % of 6.000 € recognised = 4.800 €: a final payment of 800 €.
    app = proofs.proof_accept(application=app, user=rita, note=NOTE, recognised_expenditure=Decimal("6000.00"))
    app.proof.refresh_from_db()
    assert (app.proof.recognised_expenditure, app.proof.settled_amount) == (Decimal("6000.00"), Decimal("4800.00"))
    assert Drawdown.objects.get(kind="final").amount == Decimal("800.00")


def test_it_proposes_interest_for_money_used_late(application, alice, rita, anton, finn):
    app = steps.approved(application, alice, rita, anton)
    steps.paid(app, alice, rita, finn, "8000.00", paid_on=date(2027, 3, 1))
    proof = proofs.proof_for(app)
    # Grant share 80 %: 5.000 € receipts on 10.03. use 4.000 €; 5.000 € on 15.06.2027 use the rest, late.
    Receipt.objects.create(proof=proof, date=date(2027, 3, 10), payee="A", purpose="Honorar", amount=Decimal("5000.00"))
    Receipt.objects.create(proof=proof, date=date(2027, 6, 15), payee="B", purpose="Miete", amount=Decimal("5000.00"))
    rows, proposed = audit.late_use_proposal(app, until=date(2027, 12, 1))
    (row,) = rows
    # 4.000 € late, 01.03.–14.06.2027 = 106 days at (last entered base 1,27 % + 5) 6,27 % (provisional):
    # 4000 × 6.27 × 106 / 36500 = 72.8350… → 72,84 €
    assert (row.late_amount, row.interest, proposed) == (Decimal("4000.00"), Decimal("72.84"), Decimal("72.84"))
    assert all(period.provisional for period in row.periods)
