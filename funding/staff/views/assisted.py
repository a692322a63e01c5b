"""Assisted applications: KI staff fill in and submit an application for an organisation that came to the office.

The pages use the portal's own forms and services (``applicants.views.form.DATA_STEPS``,
``applicants.services.drafts``, the submission checks), so the rules are the
applicant's. Only reviewers (Prüfung) of the call's authority reach them;
drafts begun by staff are found here and nowhere else in the staff workspace.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from applicants import checks
from applicants.forms.application import AttachmentForm
from applicants.services import assisted as services
from applicants.services.drafts import application_create
from applicants.views.common import store_upload
from applicants.views.form import BLANK_ROWS, DATA_STEPS, _fresh_costs, place_problems
from applicants.views.steps import load_step, navigation, save_step, target_after_save
from funding import roles, rules
from funding.decorators import reviewer_required
from funding.errors import SERVICE_ERRORS, add_errors
from funding.models import Application, FundingLine
from funding.services.transitions import WorkflowError
from funding.staff.access import get_application_for_staff, staff_organisations
from funding.staff.forms import AssistedStartForm, AssistedSubmitForm, DeclarationLinkForm, InPersonConfirmationForm
from funding.tenancy import for_staff
from funding.workflow import EDITABLE_STATES, State, can_assist

SUBMIT = checks.SUBMIT
STEPS = [
    (checks.PROJECT, gettext_lazy("Projekt")),
    (checks.COSTS, gettext_lazy("Kosten")),
    (checks.FINANCING, gettext_lazy("Finanzierung")),
    (SUBMIT, gettext_lazy("Anlagen und einreichen")),
]


def assisted_drafts(user):
    """Drafts begun by KI staff, in the authorities where ``user`` reviews."""
    return for_staff(Application.objects.filter(state=State.DRAFT, assisted_by__isnull=False), user, roles.REVIEWER)


def _load(user, pk):
    queryset = assisted_drafts(user).select_related("call", "line", "organisation", "municipality").prefetch_related(
        "cost_lines", "form_drafts", "attachments", "organisation__documents"
    )
    return get_object_or_404(queryset, pk=pk)


def _url(app, key):
    if key == SUBMIT:
        return reverse("staff:assisted_submit", args=[app.pk])
    return reverse("staff:assisted_step", args=[app.pk, key])


def _navigation(app, current):
    return navigation(STEPS, current, lambda key: _url(app, key))


def open_lines(user):
    """Funding lines of calls open today in the authorities where ``user`` reviews."""
    today = timezone.localdate()
    lines = for_staff(FundingLine.objects.all(), user, roles.REVIEWER).select_related("call")
    return lines.filter(call__opens_on__lte=today, call__closes_on__gte=today).order_by("call__name", "order", "pk")


@reviewer_required
@require_http_methods(["GET", "POST"])
def assisted_start(request):
    """Pick the organisation and the funding line; the draft is the organisation's, marked as assisted."""
    form = AssistedStartForm(
        request.POST or None, organisations=staff_organisations(request.user).order_by("name"),
        lines=open_lines(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = application_create(
                user=request.user, organisation=data["organisation"], line=data["line"], title=data["title"],
                assisted=True,
            )
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Der Entwurf für „%(name)s“ ist angelegt.") % {"name": app.organisation.name})
            return redirect("staff:assisted_step", app.pk, checks.PROJECT)
    drafts = assisted_drafts(request.user).select_related("organisation", "line").order_by("-updated_at")[:50]
    return render(request, "staff/assisted_start.html", {"form": form, "drafts": drafts},
                  status=400 if form.errors else 200)


@reviewer_required
@require_http_methods(["GET", "POST"])
def assisted_step(request, pk, step):
    if step not in DATA_STEPS:
        raise Http404
    spec = DATA_STEPS[step]
    app = _load(request.user, pk)
    if request.method == "POST":
        try:
            form, valid = save_step(spec, app, request.user, request.POST)
        except WorkflowError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("staff:assisted_start")
        if "mehr_zeilen" in request.POST:
            return redirect(f"{_url(app, step)}?zeilen=1")
        if valid:
            messages.success(request, _("Gespeichert."))
            return redirect(target_after_save(request, _navigation(app, step), _url(app, step)))
        messages.error(request, _("Bitte korrigieren Sie die markierten Felder. Alle anderen Angaben sind gespeichert."))
    elif step == checks.COSTS and "zeilen" in request.GET:
        form = _fresh_costs(app, BLANK_ROWS)
    else:
        form = load_step(spec, app, {draft.step: draft for draft in app.form_drafts.all()})
    app = _load(request.user, pk)
    context = {
        "application": app,
        "step": step,
        "form": form,
        "step_problems": place_problems(form, checks.step_problems(app, step)),
        "total_costs": app.total_costs(),
        **_navigation(app, step),
    }
    return render(request, "staff/assisted_step.html", context)


def _where(app, step):
    """(url, label) of the step a problem is fixed at; the organisation's profile is the organisation's to edit."""
    labels = dict(STEPS)
    if step in DATA_STEPS:
        return _url(app, step), labels[step]
    if step == checks.ATTACHMENTS:
        return "#upload-heading", labels[SUBMIT]
    return "", _("Profil der Organisation (ändert die Organisation im Portal)")


def _submit_context(app, form, attachment_form):
    documents = list(app.organisation.documents.all())
    drafts = [draft.step for draft in app.form_drafts.all()]
    present = {d.kind for d in documents} | {a.kind for a in app.attachments.all()}
    return {
        "application": app,
        "step": SUBMIT,
        "form": form,
        "attachment_form": attachment_form,
        "problems": [(problem, *_where(app, problem.step))
                     for problem in checks.application_problems(app, documents=documents, drafts=drafts)],
        "documents": documents,
        "attachments": [a for a in app.attachments.all() if a.kind != "proof"],
        "missing_kinds": [kind for kind in rules.required_document_kinds(app.call) if kind not in present],
        "cost_lines": app.cost_lines.all(),
        "total_costs": app.total_costs(),
        **_navigation(app, SUBMIT),
    }


@reviewer_required
@require_http_methods(["GET", "POST"])
def assisted_submit(request, pk):
    """Attachments, the checks of the call, and the submission on the organisation's behalf."""
    app = _load(request.user, pk)
    form = AssistedSubmitForm(request.POST or None, initial={"email": app.organisation.email})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        in_person = data["how"] == services.IN_PERSON
        try:
            app = services.application_submit_assisted(
                application=app, user=request.user, email="" if in_person else data["email"],
                confirmed_name=data["name"] if in_person else "", note=data["note"] if in_person else "",
            )
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _submitted_message(app, in_person))
            return redirect("staff:application_detail", app.pk)
    context = _submit_context(app, form, AttachmentForm())
    return render(request, "staff/assisted_submit.html", context, status=400 if form.errors else 200)


def _submitted_message(app, in_person):
    if in_person:
        return _("Der Antrag ist eingereicht (Aktenzeichen %(ref)s); die Erklärungen sind persönlich bestätigt.") % {
            "ref": app.file_reference}
    return _("Der Antrag ist eingereicht (Aktenzeichen %(ref)s). Der Link zur Bestätigung der Erklärungen ist unterwegs; "
             "entschieden werden kann nach der Bestätigung.") % {"ref": app.file_reference}


@reviewer_required
@require_POST
def assisted_attachment(request, pk):
    app = _load(request.user, pk)
    attachment_form = AttachmentForm(request.POST, request.FILES)
    if attachment_form.is_valid() and store_upload(
        request, app, attachment_form, kind=attachment_form.cleaned_data["kind"], states=EDITABLE_STATES
    ):
        return redirect("staff:assisted_submit", app.pk)
    form = AssistedSubmitForm(initial={"email": app.organisation.email})
    return render(request, "staff/assisted_submit.html", _submit_context(app, form, attachment_form), status=400)


@reviewer_required
@require_http_methods(["GET", "POST"])
def declarations(request, pk):
    """The declarations of an assisted application: a new e-mail link, or the confirmation in person with a note."""
    app = get_application_for_staff(request.user, pk, roles.REVIEWER)
    if not app.is_assisted:
        raise Http404
    posted = request.POST if request.method == "POST" else None
    link_form = DeclarationLinkForm(posted if "link" in request.POST else None, initial={"email": app.organisation.email})
    person_form = InPersonConfirmationForm(posted if "in_person" in request.POST else None)
    form = link_form if link_form.is_bound else person_form if person_form.is_bound else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if form is link_form:
                services.declaration_request_send(application=app, user=request.user, email=data["email"])
                messages.success(request, _("Der Link zur Bestätigung ist an %(email)s unterwegs.") % {"email": data["email"]})
            else:
                services.declarations_confirm_in_person(
                    application=app, user=request.user, name=data["name"], note=data["note"])
                messages.success(request, _("Die persönliche Bestätigung der Erklärungen ist vermerkt."))
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            return redirect(f"{reverse('staff:application_detail', args=[app.pk])}#declarations-heading")
    context = {
        "application": app, "link_form": link_form, "person_form": person_form,
        "requests": app.declaration_requests.select_related("created_by"),
        "may_assist": app.declarations_pending and can_assist(app, request.user),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "staff/declarations.html", context, status=status)
