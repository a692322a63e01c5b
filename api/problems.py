"""Every API error as RFC 9457 problem details (``application/problem+json``).

Shape: ``{"type", "title", "status", "detail", "instance"}``, and for
invalid input ``errors``: ``{field: [message, ...]}``.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from funding.services.transitions import WorkflowError

PROBLEM_TYPE = "application/problem+json"
TITLES = {
    400: gettext_lazy("Ungültige Anfrage"),
    401: gettext_lazy("Nicht angemeldet"),
    403: gettext_lazy("Keine Berechtigung"),
    404: gettext_lazy("Nicht gefunden"),
    405: gettext_lazy("Methode nicht erlaubt"),
    406: gettext_lazy("Nicht annehmbar"),
    409: gettext_lazy("Schritt nicht möglich"),
    415: gettext_lazy("Medientyp nicht unterstützt"),
    429: gettext_lazy("Zu viele Anfragen"),
}


def problem(request, status_code, detail, errors=None, headers=None):
    """A problem-details response."""
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Fehler"))),
        "status": status_code,
        "detail": str(detail),
        "instance": request.path if request is not None else "",
    }
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM_TYPE, headers=headers)


def handle_exception(exc, context):
    """DRF's EXCEPTION_HANDLER: refusals of the workflow are 409, everything else keeps its status."""
    request = context.get("request")
    if isinstance(exc, WorkflowError):
        return problem(request, status.HTTP_409_CONFLICT, " ".join(exc.messages))
    if isinstance(exc, (Http404, PermissionDenied)):
        exc = exceptions.NotFound() if isinstance(exc, Http404) else exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    headers = {name: value for name, value in response.items() if name in ("Retry-After", "WWW-Authenticate", "Allow")}
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return problem(request, response.status_code, _("Die Eingabe ist ungültig."), _flatten(errors), headers)
    return problem(request, response.status_code, getattr(exc, "detail", ""), headers=headers)


def _flatten(errors):
    """{field: [message, ...]} with plain strings."""
    return {str(key): [str(item) for item in (value if isinstance(value, list) else [value])] for key, value in errors.items()}
