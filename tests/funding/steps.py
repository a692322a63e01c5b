"""Moves an application through the workflow with the real services."""

from datetime import date
from decimal import Decimal

from funding.financing import approved_plan
from funding.models import Payment, ProofLine, Receipt
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
    return services.application_approve(
        no_conflict=True, application=application, user=anton, amount=amount, reasons=reasons,
        line_approvals=line_approvals(application, amount),
    )


def line_approvals(application, amount, reason="Über dem ortsüblichen Satz."):
    """What an approver enters for a Teilbewilligung of ``amount``: the cut taken from the first lines."""
    cut = approved_plan(application, amount).cost_reduction
    approvals = {}
    for line in application.cost_lines.all():
        taken = min(cut, line.amount)
        cut -= taken
        approvals[line.pk] = (line.amount - taken, reason if taken else "")
    return approvals


def released(app, requester, releaser, amount):
    """A drawdown requested by the organisation and released (sachlich und rechnerisch richtig) by a reviewer."""
    drawdown = payments.drawdown_request(
        application=app, user=requester, amount=Decimal(amount), purpose="Honorare März und April"
    )
    return payments.drawdown_release(drawdown=drawdown, user=releaser)


def paid(app, requester, releaser, booker, amount, paid_on=date(2027, 3, 1), reference="KA-1"):
    """A drawdown requested, released and booked: the one way money is paid."""
    drawdown = released(app, requester, releaser, amount)
    payments.drawdown_book(drawdown=drawdown, user=booker, paid_on=paid_on, reference=reference)
    return Payment.objects.get(drawdown=drawdown)


def proof_submitted(application, alice, rita, anton, finn, spent=Decimal("7000.00")):
    """Approved for 8.000 €, paid in full, proof shows ``spent`` of 10.000 € planned."""
    app = approved(application, alice, rita, anton)
    paid(app, alice, rita, finn, app.approved_amount)
    proof = proofs.proof_for(app)
    line = app.cost_lines.get()
    ProofLine.objects.create(proof=proof, cost_line=line, category=line.category, planned_amount=line.amount, actual_amount=spent)
    Receipt.objects.create(proof=proof, date=date(2027, 5, 1), payee="Druckerei", purpose="Flyer", amount=spent)
    proof.grant_actual = min(app.approved_amount, spent)
    proof.own_funds_actual = spent - proof.grant_actual
    proof.activities, proof.participants_reached = "Treffen", 30
    proof.save()
    return proofs.proof_submit(application=app, user=alice)


def with_bank_details(app):
    """The organisation's account and the authority's paying account, as a payment run needs them."""
    org = app.organisation
    org.account_holder, org.iban = "Kulturverein Rheine", "DE89370400440532013000"
    org.save()
    authority = app.call.programme.authority
    authority.payer_iban, authority.payer_name = "DE02120300000000202051", "Kreis Steinfurt"
    authority.save()
    return app
