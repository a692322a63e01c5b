"""Money: drawdowns to release (case workers) and to book (finance), payment runs, repayments."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding import roles
from funding.decorators import case_worker_required, finance_required, staff_required
from funding.errors import run_form_step, run_step, show_refusal, SERVICE_ERRORS
from funding.services import payment_runs
from funding.services.payments import drawdown_book, drawdown_reject, drawdown_release
from funding.services.recoveries import current_recovery, recovery_balance, repayment_record
from funding.staff import selectors
from funding.staff.access import get_application_for_staff, get_drawdown_for_staff, get_payment_run_for_staff
from funding.staff.forms import BookingForm, DrawdownDecisionForm, PaymentRunForm, RepaymentForm
from funding.staff.views.organisations import may_confirm_bank_details
from funding.tenancy import authority_of
from funding.workflow import offered_transitions


@staff_required
def finance_queue(request):
    """The money work list: "freizugeben" for case workers, "zu buchen" and payment runs for finance."""
    work = selectors.money_work(request.user)
    context = {
        **work, "money_figures": selectors.money_figures(work),
        "run_form": PaymentRunForm(initial={"execution_date": timezone.localdate()}),
    }
    return render(request, "staff/finance_queue.html", context)


def _decision(request, pk, service, success):
    drawdown = get_drawdown_for_staff(request.user, pk)
    form = DrawdownDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_step(request, service, success, drawdown=drawdown, user=request.user, note=note)
    return redirect("staff:finance_queue")


@case_worker_required
@require_POST
def drawdown_release_view(request, pk):
    return _decision(request, pk, drawdown_release, _("Der Mittelabruf ist freigegeben (sachlich und rechnerisch richtig)."))


@case_worker_required
@require_POST
def drawdown_reject_view(request, pk):
    return _decision(request, pk, drawdown_reject, _("Der Mittelabruf ist abgelehnt; er wird nicht ausgezahlt."))


@finance_required
@require_http_methods(["GET", "POST"])
def drawdown_booking(request, pk):
    """Books one released drawdown on its own (outside a payment run)."""
    drawdown = get_drawdown_for_staff(request.user, pk)
    app = get_application_for_staff(request.user, drawdown.application_id)
    form = BookingForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if run_form_step(form, drawdown_book, drawdown=drawdown, user=request.user, **form.cleaned_data):
            messages.success(request, _("Die Auszahlung wurde gebucht."))
            return redirect("staff:finance_queue")
    context = {
        "application": app, "drawdown": drawdown, "form": form,
        "may_book": "book_drawdown" in offered_transitions(drawdown, request.user),
        "bank_changes": selectors.bank_details_changes(app.organisation),
        "may_confirm_bank_details": may_confirm_bank_details(app.organisation, request.user),
        **selectors.money_overview(app),
    }
    return render(request, "staff/payment.html", context)


@finance_required
@require_POST
def payment_run_create(request):
    form = PaymentRunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie einen gültigen Ausführungstag an."))
        return redirect("staff:finance_queue")
    try:
        run = payment_runs.payment_run_create(user=request.user, **form.cleaned_data)
    except SERVICE_ERRORS as error:
        show_refusal(request, error)
        return redirect("staff:finance_queue")
    messages.success(request, _("Der Zahllauf ist angelegt. Prüfen Sie die Liste und laden Sie die SEPA-Datei herunter."))
    return redirect("staff:payment_run", pk=run.pk)


def _run(user, pk):
    return get_payment_run_for_staff(user, pk)


@finance_required
def payment_run(request, pk):
    run = _run(request.user, pk)
    rows = payment_runs.run_rows(run)
    context = {"run": run, "rows": rows, "offered": offered_transitions(run, request.user)}
    return render(request, "staff/payment_run.html", context)


@finance_required
@require_POST
def payment_run_book_view(request, pk):
    success = _("Der Zahllauf ist gebucht; alle Mittelabrufe darin sind als ausgezahlt verbucht.")
    run_step(request, payment_runs.payment_run_book, success, run=_run(request.user, pk), user=request.user)
    return redirect("staff:payment_run", pk=pk)


@finance_required
@require_POST
def payment_run_cancel_view(request, pk):
    success = _("Der Zahllauf ist verworfen; die Mittelabrufe bleiben freigegeben.")
    run_step(request, payment_runs.payment_run_cancel, success, run=_run(request.user, pk), user=request.user)
    return redirect("staff:finance_queue")


@finance_required
@require_POST
def payment_run_remove_view(request, pk, drawdown_pk):
    drawdown = get_drawdown_for_staff(request.user, drawdown_pk)
    success = _("Der Mittelabruf ist aus dem Zahllauf genommen.")
    run_step(request, payment_runs.payment_run_remove, success, run=_run(request.user, pk), drawdown=drawdown, user=request.user)
    return redirect("staff:payment_run", pk=pk)


@finance_required
def payment_run_sepa(request, pk):
    run = _run(request.user, pk)
    try:
        xml = payment_runs.sepa_xml(run)
    except SERVICE_ERRORS as error:
        show_refusal(request, error)
        return redirect("staff:payment_run", pk=pk)
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{run.reference}.xml"'
    return response


@finance_required
def payment_run_xlsx(request, pk):
    run = _run(request.user, pk)
    return FileResponse(
        payment_runs.run_xlsx(run), as_attachment=True, filename=f"{run.reference}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@finance_required
@require_http_methods(["GET", "POST"])
def repayment(request, pk):
    """Books a repayment of a recovery, partly or in full; settled in full, the file closes."""
    app = get_application_for_staff(request.user, pk)
    recovery = current_recovery(app)
    form = RepaymentForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        result = run_form_step(form, repayment_record, application=app, user=request.user, **form.cleaned_data)
        if result is not None:
            messages.success(request, _("Die Rückzahlung ist gebucht."))
            return redirect("staff:application_detail", pk=app.pk)
    due = recovery_balance(recovery, timezone.localdate()) if recovery else None
    context = {"application": app, "recovery": recovery, "form": form, "due": due, "is_finance": roles.is_finance(request.user, authority_of(app))}
    return render(request, "staff/repayment.html", context)
