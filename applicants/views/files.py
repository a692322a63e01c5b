"""Downloads: attachments, letters, the application as PDF. Always as a
download, only for members of the organisation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.access import get_application_for_reader, get_attachment_for_user, get_letter_for_user
from applicants.services.drafts import attachment_delete, is_editable
from applicants.services.letters import RenderBusy, application_preview_pdf
from funding.downloads import letter_response, upload_download
from funding.models import Application, Attachment, Letter
from funding.services.transitions import WorkflowError


@login_required
def attachment_download(request, pk, attachment_pk):
    attachment = get_attachment_for_user(request.user, pk, attachment_pk, reader=True)
    return upload_download(attachment)


@login_required
@require_POST
def attachment_delete_view(request, pk, attachment_pk):
    attachment = get_attachment_for_user(request.user, pk, attachment_pk)
    try:
        attachment_delete(attachment=attachment, user=request.user)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Datei „%(name)s“ ist gelöscht.") % {"name": attachment.original_name})
    if attachment.kind == Attachment.Kind.PROOF:
        return redirect("applicants:proof_attachments", pk)
    return redirect("applicants:application_attachments", pk)


@login_required
def letter_download(request, pk, letter_pk):
    return letter_response(get_letter_for_user(request.user, pk, letter_pk))


@login_required
def application_pdf(request, pk):
    """The application as PDF: the stored copy once submitted, else a preview."""
    queryset = Application.objects.select_related("call__programme__authority", "line", "organisation", "municipality")
    app = get_application_for_reader(request.user, pk, queryset)
    stored = Letter.objects.filter(application=app, kind=Letter.Kind.APPLICATION).order_by("-created_at").first()
    if stored is not None and not is_editable(app):
        return letter_download(request, pk, stored.pk)
    try:
        pdf = application_preview_pdf(application=app, user=request.user)
    except RenderBusy:
        response = render(request, "applicants/preview_busy.html", {"application": app}, status=429)
        response["Retry-After"] = str(settings.PREVIEW_RETRY_AFTER_SECONDS)
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"Antrag {app.file_reference or 'Entwurf'}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
