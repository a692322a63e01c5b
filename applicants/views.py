from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from applicants.access import applications_for, get_application_for_user, user_organisations


@login_required
def dashboard(request):
    """The organisation's overview: its applications and where they stand."""
    organisations = user_organisations(request.user).order_by("name")
    applications = applications_for(request.user).select_related("call", "line", "organisation").order_by("-created_at")
    context = {"organisations": organisations, "applications": applications}
    return render(request, "applicants/dashboard.html", context)


@login_required
def application_detail(request, pk):
    application = get_application_for_user(request.user, pk)
    return render(request, "applicants/application_detail.html", {"application": application})
