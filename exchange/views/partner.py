"""The invitation page of a partner: reached only through the secret link in the e-mail.

Partners have no login; the token in the link is their key to this one
invitation: answer, agenda, documents, and the minutes once published.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from funding.downloads import file_download, upload_download
from funding.errors import SERVICE_ERRORS, add_errors
from exchange.forms import AnswerForm
from exchange.models import MeetingDocument, MeetingInvitation
from exchange.services.meetings import invitation_answer
from exchange.views.member import meeting_context


def _by_token(token):
    queryset = MeetingInvitation.objects.filter(partner__isnull=False).select_related("meeting", "partner")
    return get_object_or_404(queryset, token=token)


@require_http_methods(["GET", "POST"])
def invitation_token(request, token):
    invitation = _by_token(token)
    form = AnswerForm(request.POST or None, instance=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_answer(invitation=invitation, user=None, values=form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Danke, Ihre Antwort ist gespeichert."))
            return redirect("exchange:invitation_token", token=token)
    context = {**meeting_context(invitation.meeting, invitation), "form": form, "token": token}
    return render(request, "exchange/invitation_detail.html", context)


def token_document(request, token, document_pk):
    invitation = _by_token(token)
    document = get_object_or_404(MeetingDocument, meeting=invitation.meeting, pk=document_pk)
    return upload_download(document)


def token_minutes(request, token):
    meeting = _by_token(token).meeting
    if not meeting.minutes_file:
        raise Http404
    return file_download(meeting.minutes_file, f"Protokoll {meeting.starts_at:%Y-%m-%d}.pdf", "application/pdf")
