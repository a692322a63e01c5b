"""Decisions (four-eyes): approve in full or reduced, or reject with reasons.

The rules of a decision (limits, budget, reasons for a partial approval or a
rejection) are conditions of the workflow; these views show what it refuses.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_fsm import can_proceed

from funding.decision_reasons import partial_reasons, rejection_reasons
from funding.decorators import approver_required
from funding.errors import run_form_step, run_step
from funding.services.applications import application_approve, application_reject, decision_recuse
from funding.services.reviews import checklist_rows, current_review
from funding.staff import selectors
from funding.staff.access import get_application_for_staff
from funding.staff.forms import ApproveForm, RecuseForm, RejectForm
from funding.workflow import can_decide


def _decidable(request, pk, transition):
    """The application, if this approver may take ``transition`` now; else None."""
    app = get_application_for_staff(request.user, pk)
    if not can_decide(app, request.user):
        raise PermissionDenied(_("Vier-Augen-Prinzip: Sie haben diesen Antrag geprüft und können nicht entscheiden."))
    if not can_proceed(getattr(app, transition), check_conditions=False):
        messages.error(request, _("In diesem Status ist keine Entscheidung möglich."))
        return None
    return app


def _context(app, form):
    review = current_review(app)
    return {
        "application": app,
        "form": form,
        "review": review,
        "checklist": checklist_rows(review) if review else [],
        "budget": selectors.budget_overview(app),
        "notes": app.notes.select_related("author"),
        "recuse_form": RecuseForm(),
    }


@approver_required
@require_http_methods(["GET", "POST"])
def approve(request, pk):
    app = _decidable(request, pk, "approve")
    if app is None:
        return redirect("staff:application_detail", pk=pk)
    review = current_review(app)
    recommended = (review and review.recommended_amount) or app.requested_amount
    initial = {"amount": recommended, "reasons": partial_reasons(app, review, recommended)}
    form = ApproveForm(request.POST or None, initial=initial, cost_lines=app.cost_lines.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {
            "application": app, "user": request.user, "amount": data["amount"], "reasons": data["reasons"],
            "no_conflict": data["no_conflict"], "line_approvals": form.line_approvals(),
        }
        if run_form_step(form, application_approve, **kwargs):
            messages.success(request, _("Bewilligt. Der Bescheid wurde erstellt und dem Verein zugestellt."))
            return redirect("staff:application_detail", pk=app.pk)
    return render(request, "staff/decide_approve.html", _context(app, form))


@approver_required
@require_http_methods(["GET", "POST"])
def reject(request, pk):
    app = _decidable(request, pk, "reject")
    if app is None:
        return redirect("staff:application_detail", pk=pk)
    form = RejectForm(request.POST or None, application=app, initial={"reasons": rejection_reasons(app, current_review(app))})
    if request.method == "POST" and form.is_valid():
        if "insert" in request.POST:
            form = _with_standard_texts(request, app, form)
        elif run_form_step(
            form, application_reject, application=app, user=request.user, reasons=form.final_reasons(),
            no_conflict=form.cleaned_data["no_conflict"],
        ):
            messages.success(request, _("Abgelehnt. Der Ablehnungsbescheid wurde erstellt und dem Verein zugestellt."))
            return redirect("staff:application_detail", pk=app.pk)
    return render(request, "staff/decide_reject.html", _context(app, form))


@approver_required
@require_http_methods(["POST"])
def recuse(request, pk):
    """Befangenheit erklären: the approver is recused from this application."""
    app = get_application_for_staff(request.user, pk)
    form = RecuseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    message = _("Ihre Befangenheit ist vermerkt; eine andere Person der Leitung entscheidet.")
    run_step(request, decision_recuse, message, application=app, user=request.user, note=note)
    return redirect("staff:application_detail", pk=app.pk)


def _with_standard_texts(request, app, form):
    """The form again, with the chosen standard reasons added to the text for editing."""
    data = request.POST.copy()
    data["reasons"] = "\n\n".join(part for part in (form.cleaned_data["reasons"].strip(), form.composed_reasons()) if part)
    return RejectForm(data, application=app)
