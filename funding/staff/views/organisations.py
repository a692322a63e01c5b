"""Organisations as the staff see them: marking one as checked."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.models import Organisation
from applicants.services import organisations as services
from applicants.views.accounts import safe_next
from funding.decorators import reviewer_required


@reviewer_required
@require_POST
def organisation_verify(request, pk):
    """Marks an organisation as checked by the integration centre (or takes the mark back)."""
    organisation = get_object_or_404(Organisation, pk=pk)
    verified = request.POST.get("verified", "1") == "1"
    services.organisation_set_verified(organisation=organisation, user=request.user, verified=verified)
    messages.success(request, _("Der Prüfstatus von „%(name)s“ ist gespeichert.") % {"name": organisation.name})
    return redirect(safe_next(request, default="staff:dashboard"))
