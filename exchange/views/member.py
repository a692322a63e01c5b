"""Pages of the organisations: profile, events, invitations, statements.

Objects are loaded through ``exchange.access`` and ``applicants.access``:
another organisation's objects answer 404. Publishing and withdrawing the
profile need a representative (403 for a plain member, as in the portal).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applicants.access import get_membership
from funding.downloads import file_download, upload_download
from funding.errors import SERVICE_ERRORS, add_errors
from exchange import selectors
from exchange.access import (
    get_for_members, get_for_members_or_staff, is_ki_staff, ki_scoped, member_organisation_ids,
)
from exchange.forms import AgendaItemForm, AnswerForm, EventForm, ProfileForm, PublishForm, StatementForm
from exchange.models import Agreement, Consultation, Event, Meeting, MeetingDocument, MeetingInvitation
from exchange.services import consultations, events, meetings
from exchange.services.directory import profile_draft, profile_publish, profile_save, profile_withdraw
from exchange.views.common import act

EVENT_LIST_LIMIT = 50


@login_required
def member_home(request, org):
    membership = get_membership(request.user, org)
    organisation = membership.organisation
    profile = profile_draft(organisation)
    context = {
        "organisation": organisation,
        "profile": profile,
        "membership": membership,
        "publish_form": PublishForm(),
        "events": organisation.exchange_events.select_related("municipality").order_by("-starts_at")[
            :EVENT_LIST_LIMIT],
        "invitations": organisation.exchange_invitations.select_related("meeting").order_by("-meeting__starts_at"),
        "consultations": selectors.open_consultations(),
    }
    return render(request, "exchange/member_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, org):
    organisation = get_membership(request.user, org, representative=True).organisation
    profile = profile_draft(organisation)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()
                if k not in ("offers", "languages", "translation_languages", "religion_consent")}
        profile_save(profile=profile, user=request.user, values=data, offers=form.cleaned_data["offers"],
                     languages=form.cleaned_data["languages"],
                     translation_languages=form.cleaned_data["translation_languages"])
        messages.success(request, _("Der Eintrag ist gespeichert."))
        return redirect("exchange:member_home", org=organisation.pk)
    return render(request, "exchange/profile_form.html", {"form": form, "organisation": organisation,
                                                          "profile": profile})


def _saved_profile(request, org):
    organisation = get_membership(request.user, org, representative=True).organisation
    profile = profile_draft(organisation)
    if profile.pk is None:
        raise Http404
    return organisation, profile


@login_required
@require_POST
def profile_publish_view(request, org):
    organisation, profile = _saved_profile(request, org)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ohne Ihre Einwilligung veröffentlichen wir nichts."))
        return redirect("exchange:member_home", org=organisation.pk)
    return act(request, lambda: profile_publish(profile=profile, user=request.user),
               _("Ihr Eintrag ist jetzt öffentlich im Verzeichnis."), _home(organisation))


@login_required
@require_POST
def profile_withdraw_view(request, org):
    organisation, profile = _saved_profile(request, org)
    return act(request, lambda: profile_withdraw(profile=profile, user=request.user),
               _("Ihr Eintrag ist nicht mehr öffentlich."), _home(organisation))


def _home(organisation):
    return reverse("exchange:member_home", args=[organisation.pk])


def _event_form_page(request, form, organisation, event=None):
    return render(request, "exchange/event_form.html", {"form": form, "organisation": organisation, "event": event})


def _event_values(form):
    return {k: v for k, v in form.cleaned_data.items() if k != "languages"}


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request, org):
    organisation = get_membership(request.user, org).organisation
    form = EventForm(request.POST or None, initial={"municipality": organisation.municipality_id})
    if request.method == "POST" and form.is_valid():
        events.event_create(organisation=organisation, user=request.user, values=_event_values(form),
                            languages=form.cleaned_data["languages"])
        messages.success(request, _("Die Veranstaltung ist eingereicht. Das Integrationszentrum prüft sie, "
                                    "dann erscheint sie im Kalender."))
        return redirect("exchange:member_home", org=organisation.pk)
    return _event_form_page(request, form, organisation)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = get_for_members(Event.objects.select_related("organisation"), request.user, pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            events.event_update(event=event, user=request.user, values=_event_values(form),
                                languages=form.cleaned_data["languages"])
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert. Das Integrationszentrum prüft sie erneut."))
            return redirect("exchange:member_home", org=event.organisation_id)
    return _event_form_page(request, form, event.organisation, event)


@login_required
@require_POST
def event_cancel(request, pk):
    event = get_for_members(Event.objects.all(), request.user, pk)
    return act(request, lambda: events.event_cancel(event=event, user=request.user),
               _("Die Veranstaltung ist abgesagt."), reverse("exchange:member_home", args=[event.organisation_id]))


def _invitation(request, pk):
    queryset = MeetingInvitation.objects.select_related("meeting", "organisation")
    return get_for_members(queryset, request.user, pk)


def meeting_context(meeting, invitation=None):
    """What an invitee sees of a meeting: agenda, open agreements, documents, minutes."""
    return {
        "meeting": meeting,
        "invitation": invitation,
        "agenda": selectors.agenda(meeting),
        "open_agreements": selectors.open_agreements_before(meeting),
        "documents": meeting.documents.all(),
        "municipalities": meeting.municipalities.all(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def invitation_detail(request, pk):
    invitation = _invitation(request, pk)
    form = AnswerForm(request.POST or None, instance=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.invitation_answer(invitation=invitation, user=request.user, values=form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Danke, Ihre Antwort ist gespeichert."))
            return redirect("exchange:invitation_detail", pk=invitation.pk)
    context = {
        **meeting_context(invitation.meeting, invitation),
        "form": form,
        "proposal_form": AgendaItemForm(),
        "own_proposals": invitation.meeting.agenda_items.filter(proposed_by=invitation.organisation_id),
    }
    return render(request, "exchange/invitation_detail.html", context)


@login_required
@require_POST
def agenda_propose(request, pk):
    invitation = _invitation(request, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie ein Thema an."))
        return redirect("exchange:invitation_detail", pk=invitation.pk)
    return act(request, lambda: meetings.agenda_propose(invitation=invitation, user=request.user, **form.cleaned_data),
               _("Danke für Ihren Vorschlag. Das Integrationszentrum entscheidet über die Tagesordnung."),
               reverse("exchange:invitation_detail", args=[invitation.pk]))


def _meeting_for_invitee(user, pk):
    """A meeting the user's organisation was invited to, or one of their authorities' for KI staff."""
    invited = MeetingInvitation.objects.filter(organisation__in=member_organisation_ids(user)).values("meeting")
    return get_object_or_404(ki_scoped(Meeting.objects.all(), user) | Meeting.objects.filter(pk__in=invited), pk=pk)


@login_required
def meeting_document(request, pk, document_pk):
    meeting = _meeting_for_invitee(request.user, pk)
    document = get_object_or_404(MeetingDocument, meeting=meeting, pk=document_pk)
    return upload_download(document)


@login_required
def minutes_pdf(request, pk):
    meeting = _meeting_for_invitee(request.user, pk)
    if not meeting.minutes_file:
        raise Http404
    filename = f"Protokoll {meeting.starts_at:%Y-%m-%d}.pdf"
    return file_download(meeting.minutes_file, filename, "application/pdf")


@login_required
@require_POST
def agreement_done(request, pk):
    queryset = Agreement.objects.filter(meeting__minutes_published_at__isnull=False)
    agreement = get_for_members_or_staff(queryset, request.user, pk, field="responsible")
    target = agreement.meeting.get_absolute_url() if is_ki_staff(request.user) else reverse("applicants:dashboard")
    return act(request, lambda: meetings.agreement_done(agreement=agreement, user=request.user),
               _("Die Vereinbarung ist als erledigt vermerkt."), target)


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request, pk, org):
    organisation = get_membership(request.user, org).organisation
    consultation = get_object_or_404(Consultation.objects.filter(opened_at__isnull=False), pk=pk)
    statement = consultation.statements.filter(organisation=organisation).first()
    initial = {"text": statement.text, **{f"q{k}": v for k, v in statement.answers.items()}} if statement else {}
    form = StatementForm(request.POST or None, initial=initial, questions=consultation.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            consultations.statement_save(consultation=consultation, organisation=organisation, user=request.user,
                                         text=form.cleaned_data["text"], answers=form.answers())
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Ihre Stellungnahme ist eingegangen. Sie können sie bis zur Frist ändern."))
            return redirect(consultation)
    context = {"form": form, "consultation": consultation, "organisation": organisation, "statement": statement}
    return render(request, "exchange/statement_form.html", context)
