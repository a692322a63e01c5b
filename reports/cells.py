"""The report's figures from the cells the workflow keeps (``funding.summary``).

``funding.models.ReportCell`` holds, per grain, what the dashboard shows:
sums per (line, state), per (line, organisation type, state), per (line,
seat, outcome), submissions and decisions per month, processing times
in whole days, each once over all seats and once per seat; the
organisations' funded applications per line, call and in all are in
``OrganisationFigure``; the money after approval per line and seat in
``FlowCell`` (``reports.flow``). A selection by call, funding line and municipality
(the organisation's seat) is a set of cells, so these figures cost a few
grouped scans of at most a few thousand cells, whatever the number of
applications. Every grain but the state is kept per line, per call over
all its lines and per authority over all its calls (``funding.summary.cells_of``):
without a line filter the figures read the call's or the authorities' rows,
a few hundred whatever the number of lines, calls and applications; every
reader picks exactly one of the three, so nothing counts twice. A period (date of receipt by day) is finer than the cells:
then ``reports.figures`` aggregates the applications
(``reports.aggregates``). Both give the same figures; tests compare them.
"""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Case, F, Min, Q, Sum, Value, When

from applicants.models import Organisation
from funding import roles
from funding.models import FlowCell, OrganisationFigure, ReportCell
from funding.models.summary import (
    ALL_LINES,
    ALL_MUNICIPALITIES,
    GRAIN_DAYS,
    GRAIN_DECIDED,
    GRAIN_SEAT,
    GRAIN_STATE,
    GRAIN_SUBMITTED,
    GRAIN_TYPE,
    NO_MUNICIPALITY,
    authority_key,
)
from funding.workflow import FUNDED_STATES
from reports.aggregates import Breakdown
from reports.months import MonthRow, _months

SUMS = ("applications", "requested", "approved", "paid", "recovered", "repaid", "participants")


def answers(report_filter):
    """Whether the cells can answer this (valid) filter: everything but a period."""
    values = report_filter.values
    return not (values["date_from"] or values["date_to"])


def _cells(report_filter, *grains):
    """The selection's cells of the (coarse) grains: over all seats, or those of the filtered seat."""
    values, cells = report_filter.values, ReportCell.objects.filter(grain__in=grains)
    if values["municipality"]:
        cells = cells.filter(municipality_id=values["municipality"].pk)
    else:
        cells = cells.filter(municipality_id=ALL_MUNICIPALITIES)
    return cells.filter(_coarse_scope(report_filter))


def _coarse_scope(report_filter):
    """Q of the selection's rows of a grain kept per line, call and authority (all but the state).

    The line's rows with a line filter; else the call's over all its lines;
    else those of the user's authorities over all their calls (of every
    authority for a user who sees all).
    """
    values = report_filter.values
    if values["line"] or values["call"]:
        return _fine_scope(report_filter) & (Q() if values["line"] else Q(line_id=ALL_LINES))
    if getattr(report_filter, "restricted", False):
        return Q(call_id__in=_authority_keys(report_filter), line_id=ALL_LINES)
    return Q(call_id__lt=0, line_id=ALL_LINES)


def _authority_keys(report_filter):
    """The call_id of the cells over all calls of each of the user's authorities (those of ``scope_calls``).

    Plain values (the user's roles are read once per request), so the index finds the rows.
    """
    return sorted(authority_key(pk) for pk in roles.authorities_of(report_filter.user))


def _fine_scope(report_filter):
    """Q of the rows of the filter's call and line among rows per line (and, for a call, per call), in the user's authorities."""
    values, scope = report_filter.values, Q()
    if values["call"]:
        scope &= Q(call_id=values["call"].pk)
    if values["line"]:
        scope &= Q(line_id=values["line"].pk)
    if getattr(report_filter, "restricted", False):
        scope &= Q(call_id__in=report_filter.scope_calls().values("pk"))  # the user's authorities only
    return scope


def flow_cells(report_filter):
    """The selection's ``FlowCell`` rows (money after approval per call, line and seat; per line only)."""
    values, cells = report_filter.values, FlowCell.objects.all()
    if values["municipality"]:
        cells = cells.filter(municipality_id=values["municipality"].pk)
    return cells.filter(_fine_scope(report_filter))


def _grouped(cells, *keys):
    return cells.values_list(*keys).annotate(*(Sum(name) for name in SUMS)).order_by()


def _breakdown_rows(report_filter):
    """(grain, line, seat, type, state, sums …) of the state, seat and type cells of the selection, one query.

    State and type cells over all seats (or of the filtered seat), seat cells
    per seat; each grain grouped by its own key (the others 0 or ""). The
    state cells per line, the type and seat cells of the coarsest scope.
    """
    values = report_filter.values
    if values["municipality"]:
        seat = Q(municipality_id=values["municipality"].pk)
        seats = seat
    else:
        seat, seats = Q(municipality_id=ALL_MUNICIPALITIES), ~Q(municipality_id=ALL_MUNICIPALITIES)
    coarse = _coarse_scope(report_filter)
    cells = ReportCell.objects.filter(
        (Q(grain=GRAIN_STATE) & seat & _fine_scope(report_filter))
        | (Q(grain=GRAIN_TYPE) & seat & coarse)
        | (Q(grain=GRAIN_SEAT) & seats & coarse)
    )
    cells = cells.annotate(
        line_key=Case(When(grain=GRAIN_STATE, then=F("line_id")), default=Value(0)),
        seat_key=Case(When(grain=GRAIN_SEAT, then=F("municipality_id")), default=Value(0)),
    )
    return _grouped(cells, "grain", "line_key", "seat_key", "org_type", "state")


def breakdowns(report_filter, measures_class):
    """The Breakdown of the selection by line, seat and type (one grouped query over the cells).

    Seat and type cells count outcomes (funded, rejected, submitted), not
    states: their counts by state stay empty, as in the live aggregation.
    """
    breakdown = Breakdown(*(defaultdict(measures_class) for _ in range(3)))
    for grain, line, seat, org_type, state, count, requested, approved, *related in _breakdown_rows(report_filter):
        if grain == GRAIN_STATE:
            measures = breakdown.by_line[line]
        elif grain == GRAIN_SEAT:
            measures = breakdown.by_seat[None if seat == NO_MUNICIPALITY else seat]
        else:
            measures = breakdown.by_type[org_type]
        measures.add_state(state, count, requested, approved)
        _add_related(measures, *related)
    for groups in (breakdown.by_seat, breakdown.by_type):
        for measures in groups.values():
            measures.states.clear()  # counts by state: per line, call and total only
    breakdown.funded_organisations, breakdown.first_time_organisations = organisation_counts(report_filter)
    return breakdown


def _add_related(measures, paid, recovered, repaid, participants):
    measures.paid += paid
    measures.recovered += recovered
    measures.repaid += repaid
    measures.participants += participants


def organisation_counts(report_filter):
    """(funded organisations, first-time funded organisations) of the selection (one query).

    First time: the organisation's earliest funded decision in the selection
    is its earliest over all calls.
    """
    values = report_filter.values
    if values["line"]:
        scope = (values["line"].call_id, values["line"].pk)
    elif values["call"]:
        scope = (values["call"].pk, 0)
    else:
        scope = (0, 0)
    if scope == (0, 0) and getattr(report_filter, "restricted", False):
        # The user's authorities over all their calls, never the figures of all calls (other authorities' too).
        rows = OrganisationFigure.objects.filter(call_id__in=_authority_keys(report_filter), line_id=0, funded__gt=0)
    else:
        rows = OrganisationFigure.objects.filter(call_id=scope[0], line_id=scope[1], funded__gt=0)
    return _first_time_in_calls(_in_municipality(rows, values))


def _first_time_in_calls(rows):
    """(organisations, first-time funded ones) of the scope's rows: the earliest in them is the earliest ever.

    One query; the rows grouped per organisation first (one per organisation
    and authority, line or call), then joined with the organisation's row over
    all calls (a subquery per row costs more than the join).
    """
    table = OrganisationFigure._meta.db_table
    grouped, params = rows.values("organisation_id").annotate(first=Min("first_funded")).order_by().query.sql_with_params()
    sql = (
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE scope.first = ever.first_funded) FROM ({grouped}) scope "
        f"INNER JOIN {table} ever ON ever.organisation_id = scope.organisation_id "
        "AND ever.call_id = 0 AND ever.line_id = 0"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(cursor.fetchone())


def _in_municipality(rows, values):
    if values["municipality"]:
        rows = rows.filter(organisation_id__in=Organisation.objects.filter(
            municipality=values["municipality"]).values("pk"))
    return rows


def _month_date(value):
    return datetime.date(value // 100, value % 100, 1)


def months_and_days(report_filter):
    """([MonthRow], [(whole days, applications)]): ``monthly_counts`` and ``processing_days`` in one query."""
    series = {GRAIN_SUBMITTED: defaultdict(int), GRAIN_DECIDED: defaultdict(int)}
    days = []
    rows = _cells(report_filter, GRAIN_SUBMITTED, GRAIN_DECIDED, GRAIN_DAYS).values_list("grain", "bucket")
    for grain, bucket, count in rows.annotate(Sum("applications")).order_by():
        if grain == GRAIN_DAYS:
            days.append((bucket, count))
        else:
            series[grain][_month_date(bucket)] += count
    return _month_rows(series[GRAIN_SUBMITTED], series[GRAIN_DECIDED]), sorted(days)


def _month_rows(submitted, decided):
    known = sorted({*submitted, *decided})
    if not known:
        return []
    return [MonthRow(month, submitted.get(month, 0), decided.get(month, 0)) for month in _months(known[0], known[-1])]


def monthly_counts(report_filter):
    """[MonthRow] as ``reports.months.monthly_counts``: first to last month of the selection, gaps as zeros."""
    return months_and_days(report_filter)[0]


def processing_days(report_filter):
    """[(whole days from receipt to decision, applications)] of the selection, by days."""
    return months_and_days(report_filter)[1]


def approved_by_line(calls):  # ``calls``: the filter's scope_calls(), already the user's authorities only
    """{line id: everything approved in it} for the calls (whole calls, whatever else the filter narrows)."""
    rows = ReportCell.objects.filter(grain=GRAIN_STATE, municipality_id=ALL_MUNICIPALITIES,
                                     call_id__in=calls.values("pk"), state__in=FUNDED_STATES)
    return dict(rows.values_list("line_id").annotate(total=Sum("approved")).order_by())
