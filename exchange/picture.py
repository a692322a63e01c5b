"""The networking picture per municipality, for KI staff: table, charts, XLSX.

Every figure is one grouped query over all municipalities, so the page
costs the same with one organisation as with thousands. All 24
municipalities appear, zeros included.

Networking level (``level``), a rule of thumb the KI can read off the table:
- "strong": at least half of the organisations took part in a network
  meeting in the last two years, and there is at least one local partner;
- "growing": at least a quarter took part, or there is a partner;
- "potential": organisations, but hardly any participation and no partner;
- "none": no organisation has its seat there yet.
"""

import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from applicants.models import Municipality, Organisation
from exchange.models import Agreement, Event, EventStatus, Meeting, MeetingInvitation, Partner, Profile
from funding import tenancy
from funding.models import Application
from funding.workflow import FUNDED_STATES
from reports.charts import bar_chart, column_chart
from reports.exports import SheetWriter

ZERO = Decimal("0.00")
RECENT_DAYS = 730
LEVELS = {
    "strong": gettext_lazy("stark vernetzt"),
    "growing": gettext_lazy("im Aufbau"),
    "potential": gettext_lazy("Potenzial"),
    "none": gettext_lazy("noch keine Organisation"),
}


@dataclass
class Row:
    municipality: Municipality
    organisations: int = 0
    published: int = 0
    offers: list = field(default_factory=list)
    partners: int = 0
    participations: int = 0
    recent_participants: int = 0
    by_year: dict = field(default_factory=dict)
    year_counts: list = field(default_factory=list)
    events_held: int = 0
    open_agreements: int = 0
    funding: Decimal = ZERO

    @property
    def label(self):
        return self.municipality.name

    @property
    def participation_rate(self):
        return self.recent_participants / self.organisations if self.organisations else 0

    @property
    def level(self):
        if not self.organisations:
            return "none"
        if self.participation_rate >= 0.5 and self.partners:
            return "strong"
        if self.participation_rate >= 0.25 or self.partners:
            return "growing"
        return "potential"

    @property
    def level_label(self):
        return LEVELS[self.level]


@dataclass
class Picture:
    rows: list
    years: list
    meetings: list

    def __iter__(self):
        return iter(self.rows)


def _grouped(queryset, key, value=None):
    value = value or Count("pk")
    return dict(queryset.order_by().values_list(key).annotate(n=value).values_list(key, "n"))


def _org_invitations():
    return MeetingInvitation.objects.filter(organisation__isnull=False, checked_in_at__isnull=False)


def _fill(rows, attribute, queryset, key, value=None):
    """Sets ``attribute`` of each row to its municipality's figure from ``_grouped``."""
    for pk, n in _grouped(queryset, key, value).items():
        if pk in rows:
            setattr(rows[pk], attribute, n)


def _offers(published):
    """{municipality: sorted offer names} of the published profiles, in English where the page is."""
    offers = defaultdict(set)
    english = (get_language() or "de").startswith("en")
    for pk, name, name_en in published.order_by().values_list(
        "municipality", "offers__name", "offers__name_en"
    ).distinct():
        if name:
            offers[pk].add(name_en if english and name_en else name)
    return {pk: sorted(names) for pk, names in offers.items()}


def networking_picture(authorities):
    """One Row per municipality of ``authorities``, plus the years and past meetings for the time series.

    Meetings, attendance and funding count only where they are of these authorities.
    """
    now = timezone.now()
    rows = {m.pk: Row(m) for m in tenancy.municipalities(authorities).order_by("name")}
    _fill(rows, "organisations", Organisation.objects.all(), "municipality")
    published = Profile.objects.filter(published_at__isnull=False)
    _fill(rows, "published", published, "municipality")
    for pk, names in _offers(published).items():
        if pk in rows:
            rows[pk].offers = names
    _fill(rows, "partners", Partner.objects.filter(municipality__in=list(rows)), "municipality")
    attended = _org_invitations().filter(meeting__authority__in=authorities)
    _fill(rows, "participations", attended, "organisation__municipality")
    recent = attended.filter(meeting__starts_at__gte=now - timedelta(days=RECENT_DAYS))
    _fill(rows, "recent_participants", recent, "organisation__municipality", Count("organisation", distinct=True))
    years = set()
    per_year = attended.annotate(year=ExtractYear("meeting__starts_at")).order_by()
    for pk, year, n in per_year.values_list("organisation__municipality", "year").annotate(n=Count("pk")):
        if pk in rows:
            rows[pk].by_year[year] = n
            years.add(year)
    held = Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__lt=now, municipality__in=list(rows))
    _fill(rows, "events_held", held, "municipality")
    open_agreements = Agreement.objects.filter(done_at__isnull=True, responsible__isnull=False,
                                               meeting__minutes_published_at__isnull=False,
                                               meeting__authority__in=authorities)
    _fill(rows, "open_agreements", open_agreements, "responsible__municipality")
    funded = Application.objects.filter(state__in=FUNDED_STATES, call__programme__authority__in=authorities)
    _fill(rows, "funding", funded, "organisation__municipality", Sum("approved_amount"))
    years = sorted(years)
    for row in rows.values():
        row.funding = row.funding or ZERO
        row.year_counts = [(year, row.by_year.get(year, 0)) for year in years]
    return Picture(rows=list(rows.values()), years=years, meetings=_meeting_series(now, authorities))


def _meeting_series(now, authorities):
    """(meeting, organisations present) for the past meetings of ``authorities``, oldest first."""
    return list(
        Meeting.objects.filter(starts_at__lt=now, authority__in=authorities)
        .annotate(present=Count("invitations", filter=Q(invitations__checked_in_at__isnull=False,
                                                       invitations__organisation__isnull=False)))
        .order_by("starts_at")
    )


def networking_charts(picture):
    labels = [row.label for row in picture]
    overview = bar_chart(
        "chart-networking",
        _("Organisationen, Partner und Teilnahmen an Netzwerktreffen je Kommune"),
        labels,
        [
            (_("Organisationen"), [row.organisations for row in picture]),
            (_("Partner"), [row.partners for row in picture]),
            (_("Teilnahmen"), [row.participations for row in picture]),
        ],
        money=False,
    )
    over_time = column_chart(
        "chart-participation",
        _("Anwesende Organisationen je Netzwerktreffen"),
        [timezone.localtime(meeting.starts_at).strftime("%m/%Y") for meeting in picture.meetings],
        [(_("Anwesende Organisationen"), [meeting.present for meeting in picture.meetings])],
    )
    return {"overview": overview, "over_time": over_time}


def _columns(picture):
    return [
        (_("Kommune"), None, 22), (_("Organisationen"), "count", 14), (_("im Verzeichnis"), "count", 14),
        (_("Angebote"), None, 40), (_("Partner"), "count", 10), (_("Teilnahmen gesamt"), "count", 14),
        *((_("Teilnahmen %(year)s") % {"year": year}, "count", 14) for year in picture.years),
        (_("Veranstaltungen"), "count", 14), (_("Offene Vereinbarungen"), "count", 14),
        (_("Bewilligte Fördermittel"), "money", 18), (_("Vernetzung"), None, 22),
    ]


def _values(row, picture):
    return [
        row.label, row.organisations, row.published, ", ".join(row.offers), row.partners, row.participations,
        *(count for _year, count in row.year_counts),
        row.events_held, row.open_agreements, row.funding, str(row.level_label),
    ]


def picture_xlsx(picture):
    """The table as a workbook (openpyxl write-only) in a temporary file, positioned at 0."""
    workbook = Workbook(write_only=True)
    sheet = SheetWriter(workbook, _("Vernetzung"))
    columns = _columns(picture)
    sheet.widths([width for _label, _kind, width in columns])
    sheet.sheet.freeze_panes = "B2"
    sheet.header([label for label, _kind, _width in columns])
    kinds = [kind for _label, kind, _width in columns]
    for row in picture:
        sheet.row(_values(row, picture), kinds)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
