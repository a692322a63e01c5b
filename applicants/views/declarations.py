"""The representative confirms the declarations of an application the KI filed with the organisation.

Reached by the link in the e-mail, without logging in: the signed token in
the link is the proof (``applicants.services.assisted``). A forged, foreign
or too old link finds nothing (404).
"""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from applicants.forms.application import DeclarationConfirmationForm
from applicants.services import assisted as services
from funding.errors import SERVICE_ERRORS, add_errors


@require_http_methods(["GET", "POST"])
def declarations_confirm(request, pk, token):
    try:
        confirmation = services.request_for_link(token, pk)
    except services.InvalidLink:
        return render(request, "applicants/declarations_confirm.html", {"invalid": True}, status=404)
    application = confirmation.application
    problem = services.link_problem(confirmation)
    form = DeclarationConfirmationForm(request.POST if request.method == "POST" and not problem else None)
    if form.is_bound and form.is_valid():
        try:
            application = services.declarations_confirm_by_link(request=confirmation, name=form.cleaned_data["name"])
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            return render(request, "applicants/declarations_confirm.html", {"application": application, "done": True})
    context = {"application": application, "form": form, "problem": problem}
    return render(request, "applicants/declarations_confirm.html", context, status=400 if form.errors else 200)
