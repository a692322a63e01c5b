"""The conditions of the application workflow: application -> bool, each with its message.

``funding.workflow`` names them on its transitions; django-fsm checks them
when a step is taken. A condition's ``message`` is what the page shows when
it is unmet, and ``details`` (where set) lists every reason.
"""

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funding import rules
from funding.amounts import format_money
from funding.settlement import Outcome

ZERO = Decimal("0.00")

# --- Conditions: application -> bool, each with the message shown when unmet


# Every condition is about what the step is given (amounts, reasons) or what
# the applicant can still fix; the pages offer a step by state and permission
# (``offered_transitions``) and its conditions are checked when it is taken.
_OFFERING = "_workflow_offering"


def condition(message):
    def decorate(func):
        def check(application):
            return application.__dict__.get(_OFFERING, False) or func(application)

        check.__name__, check.__doc__, check.message = func.__name__, func.__doc__, message
        return check

    return decorate


def _pending_reasons(application):
    return (getattr(application, "pending_reasons", "") or "").strip()


@condition(_("Bitte bestätigen Sie alle Erklärungen."))
def declarations_complete(application):
    return application.declarations_complete()


@condition(_("Die vertretungsberechtigte Person hat die Erklärungen des mit Unterstützung des KI gestellten Antrags noch nicht bestätigt. Entschieden werden kann erst nach der Bestätigung (per E-Mail-Link oder persönlich mit Vermerk)."))
def declarations_confirmed(application):
    """An assisted application (``assisted_by``) is decided only once its declarations are confirmed."""
    return not application.declarations_pending


@condition(_("Entschieden werden kann erst nach einer abgeschlossenen Prüfung mit Empfehlung und Prüfvermerk."))
def review_completed(application):
    """A completed review with a recommendation to decide and a Prüfvermerk (funding.services.reviews)."""
    reviews = application.reviews.filter(has_conflict=False, completed_at__isnull=False).exclude(note="")
    return reviews.exclude(recommendation__in=["", "request_changes"]).exists()


@condition(_("Der Antragszeitraum des Förderaufrufs ist beendet."))
def call_open(application):
    return not rules.application_period_problems(application)


@condition(_("Der Antrag erfüllt die Regeln des Förderaufrufs nicht."))
def meets_call_rules(application):
    return not rules.eligibility_problems(application)


@condition(_("Der bewilligte Betrag überschreitet den beantragten Betrag, die Höchstzuwendung oder das verbleibende Budget."))
def approval_within_limits(application):
    return not approval_limit_errors(application)


@condition(_("Bei einer Teilbewilligung ist eine Begründung erforderlich."))
def partial_approval_reasoned(application):
    amount = application.approved_amount
    return amount is None or amount >= application.requested_amount or bool(_pending_reasons(application))


@condition(_("Eine Begründung ist erforderlich."))
def reasons_given(application):
    return bool(_pending_reasons(application))


# --- Conditions of the audit, the hearing and the recovery --------------------
# The step's service sets the ``pending_*`` values on the locked row (``prepare``).

OPEN_DRAWDOWN_STATUSES = ("requested", "released")


def today():  # Used for mocking in tests
    return timezone.localdate()


def _paid(application):
    return application.payments.aggregate(total=models.Sum("amount"))["total"] or ZERO


def _outcome(application):
    settlement = getattr(application, "pending_settlement", None)
    return settlement.outcome if settlement is not None else None


@condition(_("Bitte schreiben Sie einen Prüfvermerk."))
def audit_note_given(application):
    return bool((getattr(application, "pending_audit_note", "") or "").strip())


@condition(_("Es sind noch Mittelabrufe offen (beantragt oder freigegeben). Bitte bearbeiten Sie sie vor der Festsetzung."))
def no_open_drawdowns(application):
    return not application.drawdowns.filter(status__in=OPEN_DRAWDOWN_STATUSES).exists()


@condition(_("Nach der Festsetzung ist noch Geld offen (Schlusszahlung oder Erstattung); die Akte kann nicht geschlossen werden."))
def nothing_owed(application):
    return _outcome(application) == Outcome.NOTHING_OWED


@condition(_("Nach der Festsetzung ist keine Schlusszahlung offen."))
def final_payment_owed(application):
    return _outcome(application) == Outcome.FINAL_PAYMENT


@condition(_("Nach der Festsetzung ist keine Erstattung offen."))
def refund_owed(application):
    return _outcome(application) == Outcome.REFUND


@condition(_("Die Schlusszahlung ist noch nicht vollständig gebucht."))
def final_payment_booked(application):
    proof = application.proof
    return proof.settled_amount is not None and _paid(application) == proof.settled_amount


def refund_limit_errors(application):
    """The refund is above 0 € and never more than was paid out and not yet reclaimed."""
    refund = getattr(application, "pending_refund", None)
    refundable = getattr(application, "pending_refundable", ZERO)
    if refundable <= 0:
        return [_("Es wurde nichts ausgezahlt, das zu erstatten wäre. Eine nicht ausgezahlte Zuwendung wird nicht zurückgefordert, sondern mit einem Änderungsbescheid herabgesetzt.")]
    if refund is None or refund <= 0:
        return [_("Der Erstattungsbetrag muss größer als 0 € sein.")]
    if refund > refundable:
        return [
            _("Der Erstattungsbetrag (%(refund)s) ist höher als der ausgezahlte und noch nicht zurückgeforderte Betrag (%(paid)s). Es kann höchstens zurückgefordert werden, was ausgezahlt wurde.")
            % {"refund": format_money(refund), "paid": format_money(refundable)}
        ]
    return []


@condition(_("Der Erstattungsbetrag muss größer als 0 € sein und darf den ausgezahlten Betrag nicht übersteigen."))
def refund_within_paid(application):
    return not refund_limit_errors(application)


refund_within_paid.details = refund_limit_errors


@condition(_("Bitte setzen Sie eine Frist zur Stellungnahme, die nach dem heutigen Tag liegt."))
def hearing_deadline_set(application):
    deadline = getattr(application, "pending_deadline", None)
    return deadline is not None and deadline > today()


@condition(_("Die Frist zur Stellungnahme läuft noch, und es ist keine Stellungnahme erfasst. Entscheiden Sie erst nach Ablauf der Frist oder nach Eingang der Stellungnahme (§ 28 VwVfG NRW)."))
def hearing_concluded(application):
    hearing = getattr(application, "pending_hearing", None)
    return hearing is not None and hearing.concluded_on(today())


@condition(_("Der Rückforderungsbetrag darf nicht höher sein als der in der Anhörung genannte; für einen höheren Betrag ist eine neue Anhörung nötig."))
def refund_as_heard(application):
    hearing = getattr(application, "pending_hearing", None)
    refund = getattr(application, "pending_refund", None)
    return hearing is not None and refund is not None and refund <= hearing.intended_refund


@condition(_("Der Widerruf kann nicht vor dem Tag wirksam werden, an dem die Zuwendung bewilligt wurde."))
def effective_date_valid(application):
    effective = getattr(application, "pending_effective_date", None)
    decided = application.decided_at
    return effective is not None and decided is not None and effective >= timezone.localdate(decided)


@condition(_("Die Fälligkeit muss nach dem Tag der Entscheidung liegen."))
def due_date_valid(application):
    due = getattr(application, "pending_due_date", None)
    return due is not None and due > today()


@condition(_("Die Rückforderung ist noch nicht vollständig beglichen (Hauptforderung und Zinsen)."))
def recovery_settled(application):
    return bool(getattr(application, "pending_settled", False))


def _messages(find):
    return lambda application: [problem.message for problem in find(application)]


call_open.details = _messages(rules.application_period_problems)
meets_call_rules.details = _messages(rules.eligibility_problems)


def approval_limit_errors(application):
    """Reasons why ``application.approved_amount`` cannot be granted.

    The caller holds the lock on the call row, so the remaining budget read
    here cannot change before the approval is saved.
    """
    amount = application.approved_amount
    if amount is None or amount <= 0:
        return [_("Der bewilligte Betrag muss größer als 0 € sein.")]
    errors = []
    if amount > application.requested_amount:
        errors.append(_("Der bewilligte Betrag ist höher als der beantragte Betrag."))
    if amount > application.line.max_grant:
        errors.append(_("Der bewilligte Betrag ist höher als die Höchstzuwendung der Förderlinie."))
    if amount > application.call.remaining_budget(exclude=application):
        errors.append(_("Das verbleibende Budget des Förderaufrufs reicht nicht aus."))
    line_budget = application.line.budget
    if line_budget is not None and amount > application.line.remaining_budget(exclude=application):
        errors.append(_("Das verbleibende Budget der Förderlinie reicht nicht aus."))
    return errors


approval_within_limits.details = approval_limit_errors
