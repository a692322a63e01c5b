"""The grouped queries behind ``reports.figures``: every sum and count runs in the database.

Six grouped queries, whatever the size of the selection; none returns
single applications:

- Applications by (funding line, state): count, requested and approved
  sums. Python sorts the states into "submitted" and "funded" (the same
  definitions as ``SUBMITTED`` and ``FUNDED``); lines add up to calls and
  to the total, as every application has exactly one line.
- Applications by organisation: submitted, requested, funded, approved,
  rejected and the first funded decision in the selection; and one query
  over the organisations: seat, type and the first funded decision ever
  (one index look-up each). Python adds the organisations up by seat and
  by type (each organisation has one of each) and counts the funded and
  the first-time funded ones.
- Payments, recoveries and submitted proofs of use by (line, seat, type):
  one query each, added up by line, seat and type in Python (at most
  lines × 25 × 10 rows each).

On PostgreSQL the scans read two covering indexes (migration
``funding/0004_report_indexes``) instead of the wide table rows;
``report_planning`` lets the planner see that they are cheaper.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Min, OuterRef, Q, Subquery, Sum

from applicants.models import Organisation
from funding.models import Application
from funding.workflow import FUNDED_STATES, SUBMITTED_STATES, State

ZERO = Decimal("0.00")
FUNDED = Q(state__in=FUNDED_STATES)
# Written as "not draft or withdrawn", the shape the report indexes were planned with.
SUBMITTED = ~Q(state__in=sorted(set(State.values) - set(SUBMITTED_STATES)))
FUNDED_STATE_SET = frozenset(FUNDED_STATES)
# PostgreSQL's default random_page_cost (4.0) prices every index page as a
# random disk read, so it prefers reading the (few, wide) table pages to the
# covering indexes, although decoding the wide rows costs far more. The
# report plans with the usual value for SSDs and cached data instead.
REPORT_RANDOM_PAGE_COST = "1.1"
# Reads the current value before changing it for the transaction.
SET_PAGE_COST = (
    "WITH before AS MATERIALIZED (SELECT current_setting('random_page_cost') AS previous) "
    "SELECT previous, set_config('random_page_cost', %s, true) FROM before"
)


@contextmanager
def report_planning():
    """PostgreSQL: a transaction whose queries are planned with SSD page costs (restored at the end).

    Other databases: nothing (an SQLite transaction would lock out writers).
    """
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(SET_PAGE_COST, [REPORT_RANDOM_PAGE_COST])
            previous = cursor.fetchone()[0]
        yield
        if nested:  # a transaction's own setting ends with it; inside a savepoint it would outlive the block
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('random_page_cost', %s, true)", [previous])


# Rows related to an application: (relation, condition on them, {summed column: measure}).
RELATED_SUMS = (
    ("payments", "payments__isnull", {"amount": "paid"}),
    ("recoveries", "recoveries__isnull", {"amount": "recovered"}),
    # What came back on a recovery: the principal part of each repayment (interest is not grant money).
    ("repayments", "repayments__isnull", {"principal_part": "repaid"}),
    ("proof", "proof__submitted_at__isnull", {"participants_reached": "participants"}),
)


def _line_state_rows(applications):
    """(line, state, count, requested, approved) of the selection."""
    return (
        applications.values_list("line", "state")
        .annotate(
            count=Count("*"),
            requested=Sum("requested_amount", default=ZERO),
            approved=Sum("approved_amount", default=ZERO),
        )
        .order_by()
    )


def _related_rows(applications, relation, condition, measures):
    """(line, seat, type, sums …) of the payments, recoveries or proofs of the selection.

    Filter and sums go through the same join, so each related row counts once.
    """
    sums = {name: Sum(f"{relation}__{column}", default=0 if name == "participants" else ZERO)
            for column, name in measures.items()}
    return (
        applications.filter(**{condition: False})
        .values_list("line", "organisation__municipality", "organisation__org_type")
        .annotate(**sums)
        .order_by()
    )


def _add_related(groups, applications, relation, condition, measures):
    """Sets the sums of related rows on the Measures by line, seat and type.

    Plain dicts in the loop: it runs once per (line, seat, type) cell.
    """
    names = tuple(measures.values())
    sums = {name: tuple(defaultdict(int) for _ in groups) for name in names}  # (by line, by seat, by type)
    for line, seat, org_type, *values in _related_rows(applications, relation, condition, measures):
        for name, value in zip(names, values):
            by_line, by_seat, by_type = sums[name]
            by_line[line] += value
            by_seat[seat] += value
            by_type[org_type] += value
    for name, by_group in sums.items():
        for group, totals in zip(groups, by_group):
            for key, value in totals.items():
                setattr(group[key], name, value)


def _organisation_rows(applications):
    """(organisation, submitted, requested, funded, approved, rejected, first funded decision) in the selection."""
    return (
        applications.values_list("organisation")
        .annotate(
            applications=Count("organisation", filter=SUBMITTED),
            requested=Sum("requested_amount", filter=SUBMITTED, default=ZERO),
            funded=Count("organisation", filter=FUNDED),
            approved=Sum("approved_amount", filter=FUNDED, default=ZERO),
            rejected=Count("organisation", filter=Q(state=State.REJECTED)),
            first_selected=Min("decided_at", filter=FUNDED),
        )
        .order_by()
    )


def _organisations():
    """{organisation id: (seat, type, decision date of its first funded application over all calls)}.

    A query of its own: a correlated look-up in the grouped query above
    would keep PostgreSQL from grouping in parallel.
    """
    funded = Application.objects.filter(FUNDED, organisation=OuterRef("pk"), decided_at__isnull=False)
    first_ever = funded.order_by("decided_at").values("decided_at")[:1]  # the minimum: first index entry
    rows = Organisation.objects.values_list("pk", "municipality", "org_type").annotate(first_ever=Subquery(first_ever))
    return {pk: (seat, org_type, first) for pk, seat, org_type, first in rows.order_by()}


def _add_organisations(breakdown, applications):
    """Seat and type figures from the selection's organisations; funded and first-time funded ones.

    First time: the organisation's first funded application ever (by
    decision date, over all calls) lies in the selection.
    """
    rows = list(_organisation_rows(applications))
    organisations = _organisations()  # after the rows: organisations with applications cannot be deleted
    for organisation, *counts, first_selected in rows:
        seat, org_type, first_ever = organisations[organisation]
        breakdown.by_seat[seat].add_counts(*counts)
        breakdown.by_type[org_type].add_counts(*counts)
        breakdown.funded_organisations += counts[2] > 0
        breakdown.first_time_organisations += first_selected is not None and first_selected == first_ever


@dataclass
class Breakdown:
    """Measures by funding line, organisation seat and organisation type."""

    by_line: dict
    by_seat: dict
    by_type: dict
    funded_organisations: int = 0
    first_time_organisations: int = 0


def breakdowns(applications, measures_class):
    """The Breakdown of the selection (six queries)."""
    breakdown = Breakdown(*(defaultdict(measures_class) for _ in range(3)))
    for line, state, *sums in _line_state_rows(applications):
        breakdown.by_line[line].add_state(state, *sums)
    _add_organisations(breakdown, applications)
    groups = (breakdown.by_line, breakdown.by_seat, breakdown.by_type)
    for relation, condition, measures in RELATED_SUMS:
        _add_related(groups, applications, relation, condition, measures)
    return breakdown
