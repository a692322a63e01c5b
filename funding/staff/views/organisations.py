"""An organisation's change history and the confirmation of new bank details."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.models import Organisation
from applicants.services.organisations import bank_details_confirm
from applicants.views.accounts import safe_next
from funding import selectors
from funding.decorators import staff_required
from funding.staff.steps import run_step


@staff_required
def organisation_history(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("bank_details_changed_by"), pk=pk)
    context = {
        "organisation": organisation,
        "changes": selectors.organisation_changes(organisation),
        "bank_changes": selectors.bank_details_changes(organisation),
        "may_confirm_bank_details": may_confirm_bank_details(organisation, request.user),
    }
    return render(request, "staff/organisation_history.html", context)


def may_confirm_bank_details(organisation, user):
    return organisation.bank_details_pending and organisation.bank_details_changed_by_id != user.pk


@staff_required
@require_POST
def bank_details_confirm_view(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    success = _("Die Bankverbindung von „%(name)s“ ist bestätigt.") % {"name": organisation.name}
    run_step(request, bank_details_confirm, success, organisation=organisation, user=request.user)
    return redirect(safe_next(request, default=reverse("staff:organisation_history", args=[organisation.pk])))
