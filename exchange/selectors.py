"""Reads of the exchange platform; each page costs a fixed number of queries."""

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from applicants.models import Municipality, Organisation
from funding import tenancy
from exchange.filters import ProfileFilter
from exchange.models import (
    AgendaItem,
    Agreement,
    Consultation,
    Event,
    EventStatus,
    Meeting,
    MeetingInvitation,
    Partner,
    Profile,
    Statement,
)
from exchange.paging import keyset_page

DIRECTORY_PAGE_SIZE = 20
CALENDAR_PAGE_SIZE = 50
FEED_PAST_DAYS = 90
FEED_LIMIT = 2000


def published_profiles():
    return Profile.objects.filter(published_at__isnull=False)


def published_events():
    return Event.objects.filter(status=EventStatus.PUBLISHED)


def _count_of(queryset, field):
    rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def municipality_overview():
    """All 24 municipalities with their published organisations and public partners."""
    return Municipality.objects.annotate(
        profile_count=_count_of(published_profiles(), "municipality"),
        partner_count=_count_of(Partner.objects.filter(is_public=True), "municipality"),
    ).order_by("name")


def _profile_rows(queryset):
    return queryset.select_related("municipality").prefetch_related("offers", "languages", "translation_languages")


def directory_page(params, cursor=""):
    """(filterset, page, count) of the public directory."""
    filterset = ProfileFilter(params, queryset=published_profiles())
    queryset = filterset.qs if filterset.is_valid() else published_profiles().none()
    page = keyset_page(_profile_rows(queryset), ["display_name", "id"], cursor, DIRECTORY_PAGE_SIZE)
    return filterset, page, queryset.count()


def municipality_profiles(municipality, cursor=""):
    queryset = published_profiles().filter(municipality=municipality)
    return keyset_page(_profile_rows(queryset), ["display_name", "id"], cursor, DIRECTORY_PAGE_SIZE)


def public_partners(municipality):
    return Partner.objects.filter(municipality=municipality, is_public=True).order_by("name")


def profile_events(profile):
    today = timezone.now() - timedelta(hours=12)
    queryset = published_events().filter(organisation_id=profile.organisation_id, starts_at__gte=today)
    return _event_rows(queryset).order_by("starts_at")[:10]


# --- calendar -------------------------------------------------------------------


@dataclass
class Month:
    first: date

    @classmethod
    def parse(cls, value):
        """'2026-05' -> Month; anything else -> the current month."""
        try:
            year, month = (int(part) for part in (value or "").split("-"))
            return cls(date(year, month, 1))
        except (TypeError, ValueError):
            today = timezone.localdate()
            return cls(today.replace(day=1))

    @property
    def last(self):
        return self.first.replace(day=pycalendar.monthrange(self.first.year, self.first.month)[1])

    @property
    def previous(self):
        return Month((self.first - timedelta(days=1)).replace(day=1))

    @property
    def next(self):
        return Month(self.last + timedelta(days=1))

    @property
    def key(self):
        return f"{self.first:%Y-%m}"

    def bounds(self):
        zone = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(self.first, time.min), zone)
        end = timezone.make_aware(datetime.combine(self.next.first, time.min), zone)
        return start, end


def _event_rows(queryset):
    return queryset.select_related("municipality", "organisation").prefetch_related("languages")


def calendar_page(month, municipality=None, cursor=""):
    start, end = month.bounds()
    queryset = published_events().filter(starts_at__gte=start, starts_at__lt=end)
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    return keyset_page(_event_rows(queryset), ["starts_at", "id"], cursor, CALENDAR_PAGE_SIZE)


def upcoming_events(limit=5):
    return _event_rows(published_events().filter(starts_at__gte=timezone.now())).order_by("starts_at", "id")[:limit]


def feed_events(municipality=None):
    """What the iCalendar feeds carry: published events from 90 days ago on."""
    queryset = published_events().filter(starts_at__gte=timezone.now() - timedelta(days=FEED_PAST_DAYS))
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    return queryset.select_related("municipality", "organisation").order_by("starts_at", "id")[:FEED_LIMIT]


def moderation_queue(user, cursor=""):
    """The events waiting for moderation in the municipalities of the user's authorities."""
    from exchange.access import ki_scoped

    queryset = ki_scoped(Event.objects.filter(status=EventStatus.PENDING), user)
    return keyset_page(_event_rows(queryset), ["starts_at", "id"], cursor, CALENDAR_PAGE_SIZE)


# --- meetings -------------------------------------------------------------------


def organisations_in_scope(meeting):
    """The organisations invited: every one seated in the meeting's authority's area, or in its municipalities."""
    if meeting.district_wide:
        return Organisation.objects.filter(municipality__in=tenancy.municipalities([meeting.authority_id]))
    return Organisation.objects.filter(municipality__in=meeting.municipalities.values("pk"))


def partners_in_scope(meeting):
    partners = Partner.objects.exclude(email="")
    if meeting.district_wide:
        return partners.filter(municipality__in=tenancy.municipalities([meeting.authority_id]))
    return partners.filter(municipality__in=meeting.municipalities.values("pk"))


def agenda(meeting):
    return meeting.agenda_items.filter(status=AgendaItem.Status.PLANNED).select_related("proposed_by")


def proposals(meeting):
    return meeting.agenda_items.exclude(status=AgendaItem.Status.PLANNED).select_related("proposed_by")


def open_agreements_before(meeting):
    """Agreements of earlier meetings (minutes published) still open, within the meeting's scope."""
    queryset = Agreement.objects.filter(
        done_at__isnull=True, meeting__minutes_published_at__isnull=False, meeting__starts_at__lt=meeting.starts_at
    )
    if not meeting.district_wide:
        places = meeting.municipalities.values("pk")
        shared = Meeting.municipalities.through.objects.filter(
            meeting=OuterRef("meeting"), municipality__in=places
        )
        queryset = queryset.filter(Q(meeting__district_wide=True) | Exists(shared))
    return queryset.select_related("responsible", "meeting").order_by("due_on", "pk")


def invitations_for_staff(meeting):
    return meeting.invitations.select_related("organisation__municipality", "partner", "interpreting").order_by(
        F("organisation__name").asc(nulls_last=True), F("partner__name").asc(nulls_last=True), "guest_name", "pk"
    )


def answer_summary(meeting):
    """{answer: (invitations, people)}; "" stands for not yet answered."""
    rows = meeting.invitations.values_list("answer").annotate(n=Count("pk"), people=Sum("people")).order_by()
    return {answer: (n, people or 0) for answer, n, people in rows}


def participants(meeting):
    """Invitations of those who came (checked in), or said yes if nobody was checked in."""
    invitations = meeting.invitations.all()
    if invitations.filter(checked_in_at__isnull=False).exists():
        return invitations.filter(checked_in_at__isnull=False)
    return invitations.filter(answer="yes")


def upcoming_meetings():
    return Meeting.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at")


# --- organisation start page --------------------------------------------------------


def member_overview(user, organisations=None):
    """What the organisations' start page shows: agreements, consultations, invitations.

    ``organisations``: the user's organisations by name, when the page has read them already.
    """
    if organisations is None:
        organisations = list(Organisation.objects.filter(memberships__user=user).order_by("name"))
    if not organisations:
        return None
    org_ids = [organisation.pk for organisation in organisations]
    now = timezone.now()
    agreements = (
        Agreement.objects.filter(responsible__in=org_ids, done_at__isnull=True,
                                 meeting__minutes_published_at__isnull=False)
        .select_related("responsible", "meeting").order_by("due_on", "pk")
    )
    own_statements = Statement.objects.filter(consultation=OuterRef("pk"), organisation__in=org_ids)
    consultations = (
        Consultation.objects.filter(opened_at__isnull=False, deadline__gt=now)
        .annotate(answered=Exists(own_statements)).order_by("deadline")
    )
    invitations = (
        MeetingInvitation.objects.filter(organisation__in=org_ids, meeting__starts_at__gte=now)
        .select_related("meeting", "organisation").order_by("meeting__starts_at")
    )
    return {
        "organisations": organisations,
        "agreements": list(agreements),
        "consultations": list(consultations),
        "invitations": list(invitations),
    }


def open_consultations():
    return Consultation.objects.filter(opened_at__isnull=False, deadline__gt=timezone.now()).order_by("deadline")


def public_consultations():
    """Open consultations and those whose outcome is published."""
    return Consultation.objects.filter(opened_at__isnull=False).order_by("-deadline", "-pk")


def statements(consultation):
    return consultation.statements.select_related("organisation", "submitted_by").order_by("organisation__name")
