"""Proof of use (Verwendungsnachweis) and its audit with the settlement (Festsetzung).

Completing the audit needs a Prüfvermerk and fixes the final grant by the
line's financing type (``funding.audit.audit_settlement``). What follows
depends on the outcome, and each is its own transition:

- nothing owed either way: the file closes (``accept_proof``);
- paid less than the final grant: the Schlusszahlung is released as a
  drawdown that finance books like any other (``accept_proof_with_final_payment``);
  the file closes with its booking;
- paid more: the hearing on the refund begins (``accept_proof_with_refund``,
  see ``funding.services.recoveries``).

Every outcome sends the Prüfmitteilung: the result of the audit, the
settled grant, and what happens next.
"""

from django.utils import timezone

from funding.audit import audit_settlement
from funding.models import Drawdown, Message, ProofOfUse
from funding.services.applications import message_from_event
from funding.services.letters import issue_audit_letter
from funding.services.transitions import perform_transition
from funding.settlement import Outcome

# Stored as data in German whatever the auditor's language; pages show
# ``Drawdown.purpose_label`` in the reader's.
FINAL_PAYMENT_PURPOSE = "Schlusszahlung nach Prüfung des Verwendungsnachweises"
FINAL_PAYMENT_NOTE = "Festsetzung nach Prüfung des Verwendungsnachweises"

ACCEPTING_TRANSITIONS = {
    Outcome.NOTHING_OWED: "accept_proof",
    Outcome.FINAL_PAYMENT: "accept_proof_with_final_payment",
    Outcome.REFUND: "accept_proof_with_refund",
}


def proof_for(application):
    """The application's proof of use, created empty when first needed."""
    proof, _created = ProofOfUse.objects.get_or_create(application=application)
    return proof


def proof_submit(*, application, user):
    def after(app):
        ProofOfUse.objects.filter(application=app).update(submitted_by=user, submitted_at=timezone.now())

    return perform_transition(application, "submit_proof", user=user, after=after)


def proof_request_changes(*, application, user, message):
    def prepare(app):
        app.pending_reasons = message

    def after(app):
        app.changes_requested_at = timezone.now()
        app.save(update_fields=["changes_requested_at"])
        message_from_event(application=app, sender=user, event=Message.Event.PROOF_CHANGES_REQUESTED, body=message)

    return perform_transition(
        application, "request_proof_changes", user=user, reason=message, prepare=prepare, after=after
    )


def proof_settlement_preview(application, recognised=None):
    """The settlement the audit would fix now (unlocked; the step recomputes it under the lock)."""
    return audit_settlement(application, application.proof, recognised)


def proof_accept(*, application, user, note, recognised_expenditure=None, hearing=None):
    """Completes the audit: Prüfvermerk, settlement, Prüfmitteilung; the outcome picks the step.

    ``hearing`` (a dict with ``legal_basis``, ``reasons``, ``deadline``) is
    needed when the settlement leaves a refund: the hearing starts with it.
    The outcome is computed again on the locked row; if it changed since the
    page was shown, the step's conditions refuse.
    """
    from funding.services.recoveries import open_hearing

    expected = proof_settlement_preview(application, recognised_expenditure).outcome

    def prepare(app):
        app.pending_audit_note = note
        app.pending_settlement = settlement = audit_settlement(app, app.proof, recognised_expenditure)
        if settlement.outcome == Outcome.REFUND and hearing:
            app.pending_reasons = hearing.get("reasons", "")
            app.pending_refund, app.pending_refundable = settlement.refund, settlement.paid
            app.pending_deadline = hearing.get("deadline")

    def after(app):
        settlement = app.pending_settlement
        ProofOfUse.objects.filter(application=app).update(
            audited_by=user, audited_at=timezone.now(), audit_note=note,
            recognised_expenditure=settlement.expenditure, settled_amount=settlement.final_grant,
            paid_at_settlement=settlement.paid,
        )
        app.proof.refresh_from_db()
        found = None
        if settlement.outcome == Outcome.FINAL_PAYMENT:
            _release_final_payment(app, user, settlement.final_payment)
        elif settlement.outcome == Outcome.REFUND:
            found = open_hearing(app, user, settlement.refund, settlement.final_grant, **hearing)
        issue_audit_letter(app, settlement, user, hearing=found)

    name = ACCEPTING_TRANSITIONS[expected]
    return perform_transition(application, name, user=user, reason=note, prepare=prepare, after=after)


def _release_final_payment(app, user, amount):
    """The Schlusszahlung as a drawdown released by the auditor; finance books it (four eyes)."""
    drawdown = Drawdown.objects.create(
        application=app, kind=Drawdown.Kind.FINAL, amount=amount, requested_by=user, needed_confirmed=True,
        purpose=FINAL_PAYMENT_PURPOSE,  # German: it is the purpose line of the transfer
    )
    note = FINAL_PAYMENT_NOTE

    def after(row):
        row.decided_by, row.decided_at, row.note = user, timezone.now(), note
        row.save(update_fields=["decided_by", "decided_at", "note"])

    perform_transition(drawdown, "release_drawdown", user=user, after=after)
