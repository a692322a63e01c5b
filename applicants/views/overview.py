"""The applicant's start page, the open calls, and starting a new application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applicants.access import user_organisations
from applicants.checks import charitable_warning, document_checklist
from applicants.forms.application import ApplicationCreateForm
from applicants.models import Membership
from applicants.presentation import applicant_state_labels, next_steps
from applicants.services import drafts
from funding import prepared
from funding.errors import SERVICE_ERRORS, add_errors
from funding.keyset import keyset_page
from funding.models import Application, FundingCall, FundingLine

PAGE_SIZE = 25


# What a row of the overview shows (fewer columns and joins: docs/performance.md).
OVERVIEW_COLUMNS = (
    "title", "file_reference", "requested_amount", "state", "proof_due_date", "updated_at", "organisation", "assisted_by",
    *(f"line__{f.attname}" for f in FundingLine._meta.concrete_fields if f.attname.split("_")[0] == "name"),  # translated
)

# What the cards of the organisations, their warnings and the exchange box read.
MEMBERSHIP_COLUMNS = (
    "role", "organisation__name", "organisation__is_verified", "organisation__is_charitable",
    "organisation__charitable_valid_until",
)


def _memberships(user):
    return (Membership.objects.filter(user_id=user).select_related("organisation").only(*MEMBERSHIP_COLUMNS)
            .order_by("organisation__name"))


@login_required
def dashboard(request):
    """The organisation's overview: its organisations, drafts and applications (25 a page, latest change first).

    The applications are those of the organisations of the memberships read first (``applications_for``
    without its joins). The memberships' and the first page's queries are compiled once per process
    (``funding.prepared``): only the user's and the organisations' ids differ between requests.
    """
    memberships = prepared.rows(("overview-memberships",), _memberships, {"user": request.user.pk})
    for membership in memberships:
        membership.warning = charitable_warning(membership.organisation)
    organisations = {membership.organisation_id: membership.organisation for membership in memberships}
    values = {f"organisation{number}": pk for number, pk in enumerate(organisations)}
    marks = prepared.markers(*values)
    applications = Application.objects.filter(organisation__in=list(marks.values())).select_related("line").only(*OVERVIEW_COLUMNS)

    def fetch(rows, first):  # the first page's SQL is compiled once per number of organisations
        if first:
            return prepared.rows(("overview-page",), lambda **_marks: rows, values)
        return prepared.Prepared(rows, marks).run(values)

    page = keyset_page(applications, "-updated_at", after=request.GET.get("after"), before=request.GET.get("before"),
                       size=PAGE_SIZE, fetch=fetch)
    states = applicant_state_labels()  # translated once, not per row
    for application in page:
        application.organisation = organisations[application.organisation_id]
        application.state_label = states[application.state]
    next_steps(page)
    context = {
        "memberships": memberships,
        "applications": page,
        "today": timezone.localdate(),
    }
    return render(request, "applicants/dashboard.html", context)


def open_calls():
    today = timezone.localdate()
    return FundingCall.objects.filter(opens_on__lte=today, closes_on__gte=today)


@login_required
def call_list(request):
    calls = list(
        open_calls().select_related("programme").prefetch_related(
            Prefetch("lines", queryset=FundingLine.objects.order_by("order", "name"))
        )
    )
    organisations = list(user_organisations(request.user).order_by("name").prefetch_related("documents"))
    for call in calls:
        call.checklist = document_checklist(call, organisations)
    context = {"calls": calls, "has_organisation": bool(organisations), "several_organisations": len(organisations) > 1}
    return render(request, "applicants/calls.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request, line_pk):
    line = get_object_or_404(FundingLine.objects.select_related("call").filter(call__in=open_calls()), pk=line_pk)
    organisations = user_organisations(request.user).order_by("name")
    if not organisations.exists():
        messages.info(request, _("Bitte legen Sie zuerst das Profil Ihres Vereins an."))
        return redirect("applicants:organisation_create")
    form = ApplicationCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            application = drafts.application_create(user=request.user, line=line, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Ihr Entwurf ist angelegt. Alles, was Sie eingeben, wird gespeichert."))
            return redirect("applicants:application_step", application.pk, "projekt")
    checklist = document_checklist(line.call, list(organisations.prefetch_related("documents")))
    context = {"form": form, "line": line, "call": line.call, "checklist": checklist}
    return render(request, "applicants/application_create.html", context)
