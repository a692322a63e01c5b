"""Finance (Kasse): drawdowns, payments, repayments of recoveries."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding.decorators import finance_required
from funding.errors import run_form_step, run_step
from funding.services.payments import drawdown_decide, payment_record
from funding.services.proofs import recovery_record_repayment
from funding.staff import selectors
from funding.staff.access import get_application_for_staff, get_drawdown_for_staff
from funding.staff.forms import DrawdownDecisionForm, PaymentForm, RepaymentForm
from funding.staff.views.organisations import may_confirm_bank_details


@finance_required
def finance_queue(request):
    return render(request, "staff/finance_queue.html", {"drawdowns": selectors.open_drawdowns()})


@finance_required
@require_POST
def drawdown_decision(request, pk):
    drawdown = get_drawdown_for_staff(request.user, pk)
    form = DrawdownDecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    note = form.cleaned_data["note"] if form.is_valid() else ""
    success = _("Der Mittelabruf wurde freigegeben.") if approve else _("Der Mittelabruf wurde abgelehnt.")
    run_step(request, drawdown_decide, success, drawdown=drawdown, user=request.user, approve=approve, note=note)
    return redirect("staff:finance_queue")


@finance_required
@require_http_methods(["GET", "POST"])
def payment(request, pk):
    """Records a payment, for a drawdown (``?drawdown=``) or on its own."""
    app = get_application_for_staff(request.user, pk)
    drawdown = app.drawdowns.filter(pk=request.GET.get("drawdown") or None).first()
    initial = {"amount": drawdown.amount if drawdown else None, "paid_on": timezone.localdate()}
    form = PaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = {"application": app, "user": request.user, "drawdown": drawdown, **form.cleaned_data}
        if run_form_step(form, payment_record, **kwargs):
            messages.success(request, _("Die Auszahlung wurde gebucht."))
            return redirect("staff:finance_queue") if drawdown else redirect("staff:application_detail", pk=app.pk)
    context = {
        "application": app,
        "drawdown": drawdown,
        "form": form,
        "bank_changes": selectors.bank_details_changes(app.organisation),
        "may_confirm_bank_details": may_confirm_bank_details(app.organisation, request.user),
        **selectors.money_overview(app),
    }
    return render(request, "staff/payment.html", context)


@finance_required
@require_http_methods(["GET", "POST"])
def repayment(request, pk):
    """Records the repayment of a recovery; the file closes."""
    app = get_application_for_staff(request.user, pk)
    recovery = app.recoveries.order_by("-claimed_at").first()
    form = RepaymentForm(request.POST or None, initial={"repaid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        kwargs = {"application": app, "user": request.user, **form.cleaned_data}
        if run_form_step(form, recovery_record_repayment, **kwargs):
            messages.success(request, _("Die Rückzahlung wurde verbucht; die Akte ist geschlossen."))
            return redirect("staff:application_detail", pk=app.pk)
    context = {"application": app, "recovery": recovery, "form": form, "due": selectors.recovery_due(recovery)}
    return render(request, "staff/repayment.html", context)
