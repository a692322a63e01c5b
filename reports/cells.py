"""The report's figures from the cells the workflow keeps (``funding.summary``).

``funding.models.ReportCell`` holds, per grain, what the dashboard shows:
sums per (line, state), per (line, organisation type, state), per (line,
seat, outcome), submissions and decisions per month, processing times
in whole days, each once over all seats and once per seat; the
organisations' funded applications per line, call and in all are in
``OrganisationFigure``, how many organisations that makes per scope in
``OrganisationTally``; the money after approval per line and seat in
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

The dashboard's reads (state, type, seat, month and day cells in one
grouped query; organisations; money after approval; the percentiles'
applications) are compiled once per process and shape of the filter
(which of call, line and seat are set, how many authorities) with marker
numbers where the ids go (``Selection``, ``funding.prepared.Prepared``) and
read with a plain cursor: building and compiling them took the ORM more
time than the database took to answer them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, DurationField, F, Min, Q, Sum, Value, When
from django.utils.translation import get_language

from applicants.models import Organisation
from funding import prepared, roles
from funding.models import Application, FlowCell, FundingCall, OrganisationFigure, OrganisationTally, ReportCell
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
from funding.tenancy import within
from funding.workflow import FUNDED_STATES
from reports.aggregates import Breakdown
from reports.flow import flow_sums, flows_of
from reports.months import MonthRow, _months
from reports.percentiles import FRACTIONS, decided, interpolated, positions

SUMS = ("applications", "requested", "approved", "paid", "recovered", "repaid", "participants")
BUCKET_GRAINS = (GRAIN_SUBMITTED, GRAIN_DECIDED, GRAIN_DAYS)


def answers(report_filter):
    """Whether the cells can answer this (valid) filter: everything but a period."""
    values = report_filter.values
    return not (values["date_from"] or values["date_to"])


@dataclass(frozen=True)
class Selection:
    """The ids the cell queries of a valid filter depend on (None: not narrowed).

    The queries are compiled once per shape (which ids are set, how many
    authorities) with marker numbers in place of the ids
    (``funding.prepared``), and run with the real ids.
    """

    municipality: int | None = None
    call: int | None = None
    line: int | None = None
    scope_call: int | None = None  # the call of ``scope_calls``: the line's, else the filtered one
    authorities: tuple | None = None  # the user's authorities when the filter is restricted to them
    keys: tuple = ()  # their ``authority_key`` (the cells over all their calls)

    @property
    def shape(self):
        return (self.municipality is not None, self.call is not None, self.line is not None,
                None if self.authorities is None else len(self.authorities))

    def ids(self):
        """{marker name: id} of every id set."""
        found = {name: getattr(self, name) for name in ("municipality", "call", "line", "scope_call")
                 if getattr(self, name) is not None}
        found.update((f"a{index}", pk) for index, pk in enumerate(self.authorities or ()))
        found.update((f"k{index}", key) for index, key in enumerate(self.keys))
        return found

    def marked(self, marks):
        """This selection with the marker numbers ``marks`` (names as ``ids``) in place of those ids."""
        authorities = None if self.authorities is None else tuple(
            marks.get(f"a{index}", pk) for index, pk in enumerate(self.authorities))
        return replace(
            self, **{name: marks[name] for name in ("municipality", "call", "line", "scope_call") if name in marks},
            authorities=authorities, keys=tuple(marks.get(f"k{index}", key) for index, key in enumerate(self.keys)),
        )


def selection(report_filter):
    """The Selection of a valid ReportFilter (worked out once per filter)."""
    found = getattr(report_filter, "_cell_selection", None)
    if found is None:
        values = report_filter.values
        line, call, municipality = values["line"], values["call"], values["municipality"]
        authorities = None
        if getattr(report_filter, "restricted", False):
            # Plain values (the user's roles are read once per request), so the index finds the rows.
            authorities = tuple(sorted(roles.authorities_of(report_filter.user)))
        found = report_filter._cell_selection = Selection(
            municipality=municipality.pk if municipality else None,
            call=call.pk if call else None,
            line=line.pk if line else None,
            scope_call=line.call_id if line else (call.pk if call else None),
            authorities=authorities,
            keys=tuple(sorted(authority_key(pk) for pk in authorities or ())),
        )
    return found


_READS = {}


def _reads(name, sel, build):
    """The names of the ids (``Selection.ids``) that the query ``build`` reads, worked out once per shape."""
    key = (connection.alias, get_language(), name, sel.shape)
    found = _READS.get(key)
    if found is None:
        ids = sel.ids()
        marks = prepared.markers(*ids)
        try:
            params = build(sel.marked(marks)).query.sql_with_params()[1]
        except EmptyResultSet:
            params = ()
        found = _READS[key] = [name for name in ids if marks[name] in params]
    return found


_COMPILED = {}


def _compiled(name, sel, build):
    """(SQL, parameters, compiler) of ``build(marked selection)`` for ``sel``: compiled once per shape of the selection
    with marker numbers in place of its ids (``funding.prepared.Prepared``), run with the real ones. SQL None: no rows."""
    ids, reads = sel.ids(), _reads(name, sel, build)
    key = (connection.alias, get_language(), name, sel.shape)
    compiled = _COMPILED.get(key)
    if compiled is None:
        marks = prepared.markers(*reads)
        compiled = _COMPILED[key] = prepared.Prepared(build(sel.marked(marks)), marks)
    params = list(compiled.params)
    for marker, indexes in compiled.slots.items():
        for index in indexes:
            params[index] = type(params[index])(int(ids[marker]))
    return compiled.sql, params, compiled.compiler


def _run(name, sel, build):
    """The rows (tuples) of the ``values_list`` query ``build(marked selection)`` for ``sel`` (``_compiled``).

    Read with a plain cursor. On PostgreSQL psycopg returns the sums as
    ``Decimal`` and ``int`` already, which is all Django's converters of these
    columns do (``Decimal(value)``, ``int(value)``), so they are left out;
    other databases (SQLite returns sums of decimals as floats) go through them.
    """
    sql, params, compiler = _compiled(name, sel, build)
    if sql is None:
        return []
    with prepared.cursor() as cursor:  # run again with other ids: prepared once per connection
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor != "postgresql":
        rows = _converted(rows, compiler)
    return rows


def _converted(rows, compiler):
    """``rows`` through the compiled query's converters (``Decimal`` from SQLite's floats, durations from numbers)."""
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select[:compiler.col_count]])
    return list(compiler.apply_converters(rows, converters)) if converters else rows


def _seat(sel):
    """Q of the cells over all seats, or of the filtered seat."""
    return Q(municipality_id=ALL_MUNICIPALITIES if sel.municipality is None else sel.municipality)


def _cells(sel, *grains):
    """The selection's cells of the (coarse) grains: over all seats, or those of the filtered seat."""
    return ReportCell.objects.filter(Q(grain__in=grains) & _seat(sel) & _coarse_scope(sel))


def _coarse_scope(sel):
    """Q of the selection's rows of a grain kept per line, call and authority (all but the state).

    The line's rows with a line filter; else the call's over all its lines;
    else those of the user's authorities over all their calls (of every
    authority for a user who sees all).
    """
    if sel.line is not None or sel.call is not None:
        return _fine_scope(sel) & (Q() if sel.line is not None else Q(line_id=ALL_LINES))
    if sel.authorities is not None:
        return Q(call_id__in=list(sel.keys), line_id=ALL_LINES)
    return Q(call_id__lt=0, line_id=ALL_LINES)


def _fine_scope(sel):
    """Q of the rows of the filter's call and line among rows per line (and, for a call, per call), in the user's authorities."""
    scope = Q()
    if sel.call is not None:
        scope &= Q(call_id=sel.call)
    if sel.line is not None:
        scope &= Q(line_id=sel.line)
    if sel.authorities is not None:  # the user's authorities only, as the filter's scope_calls()
        calls = within(FundingCall.objects.all(), sel.authorities)
        if sel.scope_call is not None:
            calls = calls.filter(pk=sel.scope_call)
        scope &= Q(call_id__in=calls.values("pk"))
    return scope


def flow_cells(report_filter):
    """The selection's ``FlowCell`` rows (money after approval per call, line and seat; per line only)."""
    return _flow_cells(selection(report_filter))


def _flow_cells(sel):
    cells = FlowCell.objects.all()
    if sel.municipality is not None:
        cells = cells.filter(municipality_id=sel.municipality)
    return cells.filter(_fine_scope(sel))


def kept_flow(report_filter):
    """{line id: Flow} of the selection's ``FlowCell`` rows (``reports.flow.kept_flow``), compiled once per shape."""
    sel = selection(report_filter)
    return flows_of(_run("reports.flow", sel, lambda marked: flow_sums(_flow_cells(marked))))


def _figure_rows(sel):
    """(grain, line, seat, type, state, bucket, sums …) of the state, seat, type, month and day cells of the selection.

    State, type, month and day cells over all seats (or of the filtered seat),
    seat cells per seat; each grain keyed by its own key (the others 0 or
    ""). The state cells per line, the others of the coarsest scope. The
    rows as kept, not grouped: ``figures`` adds up the rows of one key (for
    the calls of several authorities there are several), and for one
    authority's scope every key has one row, so grouping in PostgreSQL cost
    a hash aggregate of seven numeric sums over 618 rows that merged none
    (1.6 of the query's 2.4 ms, docs/performance.md, tenth round).
    """
    seat = _seat(sel)
    seats = seat if sel.municipality is not None else ~Q(municipality_id=ALL_MUNICIPALITIES)
    coarse = _coarse_scope(sel)
    cells = ReportCell.objects.filter(
        (Q(grain=GRAIN_STATE) & seat & _fine_scope(sel))
        | (Q(grain=GRAIN_TYPE) & seat & coarse)
        | (Q(grain=GRAIN_SEAT) & seats & coarse)
        | (Q(grain__in=BUCKET_GRAINS) & seat & coarse)
    )
    cells = cells.annotate(
        line_key=Case(When(grain=GRAIN_STATE, then=F("line_id")), default=Value(0)),
        seat_key=Case(When(grain=GRAIN_SEAT, then=F("municipality_id")), default=Value(0)),
    )
    return cells.values_list("grain", "line_key", "seat_key", "org_type", "state", "bucket", *SUMS).order_by()


def figures(report_filter, measures_class):
    """(Breakdown by line, seat and type, [MonthRow], [(whole days, applications)]) of the selection.

    One grouped query over the cells (compiled once per shape of the
    filter) and one over the organisations. Seat and type cells count
    outcomes (funded, rejected, submitted), not states: their counts by
    state stay empty, as in the live aggregation.
    """
    sel = selection(report_filter)
    by_line, by_seat, by_type = defaultdict(measures_class), defaultdict(measures_class), defaultdict(measures_class)
    series = {GRAIN_SUBMITTED: defaultdict(int), GRAIN_DECIDED: defaultdict(int)}
    days = defaultdict(int)
    rows = _run("reports.figures", sel, _figure_rows)
    for grain, line, seat, org_type, state, bucket, count, requested, approved, paid, recovered, repaid, participants in rows:
        if grain == GRAIN_STATE:
            measures = by_line[line]
        elif grain == GRAIN_SEAT:
            measures = by_seat[None if seat == NO_MUNICIPALITY else seat]
        elif grain == GRAIN_TYPE:
            measures = by_type[org_type]
        elif grain == GRAIN_DAYS:
            days[bucket] += count
            continue
        else:
            series[grain][_month_date(bucket)] += count
            continue
        measures.add_state(state, count, requested, approved)
        measures.paid += paid
        measures.recovered += recovered
        measures.repaid += repaid
        measures.participants += participants
    for groups in (by_seat, by_type):
        for measures in groups.values():
            measures.states.clear()  # counts by state: per line, call and total only
    breakdown = Breakdown(by_line, by_seat, by_type, *organisation_counts(report_filter))
    return breakdown, _month_rows(series[GRAIN_SUBMITTED], series[GRAIN_DECIDED]), sorted(days.items())


def organisation_counts(report_filter):
    """(funded organisations, first-time funded organisations) of the selection (one query).

    First time: the organisation's earliest funded decision in the selection
    is its earliest over all calls.
    """
    return _first_time_in_calls(selection(report_filter))


def _organisation_rows(sel):
    """The scope's OrganisationFigure rows with funded applications, one per organisation.

    Grouped per organisation only over the calls of several authorities:
    in one line, one call, one authority's calls or all calls an
    organisation has one row (the table's key), and grouping them cost a
    hash aggregate that merged none.
    """
    if sel.line is not None:
        rows = OrganisationFigure.objects.filter(call_id=sel.scope_call, line_id=sel.line, funded__gt=0)
    elif sel.call is not None:
        rows = OrganisationFigure.objects.filter(call_id=sel.scope_call, line_id=0, funded__gt=0)
    elif sel.authorities is not None:
        # The user's authorities over all their calls, never the figures of all calls (other authorities' too).
        rows = OrganisationFigure.objects.filter(call_id__in=list(sel.keys), line_id=0, funded__gt=0)
    else:
        rows = OrganisationFigure.objects.filter(call_id=0, line_id=0, funded__gt=0)
    if sel.municipality is not None:
        rows = rows.filter(organisation_id__in=Organisation.objects.filter(
            municipality=sel.municipality).values("pk"))
    if sel.line is None and sel.call is None and sel.authorities is not None and len(sel.keys) > 1:
        return rows.values("organisation_id").annotate(first=Min("first_funded")).order_by()
    return rows.annotate(first=F("first_funded")).values("organisation_id", "first").order_by()


def _tally_scope(sel):
    """(call, line) of the selection's ``OrganisationTally``, None where none holds it: a seat filter (the tallies
    count every seat) or the calls of several authorities (an organisation funded in two counts once)."""
    if sel.municipality is not None:
        return None
    if sel.line is not None:
        return (sel.scope_call, sel.line)
    if sel.call is not None:
        return (sel.scope_call, ALL_LINES)
    if sel.authorities is not None:
        return (sel.keys[0], ALL_LINES) if len(sel.keys) == 1 else None
    return (0, ALL_LINES)


def _tally(call, line):
    return OrganisationTally.objects.filter(call_id=call, line_id=line).values_list("funded", "first_time")


def _first_time_in_calls(sel):
    """(organisations, first-time funded ones) of the scope's rows: the earliest in them is the earliest ever.

    Where one ``OrganisationTally`` holds the scope, its row (kept by the
    workflow, one row whatever the number of organisations). Otherwise one
    query; the rows grouped per organisation first (one per organisation and
    authority, line or call), then joined with the organisation's row over
    all calls (a subquery per row costs more than the join). The grouped
    part is compiled once per shape (``_compiled``).
    """
    scope = _tally_scope(sel)
    if scope is not None:
        found = prepared.rows(("reports.tally",), _tally, dict(zip(("call", "line"), scope)))
        return tuple(found[0]) if found else (0, 0)
    grouped, params, _compiler = _compiled("reports.organisations", sel, _organisation_rows)
    if grouped is None:
        return (0, 0)
    table = OrganisationFigure._meta.db_table
    sql = (
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE scope.first = ever.first_funded) FROM ({grouped}) scope "
        f"INNER JOIN {table} ever ON ever.organisation_id = scope.organisation_id "
        "AND ever.call_id = 0 AND ever.line_id = 0"
    )
    with prepared.cursor() as cursor:  # run again with other ids: prepared once per connection
        cursor.execute(sql, params)
        return tuple(cursor.fetchone())


# Stands for the whole days of a percentile's day in the compiled query (far from any processing time).
_DAYS_MARKER = datetime.timedelta(days=987_654)
_DURATION = DurationField()


def _applications(sel):
    """The selection's applications, as the filter's ``qs`` narrows them (no period: the cells answer none)."""
    applications = Application.objects.all()
    if sel.authorities is not None:  # ``report_filter``: the applications of the user's authorities (``for_staff``)
        applications = within(applications, sel.authorities)
    if sel.call is not None:
        applications = applications.filter(call=sel.call)
    if sel.line is not None:
        applications = applications.filter(line=sel.line)
    if sel.municipality is not None:
        applications = applications.filter(organisation__municipality=sel.municipality)
    return applications


def _percentile_part(part):
    def build(sel):
        rows = decided(_applications(sel)).filter(duration__gte=_DAYS_MARKER).order_by("duration")
        return rows.annotate(part=Value(part)).values_list("part", "duration")
    return build


_PARTS = [_percentile_part(part) for part in range(len(FRACTIONS))]


def kept_percentiles(report_filter, histogram):
    """{fraction: timedelta or None} as ``reports.percentiles.kept_percentiles`` of the filter's applications.

    The same rows, read with the part queries compiled once per shape of
    the filter (``_compiled``); each part's whole days and position go in as
    parameters. One ``UNION ALL`` on PostgreSQL, one query per part elsewhere.
    """
    total, found = positions(histogram)
    if not total:
        return {fraction: None for fraction in FRACTIONS}
    sel, queries, compiler = selection(report_filter), [], None
    for part, (_lower, days, offset) in enumerate(found):
        sql, params, compiler = _compiled(f"reports.percentiles.{part}", sel, _PARTS[part])
        if sql is None:
            return {fraction: None for fraction in FRACTIONS}
        # As the database takes a duration (SQLite: microseconds).
        marker = _DURATION.get_db_prep_value(_DAYS_MARKER, connection)
        params[params.index(marker)] = _DURATION.get_db_prep_value(datetime.timedelta(days=days), connection)
        queries.append((f"{sql} LIMIT 2 OFFSET %s", [*params, offset]))
    if connection.features.supports_slicing_ordering_in_compound:
        queries = [(" UNION ALL ".join(f"({sql})" for sql, _params in queries), [p for _sql, ps in queries for p in ps])]
    rows = []
    with prepared.cursor() as cursor:  # run again with other ids: prepared once per connection
        for sql, params in queries:
            cursor.execute(sql, params)
            rows.extend(cursor.fetchall())
    if connection.vendor != "postgresql":
        rows = _converted(rows, compiler)
    durations = {part: [] for part in range(len(FRACTIONS))}
    for part, duration in rows:
        durations[part].append(duration)
    return interpolated(total, found, durations)


def _month_date(value):
    return datetime.date(value // 100, value % 100, 1)


def months_and_days(report_filter):
    """([MonthRow], [(whole days, applications)]): ``monthly_counts`` and ``processing_days`` in one query."""
    series = {GRAIN_SUBMITTED: defaultdict(int), GRAIN_DECIDED: defaultdict(int)}
    days = []
    rows = _cells(selection(report_filter), *BUCKET_GRAINS).values_list("grain", "bucket")
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
