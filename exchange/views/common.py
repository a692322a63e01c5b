"""Helpers shared by the exchange views."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from funding.errors import SERVICE_ERRORS


def act(request, action, success, target):
    """Runs ``action()``; shows ``success`` or the service's refusal, then redirects to ``target``."""
    try:
        action()
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, success)
    return redirect(target)


def upload(request, store, target):
    """Binds the document form to the request and calls ``store(upload=file)`` when it is valid."""
    from exchange.forms import DocumentForm

    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", [_("Bitte wählen Sie eine Datei.")])))
        return redirect(target)
    return act(request, lambda: store(upload=form.cleaned_data["file"]), _("Die Unterlage ist hochgeladen."), target)
