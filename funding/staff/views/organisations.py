"""Organisations as the staff see them: the check mark, the change history, new bank details."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applicants.duplicates import possible_duplicates
from applicants.models import Organisation
from applicants.services import organisations as services
from applicants.services.merge import organisation_merge
from applicants.views.accounts import safe_next
from funding.decorators import case_worker_required, reviewer_required, staff_required
from funding.errors import run_step, show_refusal
from funding.services.transitions import WorkflowError
from funding.staff import selectors
from funding.staff.access import get_organisation_for_staff


@reviewer_required
@require_POST
def organisation_verify(request, pk):
    """Marks an organisation as checked by the integration centre (or takes the mark back)."""
    organisation = get_organisation_for_staff(request.user, pk)
    verified = request.POST.get("verified", "1") == "1"
    services.organisation_set_verified(organisation=organisation, user=request.user, verified=verified)
    messages.success(request, _("Der Prüfstatus von „%(name)s“ ist gespeichert.") % {"name": organisation.name})
    return redirect(safe_next(request, default="staff:dashboard"))


@staff_required
@require_GET
def organisation_history(request, pk):
    organisation = get_organisation_for_staff(
        request.user, pk, Organisation.objects.select_related("bank_details_changed_by"))
    context = {
        "organisation": organisation,
        "changes": selectors.organisation_changes(organisation),
        "bank_changes": selectors.bank_details_changes(organisation),
        "may_confirm_bank_details": may_confirm_bank_details(organisation, request.user),
        "duplicates": possible_duplicates(organisation),
    }
    return render(request, "staff/organisation_history.html", context)


def may_confirm_bank_details(organisation, user):
    return organisation.bank_details_pending and organisation.bank_details_changed_by_id != user.pk


@staff_required
@require_POST
def bank_details_confirm_view(request, pk):
    organisation = get_organisation_for_staff(request.user, pk)
    success = _("Die Bankverbindung von „%(name)s“ ist bestätigt.") % {"name": organisation.name}
    run_step(request, services.bank_details_confirm, success, organisation=organisation, user=request.user)
    return redirect(safe_next(request, default=reverse("staff:organisation_history", args=[organisation.pk])))


@case_worker_required
@require_http_methods(["GET", "POST"])
def organisation_merge_view(request, pk, other_pk):
    """Confirmation page, then the merge: ``other_pk`` goes, everything of it moves to ``pk``."""
    kept = get_organisation_for_staff(request.user, pk)
    removed = get_organisation_for_staff(request.user, other_pk)
    if request.method == "POST":
        try:
            organisation_merge(kept=kept, removed=removed, user=request.user, reason=request.POST.get("reason", ""))
        except WorkflowError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("„%(removed)s“ ist mit „%(kept)s“ zusammengeführt.")
                             % {"removed": removed.name, "kept": kept.name})
            return redirect("staff:organisation_history", pk=kept.pk)
    context = {"kept": kept, "removed": removed, "counts": selectors.organisation_holdings(removed),
               "reason": request.POST.get("reason", "")}
    return render(request, "staff/organisation_merge.html", context)
