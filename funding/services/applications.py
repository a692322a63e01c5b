"""Services for the steps of an application up to the decision."""

import calendar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import Decision, FundingCall, Message
from funding.notifications import organisation_addresses, queue_email
from funding.services.letters import issue_decision_letter
from funding.services.transitions import perform_transition
from funding.tasks import issue_receipt


def next_file_reference(call_id):
    """The next Aktenzeichen of a call: unique and gapless.

    The counter lives on the call row, which the caller has locked; a
    rolled-back submission gives its number back.
    """
    call = FundingCall.objects.select_for_update().get(pk=call_id)
    number = call.next_reference_number
    FundingCall.objects.filter(pk=call.pk).update(next_reference_number=number + 1)
    return f"{call.reference_prefix}-{number:04d}"


def application_submit(*, application, user):
    """Einreichen: declarations recorded, file reference assigned, receipt queued."""

    def prepare(app):
        now = timezone.now()
        app.declared_by = user
        app.declared_at = now
        app.submitted_at = now

    def after(app):
        app.file_reference = next_file_reference(app.call_id)
        app.save(update_fields=["file_reference"])
        issue_receipt.enqueue(application_id=app.pk)

    return perform_transition(application, "submit", user=user, prepare=prepare, after=after)


def application_start_review(*, application, user):
    """Prüfung beginnen; the reviewer is assigned when nobody is yet."""

    def after(app):
        if app.assigned_reviewer_id is None:
            app.assigned_reviewer = user
            app.save(update_fields=["assigned_reviewer"])

    return perform_transition(application, "start_review", user=user, after=after)


def application_request_changes(*, application, user, message):
    """Nachforderung: the applicant gets the message and can edit again."""

    def prepare(app):
        app.pending_reasons = message

    def after(app):
        app.changes_requested_at = timezone.now()
        app.save(update_fields=["changes_requested_at"])
        _message_applicant(app, user, _("Nachforderung zu Ihrem Antrag"), message, "changes_requested")

    return perform_transition(application, "request_changes", user=user, reason=message, prepare=prepare, after=after)


def application_resubmit(*, application, user):
    def after(app):
        app.changes_requested_at = None
        app.save(update_fields=["changes_requested_at"])

    return perform_transition(application, "resubmit", user=user, after=after)


def application_withdraw(*, application, user, reason=""):
    return perform_transition(application, "withdraw", user=user, reason=reason)


def application_approve(*, application, user, amount, reasons=""):
    """Bewilligung or Teilbewilligung, checked against the budget under the call lock."""

    def prepare(app):
        app.approved_amount = amount
        app.pending_reasons = reasons

    def after(app):
        app.decided_at = timezone.now()
        app.proof_due_date = proof_due_date(app)
        app.save(update_fields=["decided_at", "proof_due_date"])
        partial = amount < app.requested_amount
        outcome = Decision.Outcome.PARTIAL if partial else Decision.Outcome.APPROVED
        Decision.objects.create(application=app, outcome=outcome, amount=amount, reasons=reasons, decided_by=user)
        _issue_decision_letter(app, user)

    return perform_transition(application, "approve", user=user, reason=reasons, prepare=prepare, after=after)


def application_reject(*, application, user, reasons):
    def prepare(app):
        app.pending_reasons = reasons

    def after(app):
        app.decided_at = timezone.now()
        app.save(update_fields=["decided_at"])
        Decision.objects.create(application=app, outcome=Decision.Outcome.REJECTED, reasons=reasons, decided_by=user)
        _issue_decision_letter(app, user)

    return perform_transition(application, "reject", user=user, reason=reasons, prepare=prepare, after=after)


def proof_due_date(application):
    """End of the funding period plus the call's deadline in months."""
    end = application.end_date or application.call.period_end
    months = end.month - 1 + application.call.proof_due_months
    year, month = end.year + months // 12, months % 12 + 1
    day = min(end.day, calendar.monthrange(year, month)[1])
    return end.replace(year=year, month=month, day=day)


def _issue_decision_letter(app, user):
    # At once, in the decision's transaction: no decision without its letter.
    issue_decision_letter(app, user)


def _message_applicant(app, sender, subject, body, email_name):
    message = Message.objects.create(application=app, sender=sender, from_staff=True, subject=subject, body=body)
    queue_email(
        email_name,
        to=organisation_addresses(app.organisation),
        context={"application": app, "message": message},
    )
    return message


def message_applicant(*, application, sender, subject, body):
    with transaction.atomic():
        return _message_applicant(application, sender, subject, body, "staff_message")
