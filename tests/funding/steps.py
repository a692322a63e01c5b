"""Moves an application through the workflow with the real services."""

from datetime import date
from decimal import Decimal

from funding.models import ProofLine, Receipt
from funding.services import applications as services
from funding.services import payments, proofs, reviews


def submitted(application, alice):
    return services.application_submit(application=application, user=alice)


def in_review(application, alice, rita):
    submitted(application, alice)
    reviews.review_declare(application=application, user=rita, has_conflict=False)
    application.refresh_from_db()
    return application


def complete_review(application, rita, recommendation="approve", amount=None, scores=None):
    """``rita`` declares no conflict and completes her review with a Prüfvermerk (the application is in review)."""
    reviews.review_declare(application=application, user=rita, has_conflict=False)
    checklist = {row["key"]: {"auto": row["auto"], "ok": True} for row in reviews.automatic_checks(application)}
    reviews.review_save(
        application=application, user=rita, checklist=checklist, scores=scores or {},
        recommendation=recommendation, recommended_amount=amount, note="Prüfvermerk: alles schlüssig.", complete=True,
    )
    application.refresh_from_db()
    return application


def reviewed(application, alice, rita, recommendation="approve", amount=None, scores=None):
    in_review(application, alice, rita)
    return complete_review(application, rita, recommendation, amount, scores)


def approved(application, alice, rita, anton, amount=None, reasons=""):
    reviewed(application, alice, rita)
    amount = amount or application.requested_amount
    return services.application_approve(no_conflict=True, application=application, user=anton, amount=amount, reasons=reasons)


def proof_submitted(application, alice, rita, anton, finn, spent=Decimal("7000.00")):
    """Approved for 8.000 €, paid in full, proof shows ``spent`` of 10.000 € planned."""
    app = approved(application, alice, rita, anton)
    payments.payment_record(application=app, user=finn, amount=app.approved_amount, paid_on=date(2027, 3, 1), reference="KA-1")
    proof = proofs.proof_for(app)
    line = app.cost_lines.get()
    ProofLine.objects.create(proof=proof, cost_line=line, category=line.category, planned_amount=line.amount, actual_amount=spent)
    Receipt.objects.create(proof=proof, date=date(2027, 5, 1), payee="Druckerei", purpose="Flyer", amount=spent)
    proof.grant_actual = min(app.approved_amount, spent)
    proof.own_funds_actual = spent - proof.grant_actual
    proof.activities, proof.participants_reached = "Treffen", 30
    proof.save()
    return proofs.proof_submit(application=app, user=alice)
