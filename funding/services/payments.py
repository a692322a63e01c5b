"""Drawdowns: requested by the organisation, released by a reviewer, booked by finance.

Every check of "how much is left" runs while the application row is locked,
so concurrent requests queue and the approved amount is never exceeded.
Release (sachliche und rechnerische Richtigkeit) and booking are steps of
the drawdown's state machine (``funding.money_workflow``), taken by two
different people; only a released drawdown can be booked, so a rejected or
unreleased one is never paid.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applicants.models import Organisation
from funding.amounts import format_money
from funding.models import Drawdown, Payment
from funding.notifications import organisation_addresses, queue_email
from funding.services.locks import lock_application, lock_row
from funding.services.transitions import WorkflowError, perform_transition
from funding.conditions import OPEN_DRAWDOWN_STATUSES
from funding.workflow import PAYABLE_STATES, State, is_member

ZERO = Decimal("0.00")


def paid_total(application):
    return application.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def open_drawdown_total(application):
    """Requested or released drawdowns not yet paid."""
    pending = application.drawdowns.filter(status__in=OPEN_DRAWDOWN_STATUSES)
    return pending.aggregate(total=Sum("amount"))["total"] or ZERO


def drawdown_available(application):
    """What the recipient may still request: approved minus paid and pending."""
    return (application.approved_amount or ZERO) - paid_total(application) - open_drawdown_total(application)


def _check_amount(amount, available, message):
    if amount is None or amount <= 0:
        raise WorkflowError(_("Bitte geben Sie einen Betrag größer als 0 € ein."))
    if amount > available:
        raise WorkflowError(message % {"available": format_money(available)})


def drawdown_request(*, application, user, amount, purpose, needed_confirmed=True):
    """Mittelabruf with its planned use; only what is needed within two months (ANBest-P Nr. 1.4)."""
    with transaction.atomic():
        app = lock_application(application.pk)
        if not is_member(app, user):
            raise PermissionDenied
        if app.state not in PAYABLE_STATES:
            raise WorkflowError(_("Mittel können erst nach der Bewilligung abgerufen werden."))
        if not (purpose or "").strip():
            raise WorkflowError(_("Bitte schreiben Sie, wofür Sie das Geld in den nächsten zwei Monaten ausgeben."))
        if not needed_confirmed:
            raise WorkflowError(
                _("Bitte bestätigen Sie, dass Sie das Geld innerhalb von zwei Monaten nach der Auszahlung brauchen.")
            )
        _check_amount(
            amount,
            drawdown_available(app),
            _("Sie können höchstens %(available)s abrufen (bewilligt minus bereits abgerufen oder ausgezahlt)."),
        )
        return Drawdown.objects.create(
            application=app, amount=amount, purpose=purpose.strip(), needed_confirmed=True, requested_by=user
        )


def drawdown_release(*, drawdown, user, note=""):
    """Freigabe: a reviewer confirms sachliche und rechnerische Richtigkeit."""

    def after(row):
        row.decided_by, row.decided_at, row.note = user, timezone.now(), note
        row.save(update_fields=["decided_by", "decided_at", "note"])

    return perform_transition(drawdown, "release_drawdown", user=user, reason=note, after=after)


def drawdown_reject(*, drawdown, user, note):
    """Ablehnung with a reason; the drawdown can never be paid."""

    def prepare(row):
        row.pending_reasons = note

    def after(row):
        row.decided_by, row.decided_at, row.note = user, timezone.now(), note
        row.save(update_fields=["decided_by", "decided_at", "note"])

    return perform_transition(drawdown, "reject_drawdown", user=user, reason=note, prepare=prepare, after=after)


def check_four_eyes(drawdown, user):
    """A clear refusal before the permission check: the releaser never books."""
    if drawdown.decided_by_id == user.pk:
        raise WorkflowError(
            _("Sie haben diesen Mittelabruf freigegeben. Buchen muss ihn eine andere Person (Vier-Augen-Prinzip).")
        )


def check_bank_details_confirmed(app):
    """No money to bank details that a second person has not confirmed (four eyes)."""
    organisation = lock_row(Organisation, app.organisation_id)
    if organisation.bank_details_pending:
        raise WorkflowError(
            _(
                "Die Bankverbindung von „%(name)s“ wurde am %(day)s geändert und ist noch nicht bestätigt. "
                "Bitte lassen Sie sie zuerst von einer zweiten Person prüfen und bestätigen; erst dann kann "
                "ausgezahlt werden."
            )
            % {"name": organisation.name, "day": date_format(timezone.localtime(organisation.bank_details_changed_at), "d.m.Y")}
        )


def drawdown_book(*, drawdown, user, paid_on, reference="", run=None):
    """Books a released drawdown as paid; never more than the grant in total.

    Part of a payment run (``run``) or on its own, never on its own while a
    run holds it. A Schlusszahlung, once booked, closes the file.
    """
    check_four_eyes(drawdown, user)

    def prepare(row):
        if row.run_id != (run.pk if run else None):
            raise WorkflowError(_("Dieser Mittelabruf ist Teil eines Zahllaufs und wird mit ihm gebucht."))
        if row.application.state not in (*PAYABLE_STATES, State.FINAL_PAYMENT_DUE):
            raise WorkflowError(_("Für diesen Antrag kann keine Auszahlung gebucht werden."))
        check_bank_details_confirmed(row.application)

    def after(row):
        app = row.application
        payment = Payment.objects.create(
            application=app, drawdown=row, amount=row.amount, paid_on=paid_on, reference=reference, recorded_by=user
        )
        queue_email(
            "payment_recorded", to=organisation_addresses(app.organisation), context={"application": app, "payment": payment}
        )
        if row.kind == Drawdown.Kind.FINAL:
            perform_transition(app, "close_after_final_payment", user=user)

    return perform_transition(drawdown, "book_drawdown", user=user, reason=reference, prepare=prepare, after=after)
