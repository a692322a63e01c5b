"""Drawdowns and payments.

Every check of "how much is left" runs while the application row is locked,
so concurrent requests queue and the approved amount is never exceeded.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applicants.models import Organisation
from funding import roles, summary
from funding.amounts import format_money
from funding.models import Drawdown, Payment
from funding.notifications import organisation_addresses, queue_email
from funding.services.locks import lock_application
from funding.services.transitions import WorkflowError
from funding.workflow import PAYABLE_STATES, is_member

ZERO = Decimal("0.00")


def paid_total(application):
    return application.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def open_drawdown_total(application):
    """Requested or released drawdowns not yet paid."""
    pending = application.drawdowns.filter(status__in=[Drawdown.Status.REQUESTED, Drawdown.Status.APPROVED])
    return pending.aggregate(total=Sum("amount"))["total"] or ZERO


def drawdown_available(application):
    """What the recipient may still request: approved minus paid and pending."""
    return (application.approved_amount or ZERO) - paid_total(application) - open_drawdown_total(application)


def _check_amount(amount, available, message):
    if amount is None or amount <= 0:
        raise WorkflowError(_("Bitte geben Sie einen Betrag größer als 0 € ein."))
    if amount > available:
        raise WorkflowError(message % {"available": format_money(available)})


def drawdown_request(*, application, user, amount, purpose=""):
    with transaction.atomic():
        app = lock_application(application.pk)
        if not is_member(app, user):
            raise PermissionDenied
        if app.state not in PAYABLE_STATES:
            raise WorkflowError(_("Mittel können erst nach der Bewilligung abgerufen werden."))
        _check_amount(
            amount,
            drawdown_available(app),
            _("Sie können höchstens %(available)s abrufen (bewilligt minus bereits abgerufen oder ausgezahlt)."),
        )
        return Drawdown.objects.create(application=app, amount=amount, purpose=purpose, requested_by=user)


def drawdown_decide(*, drawdown, user, approve, note=""):
    if not roles.is_finance(user):
        raise PermissionDenied
    with transaction.atomic():
        lock_application(drawdown.application_id)
        drawdown = Drawdown.objects.select_for_update().get(pk=drawdown.pk)
        if drawdown.status != Drawdown.Status.REQUESTED:
            raise WorkflowError(_("Dieser Mittelabruf wurde bereits bearbeitet."))
        drawdown.status = Drawdown.Status.APPROVED if approve else Drawdown.Status.REJECTED
        drawdown.decided_by, drawdown.decided_at, drawdown.note = user, timezone.now(), note
        drawdown.save()
        return drawdown


def _check_bank_details_confirmed(app):
    """No money to bank details that a second person has not confirmed (four eyes)."""
    organisation = Organisation.objects.select_for_update().get(pk=app.organisation_id)
    if organisation.bank_details_pending:
        raise WorkflowError(
            _(
                "Die Bankverbindung von „%(name)s“ wurde am %(day)s geändert und ist noch nicht bestätigt. "
                "Bitte lassen Sie sie zuerst von einer zweiten Person prüfen und bestätigen; erst dann kann "
                "ausgezahlt werden."
            )
            % {"name": organisation.name, "day": date_format(timezone.localtime(organisation.bank_details_changed_at), "d.m.Y")}
        )


def payment_record(*, application, user, amount, paid_on, reference="", drawdown=None):
    """Records a disbursement; never more than the approved amount in total."""
    if not roles.is_finance(user):
        raise PermissionDenied
    with transaction.atomic():
        app = lock_application(application.pk)
        if app.state not in PAYABLE_STATES:
            raise WorkflowError(_("Für diesen Antrag kann keine Auszahlung gebucht werden."))
        _check_bank_details_confirmed(app)
        available = (app.approved_amount or ZERO) - paid_total(app)
        _check_amount(amount, available, _("Es können höchstens noch %(available)s ausgezahlt werden."))
        if drawdown is not None:
            drawdown = Drawdown.objects.select_for_update().get(pk=drawdown.pk, application=app)
            if drawdown.status == Drawdown.Status.PAID:
                raise WorkflowError(_("Dieser Mittelabruf ist bereits ausgezahlt."))
            drawdown.status = Drawdown.Status.PAID
            drawdown.decided_by = drawdown.decided_by or user
            drawdown.decided_at = drawdown.decided_at or timezone.now()
            drawdown.save()
        payment = Payment.objects.create(
            application=app, drawdown=drawdown, amount=amount, paid_on=paid_on, reference=reference, recorded_by=user
        )
        summary.update(app.pk)  # the reports' paid sums, in this transaction
        queue_email(
            "payment_recorded",
            to=organisation_addresses(app.organisation),
            context={"application": app, "payment": payment},
        )
        return payment
