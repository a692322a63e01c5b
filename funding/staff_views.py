"""Staff workspace (Sachbearbeitung, Leitung, Kasse)."""

from django.db.models import Count
from django.shortcuts import render

from funding.decorators import staff_required
from funding.models import Application
from funding.workflow import State


@staff_required
def dashboard(request):
    """Start page for staff: counts per state, linked to the queue."""
    counts = dict(Application.objects.values_list("state").annotate(n=Count("pk")).order_by())
    states = [(value, label, counts.get(value, 0)) for value, label in State.choices]
    return render(request, "staff/dashboard.html", {"states": states})
