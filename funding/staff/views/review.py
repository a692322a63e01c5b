"""Review: assignment, declaration on conflicts of interest, the review form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding.decorators import reviewer_required, staff_required
from funding.errors import run_form_step, run_step
from funding.models import Review
from funding.services.reviews import automatic_checks, checklist_rows, own_review, review_assign, review_declare, review_save
from funding.staff.access import get_application_for_staff
from funding.staff.forms import AssignForm, DeclarationForm, ReviewForm
from funding.workflow import State, can_review, offered_transitions


@staff_required
@require_POST
def assign(request, pk):
    """The Leitung assigns a reviewer; a reviewer may take an unassigned file."""
    app = get_application_for_staff(request.user, pk)
    if request.POST.get("take_over"):
        reviewer = request.user
    else:
        form = AssignForm(request.POST, application=app)
        if not form.is_valid():
            messages.error(request, _("Bitte wählen Sie eine Person aus der Liste."))
            return redirect("staff:application_detail", pk=app.pk)
        reviewer = form.cleaned_data["reviewer"]
    run_step(request, review_assign, _("Die Prüfung wurde zugewiesen."), application=app, user=request.user, reviewer=reviewer)
    return redirect("staff:application_detail", pk=app.pk)


def _reviewable(request, pk):
    app = get_application_for_staff(request.user, pk)
    if not can_review(app, request.user):
        raise PermissionDenied(_("Sie können diesen Antrag nicht prüfen (zugewiesen an eine andere Person, Mitglied des Vereins oder befangen)."))
    return app


@reviewer_required
@require_http_methods(["GET", "POST"])
def declare(request, pk):
    """The declaration on conflicts of interest, before the review form opens."""
    app = _reviewable(request, pk)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        conflict = form.cleaned_data["conflict"] == "yes"
        kwargs = {"application": app, "user": request.user, "has_conflict": conflict, "note": form.cleaned_data["note"]}
        if run_form_step(form, review_declare, **kwargs):
            if conflict:
                messages.info(request, _("Ihre Befangenheit ist vermerkt; Sie sind von der Prüfung ausgeschlossen."))
                return redirect("staff:application_detail", pk=app.pk)
            return redirect("staff:review", pk=app.pk)
    return render(request, "staff/declaration.html", {"application": app, "form": form})


@reviewer_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    app = _reviewable(request, pk)
    own = own_review(app, request.user)
    if own is None:
        return redirect("staff:declare", pk=app.pk)
    if app.state != State.IN_REVIEW or own.completed_at:
        context = {
            "application": app,
            "review": own,
            "checklist": checklist_rows(own),
            "form": None,
            "awaiting_resubmission": "resubmit" in offered_transitions(app),
        }
        return render(request, "staff/review.html", context)
    criteria = list(app.call.criteria.all())
    form = ReviewForm(request.POST or None, checks=automatic_checks(app), criteria=criteria, review=own)
    if request.method == "POST" and form.is_valid() and _save_review(request, app, form):
        return redirect("staff:application_detail", pk=app.pk)
    return render(request, "staff/review.html", {"application": app, "review": own, "form": form})


def _save_review(request, app, form):
    complete = "complete" in request.POST
    data = form.cleaned_data
    saved = run_form_step(
        form, review_save, application=app, user=request.user, checklist=form.checklist(), scores=form.scores(),
        recommendation=data["recommendation"], recommended_amount=data["recommended_amount"], note=data["note"],
        complete=complete, message=data["message"],
    )
    if saved is None:
        return False
    if not complete:
        messages.success(request, _("Zwischenstand gespeichert."))
        return False
    if data["recommendation"] == Review.Recommendation.REQUEST_CHANGES:
        messages.success(request, _("Die Nachforderung wurde an den Antragsteller gesendet."))
    else:
        messages.success(request, _("Die Prüfung ist abgeschlossen."))
    return True
