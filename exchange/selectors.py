"""Reads of the exchange platform; each page costs a fixed number of queries."""

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Now
from django.utils import timezone

from applicants.models import Municipality, Organisation
from funding import prepared, tenancy
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


@dataclass(frozen=True)
class BoxAgreement:
    """An open agreement of one of the user's organisations, as the start page's box shows it."""

    pk: int
    text: str
    responsible: object  # the organisation (one of the user's)
    due_on: date | None
    agreed_at: datetime  # the meeting's start


@dataclass(frozen=True)
class BoxInvitation:
    pk: int
    title: str  # the meeting's
    starts_at: datetime
    answer: str
    answer_label: str


@dataclass(frozen=True)
class BoxConsultation:
    pk: int
    title: str
    deadline: datetime
    answered: bool


_BOX_COLUMNS = ("box_kind", "box_pk", "box_text", "box_org", "box_answer", "box_day", "box_time", "box_flag", "box_order")
_AGREEMENT, _INVITATION, _CONSULTATION = 1, 2, 3


def _box_part(queryset, kind, *, text, org=None, answer=None, day=None, moment, flag=None, order=None):
    """One part of the box's ``UNION ALL``: the same nine columns in every part (``order``: sorted by after ``day``)."""
    def column(value, field):
        # A typed NULL: PostgreSQL matches the parts' types pair by pair, an untyped one would become text.
        return F(value) if value is not None else Cast(Value(None), field)

    return queryset.order_by().annotate(
        box_kind=Value(kind), box_pk=F("pk"), box_text=column(text, CharField()),
        box_org=column(org, IntegerField()), box_answer=column(answer, CharField()), box_day=column(day, DateField()),
        box_time=column(moment, DateTimeField()), box_flag=column(flag, BooleanField()),
        box_order=column(order, DateTimeField()),
    ).values_list(*_BOX_COLUMNS)


def _box_rows(org_ids):
    """The box's rows for the organisations ``org_ids``, compared with the database's clock (``Now()``),
    so that the query is compiled once per process and number of organisations (``funding.prepared``)."""
    agreements = _box_part(
        Agreement.objects.filter(responsible__in=org_ids, done_at__isnull=True, meeting__minutes_published_at__isnull=False),
        _AGREEMENT, text="text", org="responsible_id", day="due_on", moment="meeting__starts_at",
    )
    invitations = _box_part(
        MeetingInvitation.objects.filter(organisation__in=org_ids, meeting__starts_at__gte=Now()),
        _INVITATION, text="meeting__title", answer="answer", moment="meeting__starts_at", order="meeting__starts_at",
    )
    own_statements = Statement.objects.filter(consultation=OuterRef("pk"), organisation__in=org_ids)
    consultations = _box_part(
        Consultation.objects.filter(opened_at__isnull=False, deadline__gt=Now()).annotate(answered=Exists(own_statements)),
        _CONSULTATION, text="title", moment="deadline", flag="answered", order="deadline",
    )
    # Each list in its former order: agreements by due date (the database's place for none) and id,
    # invitations by the meeting's start, consultations by their deadline.
    return agreements.union(invitations, consultations, all=True).order_by("box_kind", "box_day", "box_order", "box_pk")


def member_overview(user, organisations=None):
    """What the organisations' start page shows: agreements, consultations, invitations.

    ``organisations``: the user's organisations by name, when the page has read them already.
    The three lists come from one ``UNION ALL`` of the columns the box shows (docs/performance.md);
    an agreement's responsible organisation is one of ``organisations``.
    """
    if organisations is None:
        organisations = list(Organisation.objects.filter(memberships__user=user).order_by("name"))
    if not organisations:
        return None
    by_id = {organisation.pk: organisation for organisation in organisations}
    values = {f"organisation{number}": pk for number, pk in enumerate(by_id)}
    rows = prepared.rows(("exchange-box",), lambda **marks: _box_rows(list(marks.values())), values)
    answers = dict(MeetingInvitation._meta.get_field("answer").flatchoices)
    box = {"organisations": organisations, "agreements": [], "consultations": [], "invitations": []}
    for kind, pk, text, org, answer, day, moment, flag, _order in rows:
        if kind == _AGREEMENT:
            box["agreements"].append(BoxAgreement(pk, text, by_id[org], day, moment))
        elif kind == _INVITATION:
            box["invitations"].append(BoxInvitation(pk, text, moment, answer, str(answers.get(answer, answer))))
        else:
            box["consultations"].append(BoxConsultation(pk, text, moment, bool(flag)))
    return box


def open_consultations():
    return Consultation.objects.filter(opened_at__isnull=False, deadline__gt=timezone.now()).order_by("deadline")


def public_consultations():
    """Open consultations and those whose outcome is published."""
    return Consultation.objects.filter(opened_at__isnull=False).order_by("-deadline", "-pk")


def statements(consultation):
    return consultation.statements.select_related("organisation", "submitted_by").order_by("organisation__name")
