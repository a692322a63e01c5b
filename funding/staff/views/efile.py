"""E-file exports: one application's ZIP, and the background export of a whole call."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funding.decorators import case_worker_required, staff_required
from funding.downloads import file_download
from funding.errors import show_refusal
from funding.models import EfileExportJob, FundingCall
from funding.services.efile import efile_job_create, efile_name, efile_temp
from funding.services.jobs import job_restart
from funding.services.transitions import WorkflowError
from funding.tenancy import for_staff
from funding.staff.access import get_application_for_staff, get_call_for_staff, get_efile_job_for_user


@staff_required
def efile_download(request, pk):
    """Every document of the case with its xdomea index, written to a temporary file and streamed."""
    application = get_application_for_staff(request.user, pk)
    return FileResponse(efile_temp(application), as_attachment=True, filename=efile_name(application),
                        content_type="application/zip")


@case_worker_required
def efile_jobs(request):
    calls = for_staff(FundingCall.objects.select_related("programme"), request.user).order_by("-pk")
    jobs = for_staff(EfileExportJob.objects.filter(created_by=request.user), request.user).select_related("call")[:20]
    return render(request, "staff/efile_jobs.html", {"calls": calls, "jobs": jobs})


@case_worker_required
@require_POST
def efile_job_start(request, call_pk):
    call = get_call_for_staff(request.user, call_pk)
    try:
        job = efile_job_create(user=request.user, call=call)
    except WorkflowError as error:
        show_refusal(request, error)
        return redirect("staff:efile_jobs")
    messages.success(request, _("Der Export der E-Akten wurde gestartet."))
    return redirect("staff:efile_job", pk=job.pk)


@case_worker_required
def efile_job(request, pk):
    return render(request, "staff/efile_job.html", {"job": get_efile_job_for_user(request.user, pk)})


@case_worker_required
@require_POST
def efile_job_restart(request, pk):
    job = get_efile_job_for_user(request.user, pk)
    try:
        job_restart(job=job, user=request.user)
    except WorkflowError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Der Export der E-Akten wurde neu gestartet."))
    return redirect("staff:efile_job", pk=job.pk)


@case_worker_required
def efile_job_download(request, pk):
    job = get_efile_job_for_user(request.user, pk)
    if job.status != EfileExportJob.Status.DONE or not job.file:
        messages.error(request, _("Der Export ist noch nicht fertig."))
        return redirect("staff:efile_job", pk=job.pk)
    return file_download(job.file, f"E-Akten-{job.pk}.zip", "application/zip")
