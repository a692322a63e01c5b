"""Every figure of the dashboard, the XLSX overview and the Förderbericht.

One function, ``report_figures``, computes them with a fixed number of
queries, whatever the number of applications. The database aggregates
applications, payments and recoveries into cells of (funding line,
municipality, organisation type); the tables by line, call, municipality
and organisation type add up those few cells (at most lines × 25 × 10),
never single applications; the grand total adds up all cells. Distinct
counts of organisations cannot be added up and have a query of their own.
See ``docs/reports.md`` and the methods note of the Förderbericht.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Count, DateField, F, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applicants.models import Municipality, Organisation
from funding.models import Application, FundingLine, Payment, Recovery
from funding.workflow import FUNDED_STATES, State
from reports.percentiles import processing_percentiles

ZERO = Decimal("0.00")
# Kinds of values; they decide the display format and the XLSX cell type.
COUNT, MONEY, PERCENT, DAYS = "count", "money", "percent", "days"
SUBMITTED = ~Q(state__in=[State.DRAFT, State.WITHDRAWN])
FUNDED = Q(state__in=FUNDED_STATES)
DECIDED = Q(state__in=[*FUNDED_STATES, State.REJECTED])

APPLICATION_AGGREGATES = {
    "applications": Count("pk", filter=SUBMITTED),
    "requested": Sum("requested_amount", filter=SUBMITTED, default=ZERO),
    "funded": Count("pk", filter=FUNDED),
    "approved": Sum("approved_amount", filter=FUNDED, default=ZERO),
    "rejected": Count("pk", filter=Q(state=State.REJECTED)),
    "participants": Sum("proof__participants_reached", filter=Q(proof__submitted_at__isnull=False), default=0),
    **{f"state_{value}": Count("pk", filter=Q(state=value)) for value in State.values},
}
PAYMENT_AGGREGATES = {"paid": Sum("amount", default=ZERO)}
RECOVERY_AGGREGATES = {"recovered": Sum("amount", default=ZERO), "repaid": Sum("repaid_amount", default=ZERO)}
# Columns of the tables by funding line, municipality and organisation type.
GROUP_COLUMNS = (
    (gettext_lazy("Anträge"), "applications", COUNT),
    (gettext_lazy("Beantragt"), "requested", MONEY),
    (gettext_lazy("Bewilligte Anträge"), "funded", COUNT),
    (gettext_lazy("Bewilligt"), "approved", MONEY),
    (gettext_lazy("Ausgezahlt"), "paid", MONEY),
    (gettext_lazy("Zurückgefordert"), "recovered", MONEY),
    (gettext_lazy("Teilnehmende"), "participants", COUNT),
)
BUDGET_COLUMNS = (
    gettext_lazy("Budget"),
    gettext_lazy("Beantragt"),
    gettext_lazy("Bewilligt"),
    gettext_lazy("Ausgezahlt"),
    gettext_lazy("Zurückgefordert"),
    gettext_lazy("Verbleibend"),
)


@dataclass
class Measures:
    """The figures of one group of applications."""

    applications: int = 0  # submitted, i.e. not draft and not withdrawn
    requested: Decimal = ZERO
    funded: int = 0
    approved: Decimal = ZERO
    rejected: int = 0
    participants: int = 0
    paid: Decimal = ZERO
    recovered: Decimal = ZERO
    repaid: Decimal = ZERO
    organisations: int = 0  # distinct funded organisations; grand total only
    states: dict = field(default_factory=dict)

    def update(self, row):
        for name, value in row.items():
            if name.startswith("state_"):
                self.states[name.removeprefix("state_")] = value
            else:
                setattr(self, name, value)

    def add(self, other):
        # Plain dict access: this runs for every cell of every breakdown.
        mine, theirs = self.__dict__, other.__dict__
        for name in _SUMMED:
            mine[name] += theirs[name]
        for state, count in other.states.items():
            self.states[state] = self.states.get(state, 0) + count

    @property
    def net(self):
        """Approved minus recovered: what the grant finally amounts to."""
        return self.approved - self.recovered

    @property
    def approval_rate(self):
        """Percent of decided applications that were approved; None if none decided."""
        decided = self.funded + self.rejected
        return (Decimal(self.funded * 100) / decided).quantize(Decimal("0.1")) if decided else None

    def state_counts(self):
        return [(label, self.states.get(value, 0)) for value, label in State.choices]

    def group_values(self):
        return [(getattr(self, name), kind) for _label, name, kind in GROUP_COLUMNS]


_SUMMED = tuple(spec.name for spec in fields(Measures) if spec.name != "states")


@dataclass
class Row:
    label: str
    measures: Measures
    budget: Decimal | None = None
    remaining: Decimal | None = None
    lines: list = field(default_factory=list)

    @property
    def approved_all(self):
        """Everything approved in the whole call or line: budget minus remaining."""
        return None if self.budget is None else self.budget - self.remaining

    def budget_values(self):
        """Values for BUDGET_COLUMNS; budget and remaining are None for lines without a budget."""
        m = self.measures
        return [
            (value, MONEY) for value in (self.budget, m.requested, m.approved, m.paid, m.recovered, self.remaining)
        ]


@dataclass
class MonthRow:
    month: datetime.date
    submitted: int
    decided: int


@dataclass
class Figures:
    totals: Measures
    calls: list
    municipalities: list
    org_types: list
    months: list
    median_days: Decimal | None
    p90_days: Decimal | None
    first_time_organisations: int
    filter_rows: list

    @property
    def lines(self):
        """Funding line rows; named with their call when several calls are shown."""
        if len(self.calls) == 1:
            return self.calls[0].lines
        return [Row(f"{line.label} ({call.label})", line.measures) for call in self.calls for line in call.lines]

    @property
    def budget(self):
        return sum((call.budget for call in self.calls), ZERO)

    @property
    def remaining(self):
        return sum((call.remaining for call in self.calls), ZERO)

    def summary(self):
        """(label, value, kind) of the key figures, in the order shown everywhere."""
        t = self.totals
        return [
            (_("Eingereichte Anträge"), t.applications, COUNT),
            (_("Beantragt"), t.requested, MONEY),
            (_("Bewilligte Anträge"), t.funded, COUNT),
            (_("Bewilligt"), t.approved, MONEY),
            (_("Ausgezahlt"), t.paid, MONEY),
            (_("Zurückgefordert"), t.recovered, MONEY),
            (_("Bewilligt abzüglich Rückforderungen"), t.net, MONEY),
            (_("Budget der Förderaufrufe"), self.budget, MONEY),
            (_("Verbleibendes Budget"), self.remaining, MONEY),
            (_("Bewilligungsquote (%)"), t.approval_rate, PERCENT),
            (_("Bearbeitungsdauer, Median (Tage)"), self.median_days, DAYS),
            (_("Bearbeitungsdauer, 90. Perzentil (Tage)"), self.p90_days, DAYS),
            (_("Erreichte Teilnehmende"), t.participants, COUNT),
            (_("Geförderte Vereine"), t.organisations, COUNT),
            (_("Erstmals geförderte Vereine"), self.first_time_organisations, COUNT),
        ]


def report_figures(report_filter):
    """All figures for a valid ``ReportFilter``."""
    applications = report_filter.qs
    cells = _cells(applications)
    percentiles = processing_percentiles(applications)
    totals = _rollup(cells, None)[None]
    totals.organisations, first_time = _organisations(applications)
    return Figures(
        totals=totals,
        calls=_call_rows(report_filter, _rollup(cells, 0)),
        municipalities=_municipality_rows(_rollup(cells, 1)),
        org_types=_org_type_rows(_rollup(cells, 2)),
        months=_months(applications),
        median_days=_days(percentiles[0.5]),
        p90_days=_days(percentiles[0.9]),
        first_time_organisations=first_time,
        filter_rows=report_filter.description(),
    )


def _sources(applications):
    """(queryset, path to the application, aggregates) of the three money sources."""
    return (
        (applications, "", APPLICATION_AGGREGATES),
        (Payment.objects.filter(application__in=applications), "application__", PAYMENT_AGGREGATES),
        (Recovery.objects.filter(application__in=applications), "application__", RECOVERY_AGGREGATES),
    )


def _cells(applications):
    """{(line id, municipality id, org type): Measures}, three grouped queries."""
    cells = defaultdict(Measures)
    for queryset, path, aggregates in _sources(applications):
        keys = {
            "cell_line": F(f"{path}line"),
            "cell_seat": F(f"{path}organisation__municipality"),
            "cell_type": F(f"{path}organisation__org_type"),
        }
        for row in queryset.values(**keys).annotate(**aggregates).order_by():
            cells[(row.pop("cell_line"), row.pop("cell_seat"), row.pop("cell_type"))].update(row)
    return cells


def _rollup(cells, position):
    """Adds up cells by one part of their key; position None adds up all of them."""
    groups = defaultdict(Measures)
    for key, measures in cells.items():
        groups[None if position is None else key[position]].add(measures)
    return groups


def _call_rows(report_filter, by_line):
    """Calls in scope with their funding lines, budgets and remaining budgets.

    Budget and remaining budget always refer to the whole call or line
    (budget minus every approval in it), as in the budget check of the
    workflow; a municipality or period narrows only the other figures.
    """
    only_line = report_filter.values["line"]
    lines = (
        FundingLine.objects.filter(call__in=report_filter.scope_calls())
        .select_related("call")
        .order_by("-call__opens_on", "call__name", "order", "name")
    )
    approved_all = _approved_by_line(report_filter, by_line)
    calls = {}
    for line in lines:
        call_row = calls.setdefault(line.call_id, Row(str(line.call), Measures(), line.call.budget, line.call.budget))
        approved = approved_all.get(line.pk) or ZERO
        call_row.remaining -= approved
        if only_line and line.pk != only_line.pk:
            continue
        measures = by_line.get(line.pk, Measures())
        remaining = line.budget - approved if line.budget is not None else None
        call_row.lines.append(Row(line.name, measures, line.budget, remaining))
        call_row.measures.add(measures)
    return list(calls.values())


def _approved_by_line(report_filter, by_line):
    """{line id: everything approved in it}, for the remaining budgets.

    When the selection is whole calls, the cells already hold it; otherwise
    one more grouped query over the calls in scope.
    """
    values = report_filter.values
    if not any(values[name] for name in ("line", "municipality", "date_from", "date_to")):
        return {line_id: measures.approved for line_id, measures in by_line.items()}
    rows = Application.objects.filter(call__in=report_filter.scope_calls(), state__in=FUNDED_STATES)
    return dict(rows.values_list("line").annotate(total=Sum("approved_amount")).order_by())


def _municipality_rows(by_seat):
    rows = [Row(m.name, by_seat.get(m.pk, Measures())) for m in Municipality.objects.order_by("name")]
    if None in by_seat:
        rows.append(Row(_("Ohne Sitz im Kreis"), by_seat[None]))
    return rows


def _org_type_rows(by_type):
    return [Row(str(label), by_type.get(value, Measures())) for value, label in Organisation.OrgType.choices]


def _monthly(applications, date_field):
    month = TruncMonth(date_field, output_field=DateField())
    rows = applications.filter(**{f"{date_field}__isnull": False}).annotate(month=month)
    return dict(rows.values_list("month").annotate(count=Count("pk")).order_by())


def _months(applications):
    """Submissions and decisions per calendar month, gaps filled with zeros."""
    submitted, decided = _monthly(applications, "submitted_at"), _monthly(applications, "decided_at")
    known = sorted({*submitted, *decided})
    if not known:
        return []
    rows, month = [], known[0]
    while month <= known[-1]:
        rows.append(MonthRow(month, submitted.get(month, 0), decided.get(month, 0)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return rows


def _days(duration):
    if duration is None:
        return None
    return (Decimal(duration.total_seconds()) / 86400).quantize(Decimal("0.1"))


def _organisations(applications):
    """(funded organisations, organisations funded for the first time) in the selection.

    First time: the organisation's first funded application ever (by
    decision date, over all calls) lies in the selection.
    """
    funded = Q(applications__state__in=FUNDED_STATES)
    selected = applications.filter(FUNDED)
    rows = Organisation.objects.filter(pk__in=selected.values("organisation")).annotate(
        first_ever=Min("applications__decided_at", filter=funded),
        first_selected=Min("applications__decided_at", filter=funded & Q(applications__in=selected.values("pk"))),
    )
    counts = rows.aggregate(funded=Count("pk"), first=Count("pk", filter=Q(first_selected=F("first_ever"))))
    return counts["funded"], counts["first"]
