"""Calling a service from a view: WorkflowError messages reach the user."""

from django.contrib import messages

from funding.services.transitions import WorkflowError


def run_step(request, service, success_message, **kwargs):
    """Calls ``service``; shows its result as a message. True on success."""
    try:
        service(**kwargs)
    except WorkflowError as error:
        for text in error.messages:
            messages.error(request, text)
        return False
    messages.success(request, success_message)
    return True


def run_form_step(form, service, **kwargs):
    """Calls ``service`` for a valid form; errors become form errors. Returns the result or None."""
    try:
        return service(**kwargs)
    except WorkflowError as error:
        for text in error.messages:
            form.add_error(None, text)
        return None
