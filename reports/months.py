"""Submissions and decisions per calendar month (local time), counted in the database.

PostgreSQL sorts every date of receipt and of decision into local month
boundaries with ``width_bucket`` (a binary search over an array of month
starts): one scan for both series, about half the cost of converting
100,000 timestamps to local time and truncating them to months twice. The
boundaries span all applications (their first and last dates: four look-ups
at the ends of the date indexes, whatever the filter). SQLite has no
``width_bucket``; there each series is one ``TruncMonth`` query. Both count
the calendar months of ``TIME_ZONE``.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Count, DateField, DateTimeField, Func, IntegerField, Max, Min, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from funding.models import Application


@dataclass
class MonthRow:
    month: datetime.date
    submitted: int
    decided: int


class WidthBucket(Func):
    """PostgreSQL ``width_bucket(value, thresholds)``: i where thresholds[i-1] <= value < thresholds[i]."""

    function = "width_bucket"
    output_field = IntegerField()


def monthly_counts(applications):
    """[MonthRow] from the first to the last month with a submission or decision, gaps as zeros."""
    if connection.vendor == "postgresql":
        submitted, decided = _bucketed(applications)
    else:
        submitted, decided = _truncated(applications, "submitted_at"), _truncated(applications, "decided_at")
    known = sorted({*submitted, *decided})
    if not known:
        return []
    return [MonthRow(month, submitted.get(month, 0), decided.get(month, 0)) for month in _months(known[0], known[-1])]


def _next_month(month):
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _months(first, last):
    """First days of the months from first to last (dates), both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = _next_month(month)
    return months


def _truncated(applications, date_field):
    month = TruncMonth(date_field, output_field=DateField())
    rows = applications.filter(**{f"{date_field}__isnull": False}).annotate(month=month)
    return dict(rows.values_list("month").annotate(count=Count("*")).order_by())


def _local_month(moment):
    return timezone.localtime(moment).date().replace(day=1)


def _bucketed(applications):
    """({month: submissions}, {month: decisions}) with one grouped scan."""
    span = Application.objects.aggregate(
        first_in=Min("submitted_at"), last_in=Max("submitted_at"),
        first_out=Min("decided_at"), last_out=Max("decided_at"),
    )
    moments = [moment for moment in span.values() if moment is not None]
    if not moments:
        return {}, {}
    months = _months(_local_month(min(moments)), _local_month(max(moments)))
    # Local midnights of the month starts, and of the first day after the last month.
    starts = Value(
        [timezone.make_aware(datetime.datetime.combine(month, datetime.time.min))
         for month in [*months, _next_month(months[-1])]],
        output_field=ArrayField(DateTimeField()),
    )
    rows = (
        applications.values_list(WidthBucket("submitted_at", starts), WidthBucket("decided_at", starts))
        .annotate(count=Count("*"))
        .order_by()
    )
    submitted, decided = Counter(), Counter()
    for submitted_bucket, decided_bucket, count in rows:
        # None: no date. Outside 1..len(months) only for an application saved
        # after the span query; it is left for the next view.
        if submitted_bucket and submitted_bucket <= len(months):
            submitted[months[submitted_bucket - 1]] += count
        if decided_bucket and decided_bucket <= len(months):
            decided[months[decided_bucket - 1]] += count
    return submitted, decided
