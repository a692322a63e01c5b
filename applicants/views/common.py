"""Helpers shared by the portal views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from applicants.services.drafts import attachment_add
from funding.services.transitions import WorkflowError


def add_errors(form, error, field=None):
    """Shows a service's refusal at ``field`` (or above the form)."""
    if isinstance(error, ValidationError):
        form.add_error(field, error)
        return
    for message in getattr(error, "messages", [str(error)]):
        form.add_error(field, message)


SERVICE_ERRORS = (WorkflowError, ValidationError)


def store_upload(request, app, form, *, kind, states):
    """Stores the form's file with the application; False (and the reason at the field) when refused."""
    try:
        attachment_add(application=app, user=request.user, kind=kind, upload=form.cleaned_data["file"], states=states)
    except SERVICE_ERRORS as error:
        add_errors(form, error, "file")
        return False
    messages.success(request, _("Die Datei ist hochgeladen."))
    return True
