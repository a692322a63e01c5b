"""Object-level access for staff: every view that loads an object goes
through these helpers. Non-staff users get 404 (the pages do not exist for
them); drafts are the applicant's own and are never shown to staff."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from funding import roles
from funding.models import Amendment, Application, Attachment, BulkLetterJob, Drawdown, EfileExportJob, Letter
from funding.workflow import State


def staff_applications():
    return Application.objects.exclude(state=State.DRAFT)


def _require_staff(user):
    if not roles.is_staff_member(user):
        raise Http404


def get_application_for_staff(user, pk, *, related=(), **annotations):
    """``related``, ``annotations``: more to read in the same query (the file page)."""
    _require_staff(user)
    queryset = staff_applications().select_related(
        "call__programme__authority", "line", "organisation__municipality", "municipality", "assigned_reviewer",
        *related,
    )
    return get_object_or_404(queryset.annotate(**annotations) if annotations else queryset, pk=pk)


def get_letter_for_staff(user, pk):
    _require_staff(user)
    return get_object_or_404(Letter.objects.select_related("application"), pk=pk)


def get_attachment_for_staff(user, application_id, pk):
    _require_staff(user)
    return get_object_or_404(Attachment, application_id=application_id, pk=pk)


def get_drawdown_for_staff(user, pk):
    _require_staff(user)
    return get_object_or_404(Drawdown.objects.select_related("application"), pk=pk)


def get_job_for_user(user, pk):
    """A bulk letter job; only its creator sees it."""
    _require_staff(user)
    return get_object_or_404(BulkLetterJob, pk=pk, created_by=user)


def get_efile_job_for_user(user, pk):
    """An e-file export job; only its creator sees it."""
    _require_staff(user)
    return get_object_or_404(EfileExportJob.objects.select_related("call"), pk=pk, created_by=user)


def get_amendment_for_staff(user, pk):
    _require_staff(user)
    queryset = Amendment.objects.select_related("application__organisation", "application__call", "application__line")
    return get_object_or_404(queryset, pk=pk)
