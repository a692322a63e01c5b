"""Median and 90th percentile of processing times, computed in the database.

PostgreSQL has the ordered-set aggregate ``percentile_cont``. SQLite has
none, so there the rows around each percentile position are picked with
window functions (ROW_NUMBER and COUNT over the sorted durations) in one
query, and only those (at most four) rows are interpolated in Python. Both
follow the same definition (linear interpolation, as ``percentile_cont``).

From the kept count of applications per whole day of processing
(``reports.cells``), ``kept_percentiles`` finds the day of each position
and reads only the two applications there, in the order of the processing
time (on PostgreSQL from the index ``funding_app_processing_idx``): the
same figures for a few rows whatever the number of applications.
"""

import datetime
import math

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Q, Value, Window
from django.db.models.functions import RowNumber

FRACTIONS = (0.5, 0.9)


class PercentileCont(Aggregate):
    """PostgreSQL ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expr)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression, fraction, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def _duration():
    return ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())


def processing_percentiles(applications):
    """{fraction: timedelta or None} from submission to decision."""
    decided = applications.filter(decided_at__isnull=False, submitted_at__isnull=False)
    if connection.vendor == "postgresql":
        aggregates = {f"p{i}": PercentileCont(_duration(), fraction) for i, fraction in enumerate(FRACTIONS)}
        row = decided.aggregate(**aggregates)
        return {fraction: row[f"p{i}"] for i, fraction in enumerate(FRACTIONS)}
    return _window_percentiles(decided)


def _window_percentiles(decided):
    ranked = decided.annotate(
        duration=_duration(),
        rank=Window(RowNumber(), order_by=F("duration").asc()),
        total=Window(Count("pk")),
    )
    near = Q()
    for fraction in FRACTIONS:
        # 0-based position h = (n - 1) * p; rows floor(h) and ceil(h) are
        # the 1-based ranks strictly between h and h + 2.
        position = ExpressionWrapper((F("total") - 1) * fraction, output_field=FloatField())
        near |= Q(rank__gt=position, rank__lt=position + 2)
    rows = list(ranked.filter(near).values_list("rank", "total", "duration"))
    by_rank = {rank: duration for rank, _total, duration in rows}
    total = rows[0][1] if rows else 0
    return {fraction: _interpolate(by_rank, total, fraction) for fraction in FRACTIONS}


def _interpolate(by_rank, total, fraction):
    if not total:
        return None
    position = (total - 1) * fraction
    lower, upper = math.floor(position), math.ceil(position)
    low, high = by_rank[lower + 1], by_rank[upper + 1]
    return low + (high - low) * (position - lower)


def positions(histogram):
    """(total, [(0-based rank of the lower value, whole days of its day, its offset among the applications from that
    day on)] per fraction) of [(whole days, applications)]. The next rank is read along. (0, []) without applications."""
    total = sum(count for _days, count in histogram)
    found = []
    for fraction in FRACTIONS if total else ():
        lower = math.floor((total - 1) * fraction)
        before = 0
        for days, count in histogram:
            if before + count > lower:
                break
            before += count
        found.append((lower, days, lower - before))
    return total, found


def interpolated(total, found, durations):
    """{fraction: timedelta} from ``positions`` and {part: [durations read at the part's position]}."""
    result = {}
    for part, fraction in enumerate(FRACTIONS):
        lower = found[part][0]
        by_rank = {lower + 1 + i: value for i, value in enumerate(sorted(durations[part]))}
        result[fraction] = _interpolate(by_rank, total, fraction)
    return result


def decided(applications):
    """The decided applications with their processing time (``duration``)."""
    return applications.filter(decided_at__isnull=False, submitted_at__isnull=False).annotate(duration=_duration())


def kept_percentiles(applications, histogram):
    """{fraction: timedelta or None} as ``processing_percentiles``, with [(whole days, applications)] known.

    The rows at every position are read in one query (``UNION ALL`` of one
    short index range per fraction) where the database allows a limit in
    each part (PostgreSQL); SQLite reads them one query per fraction.
    ``reports.cells.kept_percentiles`` reads the same rows with a query
    compiled once per shape of the filter.
    """
    total, found = positions(histogram)
    if not total:
        return {fraction: None for fraction in FRACTIONS}
    parts = []
    for part, (_lower, days, offset) in enumerate(found):
        rows = decided(applications).filter(duration__gte=datetime.timedelta(days=days)).order_by("duration")
        parts.append(rows.annotate(part=Value(part)).values_list("part", "duration")[offset:offset + 2])
    durations = {part: [] for part in range(len(FRACTIONS))}
    if connection.features.supports_slicing_ordering_in_compound:
        rows = parts[0].union(*parts[1:], all=True)
    else:
        rows = [row for part in parts for row in part]
    for part, duration in rows:
        durations[part].append(duration)
    return interpolated(total, found, durations)
