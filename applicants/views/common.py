"""Helpers shared by the portal views (errors: ``funding.errors``)."""

from django.contrib import messages
from django.utils.translation import gettext as _

from applicants.services.drafts import attachment_add
from funding.errors import SERVICE_ERRORS, add_errors


def store_upload(request, app, form, *, kind, states):
    """Stores the form's file with the application; False (and the reason at the field) when refused."""
    try:
        attachment_add(application=app, user=request.user, kind=kind, upload=form.cleaned_data["file"], states=states)
    except SERVICE_ERRORS as error:
        add_errors(form, error, "file")
        return False
    messages.success(request, _("Die Datei ist hochgeladen."))
    return True
