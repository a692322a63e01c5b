"""The organisation asks for a change of its running grant (Änderungsantrag)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applicants.access import get_application_for_user
from funding.amendment_forms import AmendmentForm
from funding.errors import run_form_step
from funding.services.amendments import amendment_request
from funding.workflow import AMENDABLE_STATES, is_representative


@login_required
@require_http_methods(["GET", "POST"])
def amendment_create(request, pk):
    """Longer period, a changed plan or a different amount: reviewed and decided under four eyes."""
    app = get_application_for_user(request.user, pk)
    if app.state not in AMENDABLE_STATES or not is_representative(app, request.user):
        messages.info(request, _("Eine Änderung können vertretungsberechtigte Personen beantragen, solange die Zuwendung läuft."))
        return redirect(app)
    form = AmendmentForm(request.POST or None, application=app)
    if request.method == "POST" and form.is_valid():
        if run_form_step(form, amendment_request, application=app, user=request.user, **form.service_kwargs()):
            messages.success(request, _("Ihr Änderungsantrag ist bei uns eingegangen. Sie erhalten einen Bescheid."))
            return redirect(app)
    return render(request, "applicants/amendment.html", {"application": app, "form": form}, status=400 if form.errors else 200)
