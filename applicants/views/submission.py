"""Attachments of an application, and the summary where it is submitted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applicants import checks
from applicants.access import get_application_for_user, membership_for
from applicants.forms.application import AttachmentForm, DeclarationForm
from applicants.models import Membership, OrganisationDocument
from applicants.services.drafts import is_editable
from applicants.services.submission import application_submit_by_applicant
from applicants.views.common import store_upload
from applicants.views.form import DATA_STEPS, step_navigation, step_url
from funding import rules
from funding.errors import SERVICE_ERRORS, add_errors
from funding.models import Application
from funding.workflow import EDITABLE_STATES, is_first_submission


def load_for_summary(user, pk):
    queryset = Application.objects.select_related(
        "call", "line", "organisation", "municipality"
    ).prefetch_related("cost_lines", "form_drafts", "attachments", "organisation__documents")
    return get_application_for_user(user, pk, queryset)


def _documents_context(app):
    documents = list(app.organisation.documents.all())
    present = {d.kind for d in documents} | {a.kind for a in app.attachments.all()}
    required = rules.required_document_kinds(app.call)
    return {"documents": documents, "missing_kinds": [kind for kind in required if kind not in present]}


@login_required
@require_http_methods(["GET", "POST"])
def application_attachments(request, pk):
    app = load_for_summary(request.user, pk)
    if not is_editable(app):
        return redirect(app)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if store_upload(request, app, form, kind=form.cleaned_data["kind"], states=EDITABLE_STATES):
            return redirect("applicants:application_attachments", app.pk)
    context = {
        "application": app,
        "step": checks.ATTACHMENTS,
        "form": form,
        "attachments": [a for a in app.attachments.all() if a.kind != "proof"],
        **_documents_context(app),
        **step_navigation(app, checks.ATTACHMENTS),
    }
    return render(request, "applicants/form/anlagen.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def application_submit(request, pk):
    """Summary of the whole application; the representative declares and submits."""
    app = load_for_summary(request.user, pk)
    if not is_editable(app):
        return redirect(app)
    membership = membership_for(app, request.user)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST":
        if not membership.is_representative:
            raise PermissionDenied
        if form.is_valid():
            first = is_first_submission(app)
            try:
                app = application_submit_by_applicant(application=app, user=request.user)
            except SERVICE_ERRORS as error:
                add_errors(form, error)
            else:
                messages.success(request, _submitted_message(app, first))
                return redirect(app)
    return render(request, "applicants/form/einreichen.html", _summary_context(app, membership, form))


def _submitted_message(app, first_submission):
    if not first_submission:
        return _("Ihr geänderter Antrag ist wieder bei uns. Vielen Dank!")
    return _("Ihr Antrag ist eingereicht. Ihr Aktenzeichen: %(ref)s. Die Eingangsbestätigung kommt per E-Mail.") % {
        "ref": app.file_reference
    }


def _problem_url(app, problem):
    if problem.step == checks.ORGANISATION:
        return reverse("applicants:organisation_edit", args=[app.organisation_id])
    if problem.step == checks.ATTACHMENTS and problem.field in OrganisationDocument.Kind.values:
        # A standing document is uploaded once, in the organisation's profile.
        upload = reverse("applicants:document_upload", args=[app.organisation_id])
        return f"{upload}?{urlencode({'art': problem.field})}"
    url = step_url(app, problem.step)
    return f"{url}?pruefen=1" if problem.step in DATA_STEPS else url


def _summary_context(app, membership, form):
    drafts = [draft.step for draft in app.form_drafts.all()]
    documents = list(app.organisation.documents.all())
    problems = checks.application_problems(app, documents=documents, drafts=drafts)
    representatives = Membership.objects.filter(
        organisation_id=app.organisation_id, role=Membership.Role.REPRESENTATIVE
    ).select_related("user")
    return {
        "application": app,
        "step": checks.SUBMIT,
        "form": form,
        "membership": membership,
        "problems": [(problem, _problem_url(app, problem)) for problem in problems],
        "representatives": representatives,
        "cost_lines": app.cost_lines.all(),
        "total_costs": app.total_costs(),
        "attachments": [a for a in app.attachments.all() if a.kind != "proof"],
        **_documents_context(app),
        **step_navigation(app, checks.SUBMIT),
    }
