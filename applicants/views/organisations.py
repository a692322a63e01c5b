"""The organisation profile and its standing documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from applicants.access import get_document_for_user, get_membership
from applicants.checks import charitable_warning
from applicants.duplicates import possible_duplicates
from applicants.forms.organisations import DocumentForm, OrganisationForm
from applicants.services import organisations as services
from funding.downloads import upload_download
from funding.errors import SERVICE_ERRORS, add_errors
from funding.models import FundingCall
from funding.rules import required_document_kinds

# Names of other organisations are not shown to applicants; the KI sees them on the organisation's page.
DUPLICATE_HINT = gettext_lazy(
    "Es gibt schon einen Verein mit ähnlichen Angaben (Registernummer, IBAN oder Name). Gehört er zu Ihnen, "
    "bitten Sie seine Vertretung um eine Einladung. Das Kommunale Integrationszentrum prüft doppelte Einträge "
    "und führt sie zusammen; Ihre Angaben gehen dabei nicht verloren."
)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None, initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(user=request.user, values=form.cleaned_data)
        messages.success(request, _("Ihr Verein ist angelegt. Laden Sie jetzt bitte die Unterlagen hoch."))
        if possible_duplicates(organisation):
            messages.warning(request, DUPLICATE_HINT)
        return redirect("applicants:organisation_detail", organisation.pk)
    return render(request, "applicants/organisation_form.html", {"form": form})


@login_required
def organisation_detail(request, pk):
    membership = get_membership(request.user, pk)
    organisation = membership.organisation
    documents = list(organisation.documents.select_related("uploaded_by"))
    present = {document.kind for document in documents}
    call = FundingCall.objects.order_by("-opens_on").first()
    missing = [kind for kind in required_document_kinds(call) if kind not in present] if call else []
    context = {
        "organisation": organisation,
        "membership": membership,
        "documents": documents,
        "missing_kinds": missing,
        "charitable_warning": charitable_warning(organisation),
    }
    return render(request, "applicants/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = get_membership(request.user, pk, representative=True).organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(organisation=organisation, user=request.user, values=form.cleaned_data)
        messages.success(request, _("Die Angaben zu Ihrem Verein sind gespeichert."))
        return redirect("applicants:organisation_detail", organisation.pk)
    return render(request, "applicants/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request, pk):
    organisation = get_membership(request.user, pk).organisation
    form = DocumentForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("art")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_add(
                organisation=organisation, user=request.user, kind=data["kind"], upload=data["file"],
                valid_until=data["valid_until"],
            )
        except SERVICE_ERRORS as error:
            add_errors(form, error, "file")
        else:
            messages.success(request, _("Das Dokument ist gespeichert."))
            return redirect("applicants:organisation_detail", organisation.pk)
    return render(request, "applicants/document_form.html", {"form": form, "organisation": organisation})


@login_required
def document_download(request, pk, document_pk):
    document = get_document_for_user(request.user, pk, document_pk)
    return upload_download(document)


@login_required
@require_POST
def document_delete(request, pk, document_pk):
    document = get_document_for_user(request.user, pk, document_pk)
    services.document_delete(document=document, user=request.user)
    messages.success(request, _("Das Dokument „%(name)s“ ist gelöscht.") % {"name": document.original_name})
    return redirect("applicants:organisation_detail", pk)
