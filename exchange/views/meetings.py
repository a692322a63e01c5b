"""KI staff: planning network meetings, the check-in on the day, minutes."""

from functools import partial

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding.errors import SERVICE_ERRORS, add_errors
from exchange import selectors
from exchange.access import get_for_ki_staff, ki_scoped, ki_staff_required
from exchange.forms import (
    AgendaItemForm,
    AgreementForm,
    CheckInForm,
    DocumentForm,
    MeetingCreateForm,
    MeetingForm,
    MinutesForm,
    WalkInForm,
)
from exchange.models import AgendaItem, Meeting, MeetingInvitation
from exchange.pdfs import attendance_pdf
from exchange.services import meetings as services
from exchange.views.common import act, upload


def _meeting(request, pk):
    return get_for_ki_staff(Meeting.objects.select_related("series"), request.user, pk)


def _detail(meeting):
    return reverse("exchange:meeting_detail", args=[meeting.pk])


@ki_staff_required
def meeting_list(request):
    now, meetings = timezone.now(), ki_scoped(Meeting.objects.all(), request.user)
    context = {
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at")[:50],
        "past": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:50],
    }
    return render(request, "exchange/staff/meeting_list.html", context)


def _meeting_values(form):
    skip = ("municipalities", "repeat", "interval_months")
    return {name: value for name, value in form.cleaned_data.items() if name not in skip}


@ki_staff_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    form = MeetingCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                user=request.user, values=_meeting_values(form), municipalities=form.cleaned_data["municipalities"],
                repeat=form.cleaned_data["repeat"], interval_months=form.cleaned_data["interval_months"],
            )
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Das Treffen ist angelegt."))
            return redirect(meeting)
    return render(request, "exchange/staff/meeting_form.html", {"form": form})


@ki_staff_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, user=request.user, values=_meeting_values(form),
                                    municipalities=form.cleaned_data["municipalities"])
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect(meeting)
    return render(request, "exchange/staff/meeting_form.html", {"form": form, "meeting": meeting})


@ki_staff_required
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    context = {
        "meeting": meeting,
        "municipalities": meeting.municipalities.all(),
        "agenda": selectors.agenda(meeting),
        "proposals": selectors.proposals(meeting),
        "open_agreements": selectors.open_agreements_before(meeting),
        "agreements": meeting.agreements.select_related("responsible"),
        "documents": meeting.documents.all(),
        "invitations": selectors.invitations_for_staff(meeting),
        "answers": selectors.answer_summary(meeting),
        "agenda_form": AgendaItemForm(),
        "document_form": DocumentForm(),
    }
    return render(request, "exchange/staff/meeting_detail.html", context)


@ki_staff_required
@require_POST
def meeting_invite(request, pk):
    meeting = _meeting(request, pk)
    try:
        count = services.meeting_invite(meeting=meeting, user=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s Einladungen sind unterwegs.") % {"count": count})
    return redirect(meeting)


@ki_staff_required
@require_POST
def agenda_add(request, pk):
    meeting = _meeting(request, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie ein Thema an."))
        return redirect(meeting)
    return act(request, lambda: services.agenda_item_add(meeting=meeting, user=request.user, **form.cleaned_data),
               _("Der Punkt steht auf der Tagesordnung."), _detail(meeting))


@ki_staff_required
@require_POST
def agenda_decide(request, pk):
    item = get_for_ki_staff(AgendaItem.objects.select_related("meeting"), request.user, pk)
    accept = request.POST.get("accept") == "1"
    success = _("Der Vorschlag steht auf der Tagesordnung.") if accept else _("Der Vorschlag wird nicht aufgenommen.")
    return act(request, lambda: services.agenda_item_decide(item=item, user=request.user, accept=accept), success,
               _detail(item.meeting))


@ki_staff_required
@require_POST
def document_upload(request, pk):
    meeting = _meeting(request, pk)
    return upload(request, partial(services.document_add, meeting=meeting, user=request.user), _detail(meeting))


@ki_staff_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    """The check-in on the day, made for a phone: one button per invitee."""
    meeting = _meeting(request, pk)
    if request.method == "POST":
        invitation = get_object_or_404(MeetingInvitation, meeting=meeting, pk=request.POST.get("invitation"))
        if request.POST.get("undo"):
            services.check_out(invitation=invitation, user=request.user)
            messages.success(request, _("%(name)s ist nicht mehr als anwesend vermerkt.") % {
                "name": invitation.invitee_name})
            return redirect("exchange:check_in", pk=meeting.pk)
        form = CheckInForm(request.POST)
        people = form.cleaned_data["people"] if form.is_valid() else 0
        return act(request, lambda: services.check_in(invitation=invitation, user=request.user, people=people),
                   _("%(name)s ist angekommen.") % {"name": invitation.invitee_name},
                   reverse("exchange:check_in", args=[meeting.pk]) + f"#i{invitation.pk}")
    invitations = [row for row in selectors.invitations_for_staff(meeting) if row.answer != "no" or row.checked_in_at]
    present = sum(row.attended_people for row in invitations)
    context = {"meeting": meeting, "invitations": invitations, "present": present, "walk_in_form": WalkInForm()}
    return render(request, "exchange/staff/check_in.html", context)


@ki_staff_required
@require_POST
def walk_in(request, pk):
    meeting = _meeting(request, pk)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie einen Namen und die Zahl der Personen an."))
        return redirect("exchange:check_in", pk=meeting.pk)
    return act(request, lambda: services.walk_in(meeting=meeting, user=request.user, **form.cleaned_data),
               _("%(name)s ist angekommen.") % {"name": form.cleaned_data["name"]},
               reverse("exchange:check_in", args=[meeting.pk]))


@ki_staff_required
def attendance_list(request, pk):
    meeting = _meeting(request, pk)
    response = HttpResponse(attendance_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="anwesenheitsliste-{meeting.starts_at:%Y-%m-%d}.pdf"'
    return response


@ki_staff_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    meeting = _meeting(request, pk)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(meeting=meeting, user=request.user, text=form.cleaned_data["minutes"])
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Das Protokoll ist gespeichert (noch nicht veröffentlicht)."))
            return redirect("exchange:minutes_edit", pk=meeting.pk)
    context = {
        "meeting": meeting, "form": form, "agreement_form": AgreementForm(meeting=meeting),
        "agreements": meeting.agreements.select_related("responsible"),
    }
    return render(request, "exchange/staff/minutes_form.html", context)


@ki_staff_required
@require_POST
def agreement_add(request, pk):
    meeting = _meeting(request, pk)
    form = AgreementForm(request.POST, meeting=meeting)
    if form.is_valid():
        return act(request, lambda: services.agreement_add(meeting=meeting, user=request.user,
                                                           values=form.cleaned_data),
                   _("Die Vereinbarung ist eingetragen."), reverse("exchange:minutes_edit", args=[meeting.pk]))
    context = {"meeting": meeting, "form": MinutesForm(initial={"minutes": meeting.minutes}), "agreement_form": form,
               "agreements": meeting.agreements.select_related("responsible")}
    return render(request, "exchange/staff/minutes_form.html", context, status=400)


@ki_staff_required
@require_POST
def minutes_publish(request, pk):
    meeting = _meeting(request, pk)
    return act(request, lambda: services.minutes_publish(meeting=meeting, user=request.user),
               _("Das Protokoll ist als PDF veröffentlicht; die Teilnehmenden werden per E-Mail informiert."),
               _detail(meeting))
