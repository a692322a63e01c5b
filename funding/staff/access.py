"""Object-level access for staff: every view that loads an object goes
through these helpers. Non-staff users get 404 (the pages do not exist for
them); drafts are the applicant's own and are never shown to staff. Every
lookup is narrowed by ``funding.tenancy.for_staff`` to the authorities where
the user holds a role: another authority's objects are 404 as well."""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from funding import roles
from funding.models import Amendment, Application, Attachment, BulkLetterJob, Drawdown, EfileExportJob, FundingCall, Letter, PaymentRun
from funding.tenancy import for_staff
from funding.workflow import State


def submitted_applications():
    """Every authority's submitted applications: only for callers that scope themselves (the API's token)."""
    return Application.objects.exclude(state=State.DRAFT)


def staff_applications(user, role=None):
    """The applications staff may see: submitted ones of the authorities where ``user`` holds (``role``)."""
    return for_staff(submitted_applications(), user, role)


def require_staff(user):
    """404 for anyone without a staff role."""
    if not roles.is_staff_member(user):
        raise Http404


def application_queryset(user, role=None, *, related=(), **annotations):
    """The applications ``user`` may open (``role``: only where the user holds it), with what a file shows
    (``related``, ``annotations``: more to read in the same query)."""
    queryset = staff_applications(user, role).select_related(
        "call__programme__authority", "line", "organisation__municipality", "municipality", "assigned_reviewer",
        *related,
    )
    return queryset.annotate(**annotations) if annotations else queryset


def get_application_for_staff(user, pk, role=None, *, related=(), **annotations):
    """``role``: only files where the user holds it; ``related``, ``annotations``: more to read in the same query
    (the file page)."""
    require_staff(user)
    return get_object_or_404(application_queryset(user, role, related=related, **annotations), pk=pk)


def get_letter_for_staff(user, pk):
    require_staff(user)
    return get_object_or_404(for_staff(Letter.objects.select_related("application"), user), pk=pk)


def get_attachment_for_staff(user, application_id, pk):
    require_staff(user)
    return get_object_or_404(for_staff(Attachment.objects.all(), user), application_id=application_id, pk=pk)


def get_drawdown_for_staff(user, pk, role=None):
    require_staff(user)
    return get_object_or_404(for_staff(Drawdown.objects.select_related("application"), user, role), pk=pk)


def get_payment_run_for_staff(user, pk):
    """A payment run of an authority where the user is finance."""
    require_staff(user)
    queryset = for_staff(PaymentRun.objects.select_related("created_by", "booked_by"), user, roles.FINANCE)
    return get_object_or_404(queryset, pk=pk)


def staff_organisations(user):
    """Organisations with an application in an authority where the user holds a role (a superuser: all).

    An organisation without any application yet (just registered) belongs to
    the authority of its municipality, or to every one while the
    municipality has none.
    """
    from applicants.models import Organisation

    if user.is_superuser:
        return Organisation.objects.all()
    own = for_staff(Application.objects.filter(organisation=OuterRef("pk")), user)
    anywhere = Application.objects.filter(organisation=OuterRef("pk"))
    home = Q(municipality__authority__isnull=True) | Q(municipality__authority__in=roles.authorities_of(user))
    return Organisation.objects.filter(Exists(own) | (~Exists(anywhere) & home))


def get_organisation_for_staff(user, pk, queryset=None):
    require_staff(user)
    rows = staff_organisations(user)
    if queryset is not None:
        rows = queryset & rows
    return get_object_or_404(rows, pk=pk)


def get_call_for_staff(user, pk):
    require_staff(user)
    return get_object_or_404(for_staff(FundingCall.objects.select_related("programme"), user), pk=pk)


def get_job_for_user(user, pk):
    """A bulk letter job; only its creator sees it, and only while it is of the user's authorities."""
    require_staff(user)
    return get_object_or_404(for_staff(BulkLetterJob.objects.all(), user), pk=pk, created_by=user)


def get_efile_job_for_user(user, pk):
    """An e-file export job; only its creator sees it, and only while the call is of the user's authorities."""
    require_staff(user)
    return get_object_or_404(for_staff(EfileExportJob.objects.select_related("call"), user), pk=pk, created_by=user)


def get_amendment_for_staff(user, pk):
    require_staff(user)
    queryset = Amendment.objects.select_related("application__organisation", "application__call", "application__line")
    return get_object_or_404(for_staff(queryset, user), pk=pk)
