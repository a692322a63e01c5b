"""Payment runs (Zahlläufe): released drawdowns paid together.

Finance creates a run from every released drawdown that can be paid: the
application still runs (or awaits its Schlusszahlung), the bank details are
confirmed, and the person creating the run did not release it (four eyes).
The run lists IBAN, account holder, amount and purpose (file reference) with
totals, and gives a SEPA credit-transfer file (pain.001.001.09 through
sepaxml, validated against the ISO 20022 schema) and an XLSX. Booking the
run books every drawdown in it as paid, in one transaction, or none.
"""

import tempfile
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer

from funding import roles, tenancy
from funding.models import Drawdown, PaymentRun
from funding.services.locks import lock_row
from funding.services.payments import drawdown_book
from funding.services.transitions import WorkflowError, perform_transition
from funding.workflow import BOOKABLE_STATES

ZERO = Decimal("0.00")
# The DK's current format for SEPA credit transfers (the .03 version is phased out by German banks).
SEPA_SCHEMA = "pain.001.001.09"


def runnable_drawdowns(user=None, authority=None):
    """Released drawdowns not in a run that a run may take; with a user, not those the user released.

    With an authority, only that authority's (a run never mixes authorities); with a user, only
    drawdowns of the authorities where the user is finance.
    """
    rows = Drawdown.objects.filter(
        status=Drawdown.Status.RELEASED,
        run__isnull=True,
        application__state__in=BOOKABLE_STATES,
        application__organisation__bank_details_pending=False,
    ).exclude(application__organisation__iban="")
    if authority is not None:
        rows = tenancy.scoped(rows, authority)
    if user is not None:
        rows = tenancy.for_staff(rows, user, roles.FINANCE).exclude(decided_by=user)
    return rows.select_related("application__organisation").order_by("application__file_reference", "pk")


def held_back_drawdowns(user=None):
    """Released drawdowns a run leaves out because the bank details await a second person's confirmation."""
    rows = Drawdown.objects.all() if user is None else tenancy.for_staff(Drawdown.objects.all(), user, roles.FINANCE)
    return (
        rows.filter(status=Drawdown.Status.RELEASED, run__isnull=True)
        .filter(application__organisation__bank_details_pending=True)
        .select_related("application__organisation")
        .order_by("application__file_reference", "pk")
    )


def payment_run_create(*, user, execution_date, authority=None):
    """A new open run of one authority with every runnable drawdown of it; refused when there is none.

    Without an authority: the first authority where the user is finance that has runnable drawdowns.
    """
    if authority is None:
        authority = _authority_for_run(user)
    if authority is None or not roles.is_finance(user, authority):
        raise PermissionDenied
    if execution_date < timezone.localdate():
        raise WorkflowError(_("Der Ausführungstag darf nicht in der Vergangenheit liegen."))
    with transaction.atomic():
        # Lock the candidates so two runs never take the same drawdown.
        ids = list(runnable_drawdowns(user, authority).select_for_update(of=("self",)).values_list("pk", flat=True))
        if not ids:
            raise WorkflowError(_("Es gibt keine freigegebenen Mittelabrufe, die in einen Zahllauf aufgenommen werden können."))
        run = PaymentRun.objects.create(authority_id=getattr(authority, "pk", authority), created_by=user,
                                        execution_date=execution_date)
        Drawdown.objects.filter(pk__in=ids, run__isnull=True).update(run=run)
        totals = run.drawdowns.aggregate(total=Sum("amount"))
        run.total, run.count = totals["total"] or ZERO, len(ids)
        run.save(update_fields=["total", "count"])
        return run


def payment_run_book(*, run, user):
    """Books every drawdown of the open run as paid on its execution date: all or nothing."""

    def after(locked):
        drawdowns = list(locked.drawdowns.order_by("application_id", "pk"))
        for drawdown in drawdowns:
            drawdown_book(
                drawdown=drawdown, user=user, paid_on=locked.execution_date, reference=locked.reference, run=locked
            )
        locked.booked_by, locked.booked_at = user, timezone.now()
        locked.save(update_fields=["booked_by", "booked_at"])

    return perform_transition(run, "book_run", user=user, after=after)


def payment_run_cancel(*, run, user):
    """Discards an open run; its drawdowns stay released and can go into the next one."""

    def after(locked):
        Drawdown.objects.filter(run=locked, status=Drawdown.Status.RELEASED).update(run=None)

    return perform_transition(run, "cancel_run", user=user, after=after)


def payment_run_remove(*, run, drawdown, user):
    """Takes one drawdown out of an open run (e.g. a booking this person may not make)."""
    with transaction.atomic():
        locked = lock_row(PaymentRun, run.pk)
        if locked.status != PaymentRun.Status.OPEN:
            raise WorkflowError(_("Der Zahllauf ist nicht mehr offen."))
        Drawdown.objects.filter(pk=drawdown.pk, run=locked).update(run=None)
        totals = locked.drawdowns.aggregate(total=Sum("amount"))
        locked.total, locked.count = totals["total"] or ZERO, locked.drawdowns.count()
        locked.save(update_fields=["total", "count"])
        return locked


# --- Files ------------------------------------------------------------------------


def run_rows(run):
    """(drawdown, organisation, purpose) of the run, in file-reference order."""
    drawdowns = run.drawdowns.select_related("application__organisation").order_by("application__file_reference", "pk")
    return [(d, d.application.organisation, purpose_text(d)) for d in drawdowns]


def purpose_text(drawdown):
    """The remittance information: file reference, kind, and the programme's short name."""
    app = drawdown.application
    return f"{app.file_reference} {drawdown.get_kind_display()} {drawdown.pk}"[:140]


def sepa_xml(run):
    """The run as a SEPA credit transfer (pain.001.001.09), validated against its schema."""
    authority = _authority(run)
    if not authority.payer_iban:
        raise WorkflowError(_("In der Verwaltung ist keine IBAN der Behörde für Zahlläufe eingetragen."))
    config = {
        "name": (authority.payer_name or authority.name)[:70],
        "IBAN": authority.payer_iban.replace(" ", ""),
        "BIC": authority.payer_bic or "NOTPROVIDED",
        "batch": True,
        "currency": "EUR",
    }
    transfer = SepaTransfer(config, schema=SEPA_SCHEMA, clean=True)
    for drawdown, organisation, purpose in run_rows(run):
        payment = {
            "name": organisation.account_holder or organisation.name,
            "IBAN": organisation.iban.replace(" ", ""),
            "amount": int((drawdown.amount * 100).to_integral_value()),
            "execution_date": run.execution_date,
            "description": purpose,
            "endtoend_id": f"MSO{drawdown.pk:010d}",
        }
        if organisation.bic:
            payment["BIC"] = organisation.bic
        transfer.add_payment(payment)
    return transfer.export(validate=True, pretty_print=True)


def _authority_for_run(user):
    ids = sorted(roles.authorities_of(user, roles.FINANCE))
    if not ids:
        return None
    waiting = runnable_drawdowns(user).values_list(VIA_APPLICATION_ID, flat=True).order_by(VIA_APPLICATION_ID).first()
    return waiting if waiting is not None else ids[0]


VIA_APPLICATION_ID = "application__call__programme__authority_id"


def _authority(run):
    if run.authority_id:
        return run.authority
    first = run.drawdowns.select_related("application__call__programme__authority").first()
    return first.application.call.programme.authority


def run_xlsx(run):
    """The run as a worksheet (real euro and date cells, text never a formula), as a temporary file."""
    from openpyxl import Workbook

    from reports.exports import SheetWriter

    workbook = Workbook(write_only=True)
    sheet = SheetWriter(workbook, _("Zahllauf"))
    sheet.widths([18, 40, 40, 28, 14, 40, 12])
    headers = [_("Aktenzeichen"), _("Organisation"), _("Kontoinhaber"), _("IBAN"), _("Betrag"), _("Verwendungszweck"), _("Ausführung")]
    sheet.header(headers)
    kinds = ["text", "text", "text", "text", "money", "text", "date"]
    for drawdown, organisation, purpose in run_rows(run):
        values = [
            drawdown.application.file_reference, organisation.name, organisation.account_holder or organisation.name,
            organisation.iban, drawdown.amount, purpose, run.execution_date,
        ]
        sheet.row(values, kinds)
    sheet.row([_("Summe"), "", "", "", run.total, f"{run.count}", None], kinds)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
