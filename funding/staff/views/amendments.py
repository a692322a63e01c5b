"""Amendments (Änderungsbescheid): started by staff or asked for by the organisation; review and decision."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding.amendment_forms import AmendmentForm
from funding.decorators import case_worker_required, staff_required
from funding.errors import run_form_step, run_step
from funding.money_workflow import amendment_limit_errors
from funding.services import amendments as services
from funding.staff import selectors
from funding.staff.access import get_amendment_for_staff, get_application_for_staff
from funding.staff.forms import AmendmentDecisionForm, AmendmentReviewForm
from funding.workflow import history, offered_transitions


@case_worker_required
@require_http_methods(["GET", "POST"])
def amendment_create(request, pk):
    """Staff start a change of an approved grant (von Amts wegen)."""
    app = get_application_for_staff(request.user, pk)
    form = AmendmentForm(request.POST or None, application=app)
    if request.method == "POST" and form.is_valid():
        amendment = run_form_step(form, services.amendment_request, application=app, user=request.user, **form.service_kwargs())
        if amendment is not None:
            messages.success(request, _("Die Änderung ist angelegt. Eine andere Person prüft sie, die Leitung entscheidet."))
            return redirect("staff:amendment_detail", pk=amendment.pk)
    return render(request, "staff/amendment_form.html", {"application": app, "form": form}, status=400 if form.errors else 200)


@staff_required
def amendment_detail(request, pk):
    amendment = get_amendment_for_staff(request.user, pk)
    app = amendment.application
    offered = offered_transitions(amendment, request.user)
    context = {
        "amendment": amendment, "application": app, "offered": offered,
        "new_lines": amendment.cost_lines.all(), "old_lines": app.cost_lines.all(),
        "budget": selectors.budget_overview(app),
        "limit_errors": amendment_limit_errors(amendment) if "approve_amendment" in offered else [],
        "review_form": AmendmentReviewForm(initial={"recommendation": amendment.recommendation, "note": amendment.review_note}),
        "decision_form": AmendmentDecisionForm(),
        "may_review": amendment.status == amendment.Status.IN_REVIEW and amendment.reviewer_id == request.user.pk,
        "history": history(amendment),
    }
    return render(request, "staff/amendment_detail.html", context)


@case_worker_required
@require_POST
def amendment_start_review(request, pk):
    amendment = get_amendment_for_staff(request.user, pk)
    run_step(request, services.amendment_start_review, _("Sie prüfen diese Änderung."), amendment=amendment, user=request.user)
    return redirect("staff:amendment_detail", pk=pk)


@case_worker_required
@require_POST
def amendment_review(request, pk):
    amendment = get_amendment_for_staff(request.user, pk)
    form = AmendmentReviewForm(request.POST)
    if form.is_valid():
        run_step(request, services.amendment_review_save, _("Die Prüfung der Änderung ist gespeichert."),
                 amendment=amendment, user=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("Bitte geben Sie eine Empfehlung und einen Prüfvermerk an."))
    return redirect("staff:amendment_detail", pk=pk)


@case_worker_required
@require_POST
def amendment_decide(request, pk):
    amendment = get_amendment_for_staff(request.user, pk)
    form = AmendmentDecisionForm(request.POST)
    reasons = form.cleaned_data["reasons"] if form.is_valid() else ""
    if request.POST.get("decision") == "approve":
        run_step(request, services.amendment_approve, _("Der Änderungsbescheid ist erlassen."),
                 amendment=amendment, user=request.user, reasons=reasons)
    else:
        run_step(request, services.amendment_reject, _("Die Änderung ist abgelehnt."),
                 amendment=amendment, user=request.user, reasons=reasons)
    return redirect("staff:amendment_detail", pk=pk)
