"""Services for the steps of an application up to the decision."""

import calendar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.financing import approved_plan, check_line_approvals
from funding.models import ApproverDeclaration, Decision, DecisionCostLine, FundingCall, Message, Note
from funding.notifications import organisation_addresses, queue_email
from funding.services.letters import issue_decision_letter, prepare_decision_letter
from funding.services.locks import lock_application
from funding.services.transitions import WorkflowError, perform_transition
from funding.tasks import issue_receipt
from funding.workflow import can_decide


def next_file_reference(call):
    """The next Aktenzeichen of ``call``: unique and gapless.

    The counter lives on the call row, which the caller has locked
    (``perform_transition`` does for ``submit``); a rolled-back submission
    gives its number back.
    """
    number = call.next_reference_number
    FundingCall.objects.filter(pk=call.pk).update(next_reference_number=number + 1)
    call.next_reference_number = number + 1
    return f"{call.reference_prefix}-{number:04d}"


def application_submit(*, application, user, check=None, assisted=False, reason=""):
    """Einreichen: declarations recorded, file reference assigned, receipt queued.

    ``check(app)`` runs first on the locked row (the portal's checks of the
    call and its declarations) and may refuse with a ``WorkflowError``.
    ``assisted``: KI staff submit for the organisation (``submit_assisted``);
    the declarations are not made now but confirmed later by the
    organisation's representative (``applicants.services.assisted``).
    """

    def prepare(app):
        if check is not None:
            check(app)
        now = timezone.now()
        if not assisted:
            app.declared_by = user
            app.declared_at = now
        app.submitted_at = now

    def after(app):
        app.file_reference = next_file_reference(app.call)
        app.save(update_fields=["file_reference"])
        issue_receipt.enqueue(application_id=app.pk)

    name = "submit_assisted" if assisted else "submit"
    return perform_transition(application, name, user=user, reason=reason, prepare=prepare, after=after)


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
        message_from_event(application=app, sender=user, event=Message.Event.CHANGES_REQUESTED, body=message)

    return perform_transition(application, "request_changes", user=user, reason=message, prepare=prepare, after=after)


def application_resubmit(*, application, user, check=None):
    def after(app):
        app.changes_requested_at = None
        app.save(update_fields=["changes_requested_at"])

    return perform_transition(application, "resubmit", user=user, prepare=check, after=after)


def application_withdraw(*, application, user, reason=""):
    return perform_transition(application, "withdraw", user=user, reason=reason)


def _declare_no_conflict(app, user, no_conflict):
    """The approver's declaration, recorded with the decision; without it there is no decision."""
    if not no_conflict:
        raise WorkflowError(_("Bitte erklären Sie, dass bei Ihnen keine Befangenheit besteht."))
    ApproverDeclaration.objects.get_or_create(application=app, approver=user, defaults={"has_conflict": False})


def decision_recuse(*, application, user, note=""):
    """Befangenheit der entscheidenden Person: recorded, noted in the file; the approver can no longer decide."""
    with transaction.atomic():
        app = lock_application(application.pk)
        if not can_decide(app, user):
            raise PermissionDenied(_("Sie können über diesen Antrag nicht entscheiden."))
        ApproverDeclaration.objects.update_or_create(
            application=app, approver=user, defaults={"has_conflict": True, "note": note, "declared_at": timezone.now()}
        )
        body = _("Befangenheit der entscheidenden Person erklärt; sie ist von der Entscheidung ausgeschlossen. %(note)s")
        Note.objects.create(application=app, author=user, body=(body % {"note": note}).strip())
        return app


def application_approve(*, application, user, amount, reasons="", no_conflict=False, line_approvals=None):
    """Bewilligung or Teilbewilligung, checked against the budget under the call lock.

    A Teilbewilligung names each cost line's approved amount and, where it is
    reduced, the reason (``line_approvals``: cost line pk → ``(amount, reason)``);
    they must add up to the eligible costs of the approved plan
    (``funding.financing.check_line_approvals``) and become its binding Anlage 1.

    The Bescheid is typeset before the lock is taken (``prepare_decision_letter``)
    and stored under it, in the deciding transaction: no decision without its
    letter, and no submission to the call waits for the typesetting.
    """
    cost_lines = list(application.cost_lines.all())
    partial = amount is not None and amount < application.requested_amount
    errors = []  # shown after the workflow's own conditions (amount, budget, reasons) are met
    if partial and amount > 0:
        errors = check_line_approvals(approved_plan(application, amount, cost_lines), cost_lines, line_approvals or {})

    def decide(app):
        app.approved_amount = amount
        app.decided_at = timezone.now()
        app.proof_due_date = proof_due_date(app)
        outcome = Decision.Outcome.PARTIAL if partial else Decision.Outcome.APPROVED
        decision = Decision(application=app, outcome=outcome, amount=amount, reasons=reasons, decided_by=user)
        decision.pending_lines = [
            DecisionCostLine(
                decision=decision, cost_line=line, approved_amount=line_approvals[line.pk][0],
                reason=line_approvals[line.pk][1].strip() if line_approvals[line.pk][0] < line.amount else "",
            )
            for line in cost_lines
        ] if partial and not errors else []
        return decision

    def prepare(app):
        _declare_no_conflict(app, user, no_conflict)
        app.approved_amount = amount
        app.pending_reasons = reasons

    def after(app):
        if errors:
            raise WorkflowError(errors)
        decision = decide(app)
        app.save(update_fields=["decided_at", "proof_due_date"])
        decision.save()
        DecisionCostLine.objects.bulk_create(decision.pending_lines)
        issue_decision_letter(app, user, prepared=letter)

    letter = prepare_decision_letter(application, "approve", user, decide) if amount and not errors else None
    return perform_transition(application, "approve", user=user, reason=reasons, prepare=prepare, after=after)


def application_reject(*, application, user, reasons, no_conflict=False):
    """Ablehnung; the Bescheid is typeset before the lock like an approval's."""

    def decide(app):
        app.pending_reasons = reasons
        app.decided_at = timezone.now()
        return Decision(application=app, outcome=Decision.Outcome.REJECTED, reasons=reasons, decided_by=user)

    def prepare(app):
        _declare_no_conflict(app, user, no_conflict)
        app.pending_reasons = reasons

    def after(app):
        decision = decide(app)
        app.save(update_fields=["decided_at"])
        decision.save()
        issue_decision_letter(app, user, prepared=letter)

    letter = prepare_decision_letter(application, "reject", user, decide)
    return perform_transition(application, "reject", user=user, reason=reasons, prepare=prepare, after=after)


def proof_due_date(application):
    """End of the funding period plus the call's deadline in months."""
    end = application.end_date or application.call.period_end
    months = end.month - 1 + application.call.proof_due_months
    year, month = end.year + months // 12, months % 12 + 1
    day = min(end.day, calendar.monthrange(year, month)[1])
    return end.replace(year=year, month=month, day=day)


def _message_applicant(app, sender, subject, body, email_name, event=""):
    message = Message.objects.create(
        application=app, sender=sender, from_staff=True, subject=subject, event=event, body=body
    )
    queue_email(
        email_name,
        to=organisation_addresses(app.organisation),
        context={"application": app, "message": message},
    )
    return message


def message_from_event(*, application, sender, event, body, email_name=None):
    """A staff message on ``event`` (a ``Message.Event``), mailed to the organisation.

    The subject is not stored as text: every reader sees the event's label
    in their own language. ``email_name`` defaults to the event's name
    (``templates/emails/<event>-*.txt``). Call inside the transaction of the step.
    """
    event = Message.Event(event)
    return _message_applicant(application, sender, "", body, email_name or event.value, event=event.value)


def message_applicant(*, application, sender, subject, body):
    with transaction.atomic():
        return _message_applicant(application, sender, subject, body, "staff_message")
