"""Partner organisations (co-applicants) of an application: search by name, add, remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applicants.access import get_application_for_user
from applicants.services import co_applicants as services
from applicants.services.drafts import is_editable
from funding.errors import SERVICE_ERRORS
from funding.workflow import is_representative


@login_required
@require_http_methods(["GET", "POST"])
def co_applicants(request, pk):
    app = get_application_for_user(request.user, pk)
    if not is_representative(app, request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                services.co_applicant_remove(application=app, user=request.user, co_applicant_id=_number(request.POST["remove"]))
                messages.success(request, _("Die Partnerorganisation ist entfernt."))
            else:
                services.co_applicant_add(application=app, user=request.user, organisation_id=_number(request.POST.get("organisation")))
                messages.success(request, _("Die Partnerorganisation ist hinzugefügt. Ihre Mitglieder können den Antrag jetzt lesen."))
        except SERVICE_ERRORS as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("applicants:co_applicants", app.pk)
    query = request.GET.get("q", "")[:100]
    context = {
        "application": app,
        "partners": app.co_applicants.select_related("organisation"),
        "query": query,
        "results": services.partner_search(application=app, query=query),
        "editable": is_editable(app),
    }
    return render(request, "applicants/co_applicants.html", context)


def _number(value):
    return int(value) if str(value or "").isdigit() else 0
