"""How a service's refusal reaches the user, in both portals.

Services refuse with ``WorkflowError`` (a step that cannot be taken now,
with messages for the user) or ``ValidationError``. A view either shows
the refusal at its form (``add_errors``, ``run_form_step``) or as a message
on the next page (``run_step``). Nothing else catches these errors.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError

from funding.services.transitions import WorkflowError

SERVICE_ERRORS = (WorkflowError, ValidationError)


def add_errors(form, error, field=None):
    """Shows a service's refusal at ``field`` (or above the form)."""
    if isinstance(error, ValidationError):
        form.add_error(field, error)
        return
    for message in getattr(error, "messages", [str(error)]):
        form.add_error(field, message)


def run_form_step(form, service, *, field=None, **kwargs):
    """Calls ``service``; a refusal becomes an error of the form. Returns the result, or None when refused."""
    try:
        return service(**kwargs)
    except SERVICE_ERRORS as error:
        add_errors(form, error, field)
        return None


def run_step(request, service, success_message, **kwargs):
    """Calls ``service``; its refusal or ``success_message`` is shown on the next page. True on success."""
    try:
        service(**kwargs)
    except SERVICE_ERRORS as error:
        show_refusal(request, error)
        return False
    messages.success(request, success_message)
    return True


def show_refusal(request, error):
    """Each message of a refusal as an error message on the next page."""
    for text in getattr(error, "messages", [str(error)]):
        messages.error(request, text)
