from django.shortcuts import render

from funding.decorators import staff_required


@staff_required
def dashboard(request):
    return render(request, "reports/dashboard.html")
