"""KI staff: opening consultations, reading statements, publishing the outcome."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding.errors import SERVICE_ERRORS, add_errors
from exchange import selectors
from exchange.access import get_for_ki_staff, ki_scoped, ki_staff_required
from exchange.forms import ConsultationForm, DocumentForm, SummaryForm
from exchange.models import Consultation
from exchange.services import consultations as services
from exchange.views.common import act, upload


def _manage(consultation):
    return reverse("exchange:consultation_manage", args=[consultation.pk])


@ki_staff_required
def consultation_admin_list(request):
    consultations = ki_scoped(Consultation.objects.order_by("-created_at"), request.user)[:100]
    return render(request, "exchange/staff/consultation_list.html", {"consultations": consultations})


@ki_staff_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request, pk=None):
    consultation = get_for_ki_staff(Consultation.objects.all(), request.user, pk) if pk else Consultation()
    form = ConsultationForm(request.POST or None, instance=consultation, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "questions"}
        try:
            consultation = services.consultation_save(consultation=consultation, user=request.user, values=values,
                                                      questions=form.cleaned_data["questions"])
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Die Beteiligung ist gespeichert."))
            return redirect(_manage(consultation))
    return render(request, "exchange/staff/consultation_form.html", {"form": form, "consultation": consultation})


@ki_staff_required
def consultation_manage(request, pk):
    consultation = get_for_ki_staff(Consultation.objects.all(), request.user, pk)
    context = {
        "consultation": consultation,
        "questions": consultation.questions.all(),
        "documents": consultation.documents.all(),
        "statements": selectors.statements(consultation),
        "document_form": DocumentForm(),
        "summary_form": SummaryForm(instance=consultation),
    }
    return render(request, "exchange/staff/consultation_manage.html", context)


@ki_staff_required
@require_POST
def consultation_open(request, pk):
    consultation = get_for_ki_staff(Consultation.objects.all(), request.user, pk)
    return act(request, lambda: services.consultation_open(consultation=consultation, user=request.user),
               _("Die Beteiligung ist eröffnet; die Vereine sehen sie auf ihrer Startseite."), _manage(consultation))


@ki_staff_required
@require_POST
def consultation_document_upload(request, pk):
    consultation = get_for_ki_staff(Consultation.objects.all(), request.user, pk)
    store = partial(services.document_add, consultation=consultation, user=request.user)
    return upload(request, store, _manage(consultation))


@ki_staff_required
@require_POST
def consultation_summary(request, pk):
    consultation = get_for_ki_staff(Consultation.objects.all(), request.user, pk)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte schreiben Sie eine Zusammenfassung."))
        return redirect(_manage(consultation))
    return act(request, lambda: services.summary_publish(consultation=consultation, user=request.user,
                                                         **form.cleaned_data),
               _("Das Ergebnis ist veröffentlicht."), _manage(consultation))
