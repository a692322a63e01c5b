"""Proof of use (Verwendungsnachweis), its audit, and recovery."""

from django.utils import timezone

from funding.interest import recovery_interest, recovery_interest_rate
from funding.models import Message, ProofOfUse, Recovery
from funding.services.applications import message_from_event
from funding.services.letters import issue_recovery_letter
from funding.services.transitions import perform_transition


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


def proof_accept(*, application, user, note=""):
    def after(app):
        ProofOfUse.objects.filter(application=app).update(audited_by=user, audited_at=timezone.now(), audit_note=note)

    return perform_transition(application, "accept_proof", user=user, reason=note, after=after)


def recovery_claim(*, application, user, amount, reason, repayable_since, interest_until=None, hearing_held_on=None):
    """Rückforderung with interest; the Rückforderungsbescheid is issued at once."""
    interest_until = interest_until or timezone.localdate()

    def prepare(app):
        app.pending_reasons = reason
        app.pending_recovery_amount = amount

    def after(app):
        rate = recovery_interest_rate(app.call.programme.authority.base_interest_rate)
        recovery = Recovery.objects.create(
            application=app,
            amount=amount,
            reason=reason,
            repayable_since=repayable_since,
            interest_rate_percent=rate,
            interest_until=interest_until,
            interest_amount=recovery_interest(amount, rate, repayable_since, interest_until),
            hearing_held_on=hearing_held_on,
            claimed_by=user,
        )
        issue_recovery_letter(app, recovery, user)

    return perform_transition(application, "claim_recovery", user=user, reason=reason, prepare=prepare, after=after)


def recovery_record_repayment(*, application, user, repaid_on, amount):
    def after(app):
        recovery = app.recoveries.order_by("-claimed_at").first()
        recovery.repaid_on, recovery.repaid_amount, recovery.repayment_recorded_by = repaid_on, amount, user
        recovery.save(update_fields=["repaid_on", "repaid_amount", "repayment_recorded_by"])

    return perform_transition(application, "record_repayment", user=user, after=after)
