"""Project-wide views: start page by role, health check."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from funding import glossary, languages, roles


def home(request):
    """Sends everyone to the start page of their role."""
    if not request.user.is_authenticated:
        return redirect("login")
    if roles.is_staff_member(request.user):
        return redirect("staff:dashboard")
    return redirect("applicants:dashboard")


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def accessibility(request):
    return render(request, "accessibility.html", {"feedback_email": settings.SITE_OPERATOR_EMAIL})


def guide(request):
    """The whole process in plain words: who may apply, costs, documents, what follows."""
    return render(request, "guide.html", {"terms": glossary.TERMS})


def glossary_page(request):
    return render(request, "glossary.html", {"terms": glossary.TERMS})


@require_POST
def set_language(request):
    """The language switch: cookie and session, and the account of a signed-in user."""
    language = request.POST.get("language")
    allowed = languages.STAFF_LANGUAGES if roles.is_staff_member(request.user) else languages.applicant_languages()
    if language not in allowed:
        return redirect("home")
    languages.remember(request, request.user, language)
    return django_set_language(request)
