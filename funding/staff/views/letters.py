"""Stored letters and bulk letter jobs (ZIP of many Bescheide)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funding.decorators import case_worker_required, staff_required
from funding.errors import show_refusal
from funding.models import BulkLetterJob
from funding.services.bulk import bulk_job_create
from funding.services.jobs import job_restart
from funding.services.transitions import WorkflowError
from funding.staff import selectors
from funding.staff.access import get_job_for_user, get_letter_for_staff
from funding.tenancy import for_staff
from funding.downloads import file_download, letter_response


@staff_required
def letter_download(request, pk):
    """The stored PDF, identical bytes on every download."""
    return letter_response(get_letter_for_staff(request.user, pk))


@case_worker_required
def bulk_jobs(request):
    jobs = for_staff(BulkLetterJob.objects.filter(created_by=request.user), request.user)[:20]
    return render(request, "staff/bulk_jobs.html", {"jobs": jobs})


@case_worker_required
@require_POST
def bulk_create(request):
    """Starts a job for the decided applications of the queue's current filters."""
    selection, summary = selectors.bulk_selection(user=request.user, params=request.GET)
    try:
        job = bulk_job_create(user=request.user, applications=selection, description=summary)
    except WorkflowError as error:
        show_refusal(request, error)
        return redirect(f"{reverse('staff:queue')}?{request.GET.urlencode()}")
    messages.success(request, _("Der Sammelauftrag wurde gestartet."))
    return redirect("staff:bulk_detail", pk=job.pk)


@case_worker_required
def bulk_detail(request, pk):
    job = get_job_for_user(request.user, pk)
    return render(request, "staff/bulk_detail.html", {"job": job})


@case_worker_required
@require_POST
def bulk_restart(request, pk):
    """Queues a failed job again (its letters that exist are reused)."""
    job = get_job_for_user(request.user, pk)
    try:
        job_restart(job=job, user=request.user)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Sammelauftrag wurde neu gestartet."))
    return redirect("staff:bulk_detail", pk=job.pk)


@case_worker_required
def bulk_download(request, pk):
    job = get_job_for_user(request.user, pk)
    if job.status != BulkLetterJob.Status.DONE or not job.file:
        messages.error(request, _("Der Sammelauftrag ist noch nicht fertig."))
        return redirect("staff:bulk_detail", pk=job.pk)
    return file_download(job.file, f"Bescheide-{job.pk}.zip", "application/zip")
