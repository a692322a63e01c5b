"""Helpers shared by the exchange views."""

from django.contrib import messages
from django.shortcuts import redirect

from applicants.views.common import SERVICE_ERRORS


def act(request, action, success, target):
    """Runs ``action()``; shows ``success`` or the service's refusal, then redirects to ``target``."""
    try:
        action()
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, success)
    return redirect(target)
