"""Every figure of the dashboard, the XLSX overview and the Förderbericht.

One function, ``report_figures``, computes them with a fixed number of
queries, whatever the number of applications. The database groups the
selection by funding line, by organisation and, for payments, recoveries
and proofs of use, by (line, seat, organisation type) (``reports.aggregates``);
the tables by line, call, municipality and organisation type add up those
groups, never single applications. Percentiles: ``reports.percentiles``;
months: ``reports.months``. See ``docs/reports.md`` and the methods note
of the Förderbericht.
"""

import contextlib
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applicants.models import Municipality, Organisation
from funding.models import Application
from funding.workflow import FUNDED_STATES, SUBMITTED_STATES, State
from reports import cells
from reports.aggregates import FUNDED_STATE_SET, ZERO, breakdowns, report_planning
from reports.filters import listed_lines, share_municipalities
from reports.flow import flow_table, money_flow
from reports.months import monthly_counts
from reports.percentiles import processing_percentiles

# Kinds of values; they decide the display format and the XLSX cell type.
COUNT, MONEY, PERCENT, DAYS = "count", "money", "percent", "days"

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
    states: dict = field(default_factory=dict)  # {state: count}; per line, call and total only

    def add_state(self, state, count, requested, approved):
        """Adds the sums of one group of applications in one state."""
        self.states[state] = self.states.get(state, 0) + count
        if state in SUBMITTED_STATES:
            self.applications += count
            self.requested += requested
        if state in FUNDED_STATE_SET:
            self.funded += count
            self.approved += approved
        elif state == State.REJECTED:
            self.rejected += count

    def add_counts(self, applications, requested, funded, approved, rejected):
        """Adds the figures of one group of applications counted across states (no state counts)."""
        self.applications += applications
        self.requested += requested
        self.funded += funded
        self.approved += approved
        self.rejected += rejected

    def add(self, other):
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
    flow: object = None  # reports.flow.FlowTable: settled, paid, final payments, recovered, repaid

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


def report_figures(report_filter, *, live=False):
    """All figures for a valid ``ReportFilter``.

    From the summary cells the workflow keeps (``reports.cells``) where they
    answer the filter; ``live`` (or a period) aggregates the applications.
    """
    report_filter.is_valid()  # cleans the form once (its values), as reading ``qs`` does
    from_cells = not live and cells.answers(report_filter)
    # The planner's SSD page costs for the aggregation of the applications only: the cells' few rows are read by
    # the same plans either way, and setting and restoring the cost in a transaction of its own cost the
    # dashboard half a millisecond (docs/performance.md, eleventh round).
    with contextlib.nullcontext() if from_cells else report_planning():
        if from_cells:
            breakdown, months, days = cells.figures(report_filter, Measures)
            percentiles = cells.kept_percentiles(report_filter, days)
            flows = cells.kept_flow(report_filter)
        else:
            applications = report_filter.qs
            breakdown = breakdowns(applications, Measures)
            months = monthly_counts(applications)
            percentiles = processing_percentiles(applications)
            flows = money_flow(applications)
        lines = _lines(report_filter)
        calls = _call_rows(report_filter, lines, breakdown.by_line, live)
        flow = flow_table(flows, lines)
    totals = _total(breakdown.by_line.values())
    totals.organisations = breakdown.funded_organisations
    return Figures(
        totals=totals,
        calls=calls,
        municipalities=_municipality_rows(report_filter, breakdown.by_seat),
        org_types=_org_type_rows(breakdown.by_type),
        months=months,
        median_days=_days(percentiles[0.5]),
        p90_days=_days(percentiles[0.9]),
        first_time_organisations=breakdown.first_time_organisations,
        filter_rows=report_filter.description(),
        flow=flow,
    )


def _total(groups):
    """Every application of the selection is in exactly one funding line: the lines add up to the total."""
    total = Measures()
    for measures in groups:
        total.add(measures)
    return total


def _lines(report_filter):
    """The funding lines of the calls in scope (``scope_calls``), with their call, in the order of the report.

    Taken from the filter's choices of lines (the lines of the user's
    authorities, with their call, in this order), which the filter form
    shows from the same rows: one query for both.
    """
    values = report_filter.values
    lines = listed_lines(report_filter.form.fields["line"])
    if values["line"] or values["call"]:
        call_id = values["line"].call_id if values["line"] else values["call"].pk
        return [line for line in lines if line.call_id == call_id]
    return lines


def _call_rows(report_filter, lines, by_line, live):
    """Calls in scope with their funding lines, budgets and remaining budgets.

    Budget and remaining budget always refer to the whole call or line
    (budget minus every approval in it), as in the budget check of the
    workflow; a municipality or period narrows only the other figures.
    """
    only_line = report_filter.values["line"]
    approved_all = _approved_by_line(report_filter, by_line, live)
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


def _approved_by_line(report_filter, by_line, live):
    """{line id: everything approved in it}, for the remaining budgets.

    When the selection is whole calls, the cells already hold it; otherwise
    one more grouped query over the calls in scope.
    """
    values = report_filter.values
    if not any(values[name] for name in ("line", "municipality", "date_from", "date_to")):
        return {line_id: measures.approved for line_id, measures in by_line.items()}
    if not live:
        return cells.approved_by_line(report_filter.scope_calls())
    rows = Application.objects.filter(call__in=report_filter.scope_calls(), state__in=FUNDED_STATES)
    return dict(rows.values_list("line").annotate(total=Sum("approved_amount")).order_by())


def _municipality_rows(report_filter, by_seat):
    """Every municipality by name (the same rows give the filter's municipality select its options)."""
    municipalities = list(Municipality.objects.order_by("name").values_list("pk", "name", "authority_id"))
    share_municipalities(report_filter, municipalities)
    rows = [Row(name, by_seat.get(pk, Measures())) for pk, name, _authority in municipalities]
    if None in by_seat:
        rows.append(Row(_("Ohne Sitz im Kreis"), by_seat[None]))
    return rows


def _org_type_rows(by_type):
    return [Row(str(label), by_type.get(value, Measures())) for value, label in Organisation.OrgType.choices]


def _days(duration):
    if duration is None:
        return None
    return (Decimal(duration.total_seconds()) / 86400).quantize(Decimal("0.1"))
