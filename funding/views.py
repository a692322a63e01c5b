"""Project-wide views: start page by role, health check."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render

from funding import roles


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
    return render(request, "accessibility.html")
