"""Recovery: the hearing first (§ 28 VwVfG NRW), then the decision, interest, repayments.

- ``hearing_start``: Anhörung with the intended refund, the reasons and a
  deadline for comments; the Anhörung letter goes out in the same step.
  (After an audit that leaves a refund, ``proof_accept`` opens it.)
- ``hearing_record_answer``: the organisation's comments, with the day
  they arrived.
- ``recovery_decide``: only after the deadline or the recorded answer. It
  names the legal basis, Widerruf or Teilwiderruf (Rücknahme under § 48),
  the effective date (never before the approval), the new grant, the refund
  (never above what was paid, never above what was heard) and its due
  date, with interest under § 49a (3) VwVfG computed period by period.
- ``repayment_record``: finance books what arrives, partly or in full;
  interest first, then principal (§ 367 BGB); the file closes when both are
  settled.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from funding import interest, roles, summary
from funding.amounts import format_money
from funding.models import Hearing, Recovery, Repayment
from funding.services.letters import issue_hearing_letter, issue_recovery_letter
from funding.services.locks import lock_application
from funding.services.transitions import WorkflowError, perform_transition
from funding.tenancy import authority_of
from funding.workflow import is_representative

ZERO = Decimal("0.00")


def paid_total(application):
    return application.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def refundable(application):
    """What can be reclaimed: paid out, less what earlier recoveries reclaimed."""
    reclaimed = application.recoveries.aggregate(total=Sum("amount"))["total"] or ZERO
    return paid_total(application) - reclaimed


def open_hearing(app, user, refund, intended_grant, *, legal_basis, reasons, deadline):
    """Writes the hearing and its letter; called inside a transition on the locked application."""
    hearing = Hearing.objects.create(
        application=app, intended_refund=refund, intended_grant=intended_grant, legal_basis=legal_basis,
        reasons=reasons, deadline=deadline, created_by=user,
    )
    issue_hearing_letter(app, hearing, user)
    return hearing


def hearing_start(*, application, user, refund, legal_basis, reasons, deadline):
    """Anhörung before a recovery without (or before) an audited proof of use."""

    def prepare(app):
        app.pending_reasons = reasons
        app.pending_refund, app.pending_refundable = refund, refundable(app)
        app.pending_deadline = deadline

    def after(app):
        open_hearing(app, user, refund, paid_total(app) - refund, legal_basis=legal_basis, reasons=reasons, deadline=deadline)

    return perform_transition(application, "start_hearing", user=user, reason=reasons, prepare=prepare, after=after)


def current_hearing(application, kind=None):
    """The latest hearing of the file (of ``kind``, if given): a refund's or an interest claim's."""
    hearings = application.hearings.filter(kind=kind) if kind else application.hearings.all()
    return hearings.order_by("-created_at", "-pk").first()


def hearing_record_answer(*, application, user, answer, received_on):
    """The organisation's comments on the hearing; the decision may follow at once."""
    authority = authority_of(application)
    if not (roles.is_reviewer(user, authority) or roles.is_approver(user, authority)):
        raise PermissionDenied
    if not answer.strip():
        raise WorkflowError(_("Bitte geben Sie die Stellungnahme wieder (oder ihren wesentlichen Inhalt)."))
    if received_on > timezone.localdate():
        raise WorkflowError(_("Der Eingang der Stellungnahme kann nicht in der Zukunft liegen."))
    with transaction.atomic():
        app = lock_application(application.pk)
        hearing = current_hearing(app)
        if hearing is None or hasattr(hearing, "recovery"):
            raise WorkflowError(_("Zu diesem Antrag läuft keine Anhörung."))
        hearing.answer, hearing.answer_received_on, hearing.answer_recorded_by = answer.strip(), received_on, user
        hearing.save(update_fields=["answer", "answer_received_on", "answer_recorded_by"])
        return hearing


def open_hearing_for(application):
    """The hearing the organisation can still answer: no decision yet, no answer yet, deadline not passed."""
    hearing = current_hearing(application)
    if hearing is None or hasattr(hearing, "recovery") or hearing.answer_received_on:
        return None
    return hearing if timezone.localdate() <= hearing.deadline else None


def hearing_answer_by_applicant(*, application, user, answer):
    """The organisation's own comments, given in the portal until the deadline (§ 28 VwVfG NRW).

    Recorded as staff record a written answer: text, day of receipt
    (today), who gave it; the decision may follow at once.
    """
    if not is_representative(application, user):
        raise PermissionDenied
    if not answer.strip():
        raise WorkflowError(_("Bitte schreiben Sie Ihre Stellungnahme."))
    with transaction.atomic():
        app = lock_application(application.pk)
        hearing = open_hearing_for(app)
        if hearing is None:
            raise WorkflowError(_("Eine Stellungnahme ist nicht mehr möglich: Die Frist ist abgelaufen oder es wurde bereits entschieden."))
        hearing.answer, hearing.answer_received_on, hearing.answer_recorded_by = answer.strip(), timezone.localdate(), user
        hearing.save(update_fields=["answer", "answer_received_on", "answer_recorded_by"])
        return hearing


def recovery_tranches(application, refund, effective_date):
    payments = [(p.paid_on, p.amount) for p in application.payments.all()]
    return interest.refund_tranches(payments, refund, effective_date)


def recovery_preview(application, refund, effective_date, due_date, table=None):
    """(periods, interest) for the decision page; the decision computes it again under the lock."""
    tranches = recovery_tranches(application, refund, effective_date)
    found = interest.periods(interest.tranche_events(tranches), tranches[0][0], due_date, table or interest.RateTable.current()) if tranches else []
    return found, interest.total(found)


def recovery_decide(*, application, user, refund, legal_basis, reasons, effective_date, due_date):
    """Rückforderungsbescheid: Widerruf/Teilwiderruf (or Rücknahme), refund, interest table, due date."""

    def prepare(app):
        app.pending_hearing = current_hearing(app, kind=Hearing.Kind.REFUND)
        app.pending_reasons = reasons
        app.pending_refund, app.pending_refundable = refund, refundable(app)
        app.pending_effective_date, app.pending_due_date = effective_date, due_date

    def after(app):
        table = interest.RateTable.current()
        tranches = recovery_tranches(app, refund, effective_date)
        found = interest.periods(interest.tranche_events(tranches), tranches[0][0], due_date, table)
        recovery = Recovery.objects.create(
            application=app, hearing=app.pending_hearing, legal_basis=legal_basis, amount=refund,
            new_grant_amount=paid_total(app) - refund, reason=reasons, effective_date=effective_date,
            due_date=due_date, interest_amount=interest.total(found), interest_periods=[p.as_dict() for p in found],
            claimed_by=user,
        )
        issue_recovery_letter(app, recovery, user)

    return perform_transition(application, "decide_recovery", user=user, reason=reasons, prepare=prepare, after=after)


def current_recovery(application):
    """The refund recovery (interest claims for late use have their own service)."""
    return application.recoveries.filter(kind=Recovery.Kind.REFUND).order_by("-claimed_at", "-pk").first()


def recovery_balance(recovery, day, extra=(), table=None):
    """Principal and interest owed on ``day`` after the booked repayments (and ``extra`` ones)."""
    tranches = recovery_tranches(recovery.application, recovery.amount, recovery.effective_date)
    repayments = [(r.received_on, r.amount) for r in recovery.repayments.all()] + list(extra)
    return interest.balance(tranches, repayments, day, table)


def repayment_record(*, application, user, received_on, amount):
    """Books a repayment; when principal and interest are settled, the file closes."""
    if not roles.is_finance(user, authority_of(application)):
        raise PermissionDenied
    if amount is None or amount <= 0:
        raise WorkflowError(_("Bitte geben Sie einen Betrag größer als 0 € ein."))
    with transaction.atomic():
        app = lock_application(application.pk)
        recovery = current_recovery(app)
        if recovery is None or recovery.settled_on is not None:
            raise WorkflowError(_("Zu diesem Antrag ist keine Rückforderung offen."))
        if received_on < timezone.localdate(recovery.claimed_at):
            raise WorkflowError(_("Der Zahlungseingang kann nicht vor dem Rückforderungsbescheid liegen."))
        if recovery.repayments.filter(received_on__gt=received_on).exists():
            raise WorkflowError(_("Es ist bereits eine spätere Rückzahlung gebucht; bitte buchen Sie in zeitlicher Reihenfolge."))
        before = recovery_balance(recovery, received_on)
        owed = before.total
        if amount > owed:
            raise WorkflowError(
                _("Am %(day)s sind nur %(owed)s offen (Hauptforderung und Zinsen). Bitte buchen Sie höchstens diesen Betrag.")
                % {"day": received_on.strftime("%d.%m.%Y"), "owed": format_money(owed)}
            )
        interest_part = min(amount, before.interest)
        Repayment.objects.create(
            application=app, recovery=recovery, received_on=received_on, amount=amount,
            interest_part=interest_part, principal_part=amount - interest_part, recorded_by=user,
        )
        summary.update(app.pk)  # a part payment counts in the reports at once, not only when the file closes
        if recovery_balance(recovery, received_on).total > 0:
            return app

        def prepare(locked):
            locked.pending_settled = True

        def close(locked):
            Recovery.objects.filter(pk=recovery.pk).update(settled_on=received_on)

        return perform_transition(app, "record_repayment", user=user, prepare=prepare, after=close)


