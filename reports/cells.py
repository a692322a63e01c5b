"""The report's breakdowns and months from the summary cells the workflow keeps.

``funding.models.ReportCell`` holds the sums per (call, line, seat and type
of the organisation, month of receipt, month of decision, state), kept
current in the transaction of every step (``funding.summary``). A selection
by call, funding line and municipality (the organisation's seat) is a set
of cells, so these figures cost a scan of a few thousand cells whatever the
number of applications. A period (date of receipt by day) is finer than the
cells: then ``reports.figures`` aggregates the applications
(``reports.aggregates``). Both give the same figures; tests compare them.
"""

import datetime
from collections import defaultdict

from django.db.models import Sum

from funding.models import ReportCell
from funding.models.summary import NO_MONTH, NO_MUNICIPALITY
from funding.workflow import FUNDED_STATES
from reports.aggregates import Breakdown
from reports.months import MonthRow, _months

SUMS = ("applications", "requested", "approved", "paid", "recovered", "repaid", "participants")


def answers(report_filter):
    """Whether the cells can answer this (valid) filter: everything but a period."""
    values = report_filter.values
    return not (values["date_from"] or values["date_to"])


def _cells(report_filter):
    values, cells = report_filter.values, ReportCell.objects.all()
    if values["call"]:
        cells = cells.filter(call_id=values["call"].pk)
    if values["line"]:
        cells = cells.filter(line_id=values["line"].pk)
    if values["municipality"]:
        cells = cells.filter(municipality_id=values["municipality"].pk)
    return cells


def _grouped(cells, *keys):
    return cells.values_list(*keys).annotate(*(Sum(name) for name in SUMS)).order_by()


def breakdowns(report_filter, measures_class):
    """The Breakdown of the selection by line, seat and type (two grouped queries over the cells).

    Funded and first-time funded organisations are not in the cells; the
    caller adds them (``reports.aggregates.organisation_counts``).
    """
    breakdown = Breakdown(*(defaultdict(measures_class) for _ in range(3)))
    cells = _cells(report_filter)
    for line, state, count, requested, approved, *related in _grouped(cells, "line_id", "state"):
        measures = breakdown.by_line[line]
        measures.add_state(state, count, requested, approved)
        _add_related(measures, *related)
    for seat, org_type, state, count, requested, approved, *related in _grouped(
        cells, "municipality_id", "org_type", "state"
    ):
        seat = None if seat == NO_MUNICIPALITY else seat
        for measures in (breakdown.by_seat[seat], breakdown.by_type[org_type]):
            measures.add_state(state, count, requested, approved)
            _add_related(measures, *related)
    for groups in (breakdown.by_seat, breakdown.by_type):
        for measures in groups.values():
            measures.states.clear()  # counts by state: per line, call and total only
    return breakdown


def _add_related(measures, paid, recovered, repaid, participants):
    measures.paid += paid
    measures.recovered += recovered
    measures.repaid += repaid
    measures.participants += participants


def _month_date(value):
    return datetime.date(value // 100, value % 100, 1)


def monthly_counts(report_filter):
    """[MonthRow] as ``reports.months.monthly_counts``: first to last month of the selection, gaps as zeros."""
    submitted, decided = defaultdict(int), defaultdict(int)
    rows = _cells(report_filter).values_list("submitted_month", "decided_month").annotate(Sum("applications"))
    for submitted_month, decided_month, count in rows.order_by():
        if submitted_month != NO_MONTH:
            submitted[_month_date(submitted_month)] += count
        if decided_month != NO_MONTH:
            decided[_month_date(decided_month)] += count
    known = sorted({*submitted, *decided})
    if not known:
        return []
    return [MonthRow(month, submitted.get(month, 0), decided.get(month, 0)) for month in _months(known[0], known[-1])]


def approved_by_line(calls):
    """{line id: everything approved in it} for the calls (whole calls, whatever else the filter narrows)."""
    rows = ReportCell.objects.filter(call_id__in=calls.values("pk"), state__in=FUNDED_STATES)
    return dict(rows.values_list("line_id").annotate(total=Sum("approved")).order_by())
