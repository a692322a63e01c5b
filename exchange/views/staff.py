"""KI staff: the moderation queue, the local partners, the networking picture."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from exchange import selectors
from exchange.access import get_for_ki_staff, ki_authorities, ki_scoped, ki_staff_required
from exchange.forms import ModerationForm, PartnerForm
from exchange.models import Event, EventStatus, Partner
from exchange.picture import networking_charts, networking_picture, picture_xlsx
from exchange.services.events import event_moderate
from exchange.views.common import act

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@ki_staff_required
def moderation_queue(request):
    page = selectors.moderation_queue(request.user, request.GET.get("seite", ""))
    return render(request, "exchange/staff/moderation.html", {"page": page, "query": ""})


@ki_staff_required
@require_POST
def event_moderate_view(request, pk):
    event = get_for_ki_staff(Event.objects.filter(status=EventStatus.PENDING), request.user, pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte entscheiden Sie: freigeben oder nicht freigeben."))
        return redirect("exchange:moderation_queue")
    data = form.cleaned_data
    success = _("„%(title)s“ ist freigegeben.") if data["approve"] else _("„%(title)s“ ist nicht freigegeben.")
    return act(request, lambda: event_moderate(event=event, user=request.user, approve=data["approve"],
                                               note=data["note"]),
               success % {"title": event.title}, reverse("exchange:moderation_queue"))


@ki_staff_required
def partner_list(request):
    partners = ki_scoped(Partner.objects.select_related("municipality"), request.user).order_by("municipality__name", "name")
    return render(request, "exchange/staff/partner_list.html", {"partners": partners})


@ki_staff_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk=None):
    partner = get_for_ki_staff(Partner.objects.all(), request.user, pk) if pk else Partner()
    form = PartnerForm(request.POST or None, instance=partner, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Partner ist gespeichert."))
        return redirect("exchange:partner_list")
    return render(request, "exchange/staff/partner_form.html", {"form": form, "partner": partner})


@ki_staff_required
def picture(request):
    rows = networking_picture(ki_authorities(request.user))
    return render(request, "exchange/staff/picture.html", {"rows": rows, "charts": networking_charts(rows)})


@ki_staff_required
def picture_export(request):
    handle = picture_xlsx(networking_picture(ki_authorities(request.user)))
    filename = f"vernetzung-{timezone.localdate():%Y-%m-%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
