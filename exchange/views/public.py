"""Public pages: directory, municipalities, calendar with feeds, consultations."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applicants.access import user_organisations
from applicants.models import Municipality
from funding.downloads import upload_download
from funding.errors import SERVICE_ERRORS, add_errors
from exchange import selectors
from exchange.forms import ContactForm
from exchange.ical import calendar_feed
from exchange.models import ConsultationDocument
from exchange.services.directory import contact_send


def directory(request):
    filterset, page, count = selectors.directory_page(request.GET, request.GET.get("seite", ""))
    context = {
        "filter": filterset, "page": page, "count": count, "query": _query_without_page(request),
        "municipalities": selectors.municipality_overview(), "events": selectors.upcoming_events(),
    }
    return render(request, "exchange/directory.html", context, status=200 if filterset.is_valid() else 400)


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("seite", None)
    return params.urlencode()


def municipality_list(request):
    return render(request, "exchange/municipality_list.html", {"municipalities": selectors.municipality_overview()})


def municipality_detail(request, pk):
    municipality = get_object_or_404(Municipality, pk=pk)
    context = {
        "municipality": municipality,
        "page": selectors.municipality_profiles(municipality, request.GET.get("seite", "")),
        "partners": selectors.public_partners(municipality),
        "query": "",
    }
    return render(request, "exchange/municipality_detail.html", context)


def _published_profile(pk):
    queryset = selectors.published_profiles().select_related("municipality", "organisation")
    return get_object_or_404(queryset.prefetch_related("offers", "languages", "translation_languages"), pk=pk)


def profile_detail(request, pk):
    profile = _published_profile(pk)
    context = {"profile": profile, "events": selectors.profile_events(profile), "form": ContactForm()}
    return render(request, "exchange/profile_detail.html", context)


@require_http_methods(["POST"])
def profile_contact(request, pk):
    profile = _published_profile(pk)
    if not profile.contact_enabled:
        raise Http404
    form = ContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            contact_send(profile=profile, name=data["name"], email=data["email"], message=data["message"])
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Ihre Nachricht ist unterwegs. Der Verein antwortet Ihnen per E-Mail."))
            return redirect(profile)
    context = {"profile": profile, "events": selectors.profile_events(profile), "form": form}
    return render(request, "exchange/profile_detail.html", context, status=400)


def calendar(request):
    month = selectors.Month.parse(request.GET.get("monat"))
    municipality = None
    if request.GET.get("kommune"):
        municipality = Municipality.objects.filter(pk=_int(request.GET["kommune"])).first()
    page = selectors.calendar_page(month, municipality, request.GET.get("seite", ""))
    context = {
        "month": month, "municipality": municipality, "page": page, "municipalities": Municipality.objects.all(),
        "query": _query_without_page(request), "feed_url": reverse("exchange:ical_district"),
    }
    return render(request, "exchange/calendar.html", context)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def event_detail(request, pk):
    queryset = selectors.published_events().select_related("municipality__authority", "organisation__exchange_profile")
    event = get_object_or_404(queryset.prefetch_related("languages"), pk=pk)
    return render(request, "exchange/event_detail.html", {"event": event})


def _ics(events, name):
    response = HttpResponse(calendar_feed(events, name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response


def ical_district(request):
    return _ics(selectors.feed_events(), _("Veranstaltungen im Kreis Steinfurt"))


def ical_municipality(request, pk):
    municipality = get_object_or_404(Municipality, pk=pk)
    title = _("Veranstaltungen in %(place)s") % {"place": municipality.name}
    return _ics(selectors.feed_events(municipality), title)


def consultation_list(request):
    return render(request, "exchange/consultation_list.html",
                  {"consultations": selectors.public_consultations()})


def consultation_detail(request, pk):
    consultation = get_object_or_404(selectors.public_consultations().select_related("authority"), pk=pk)
    context = {
        "consultation": consultation,
        "questions": consultation.questions.all(),
        "documents": consultation.documents.all(),
        "organisations": _statement_organisations(request.user, consultation),
    }
    return render(request, "exchange/consultation_detail.html", context)


def _statement_organisations(user, consultation):
    """The user's organisations, each with its statement if there is one."""
    if not user.is_authenticated:
        return []
    organisations = list(user_organisations(user).order_by("name"))
    done = set(consultation.statements.filter(organisation__in=organisations).values_list("organisation", flat=True))
    for organisation in organisations:
        organisation.has_statement = organisation.pk in done
    return organisations


def consultation_document(request, pk, document_pk):
    consultation = get_object_or_404(selectors.public_consultations(), pk=pk)
    document = get_object_or_404(ConsultationDocument, consultation=consultation, pk=document_pk)
    return upload_download(document)
