"""Keeps ``StateCount`` and ``ReportCell`` current, and rebuilds them.

Every write that changes what an application contributes to the figures
(its state, amounts, payments, recoveries, proof of use) calls ``update``
inside its transaction (``funding.services.transitions``, draft creation
and edits, payment booking). ``update`` compares the application's
contribution now with the one it was last counted with (``ReportEntry``)
and adds the difference to the cells with an upsert (``INSERT … ON
CONFLICT DO UPDATE``), so two transactions that touch the same cell both
count; emptied cells are removed. The application row is locked by then,
so its entry has one writer at a time.
``rebuild`` computes every cell from the applications anew
(``manage.py rebuild_summary``); tests check that it equals the live cells.

What an application contributes depends on its organisation's seat and
type too: a profile change refreshes the organisation's applications after
commit (``organisation_refresh``); after changing them in the admin or
with SQL, rebuild.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from funding.models import Application, Payment, ProofOfUse, Recovery, Repayment, ReportCell, ReportEntry, StateCount
from funding.models.summary import NO_MONTH, NO_MUNICIPALITY

ZERO = Decimal("0.00")
KEY_FIELDS = ("call_id", "line_id", "municipality_id", "org_type", "submitted_month", "decided_month", "state")
MEASURES = ("applications", "requested", "approved", "paid", "recovered", "repaid", "participants")


@dataclass(frozen=True)
class Contribution:
    key: tuple  # values of KEY_FIELDS
    measures: tuple  # values of MEASURES


def _sum_of(model, column):
    rows = model.objects.filter(application=OuterRef("pk")).order_by().values("application")
    return Coalesce(Subquery(rows.annotate(total=Sum(column)).values("total")[:1]), ZERO)


COLUMNS = (
    "call_id", "line_id", "organisation__municipality_id", "organisation__org_type", "submitted_at", "decided_at",
    "state", "requested_amount", "approved_amount", "paid_sum", "recovered_sum", "repaid_sum", "participants_sum",
)


def _contribution_rows(applications, *leading):
    proof = ProofOfUse.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
    return applications.annotate(
        paid_sum=_sum_of(Payment, "amount"),
        recovered_sum=_sum_of(Recovery, "amount"),
        repaid_sum=_sum_of(Repayment, "principal_part"),
        participants_sum=Coalesce(Subquery(proof.values("participants_reached")[:1]), 0, output_field=IntegerField()),
    ).values_list(*leading, *COLUMNS).order_by()


def _month(moment):
    if moment is None:
        return NO_MONTH
    local = timezone.localtime(moment)
    return local.year * 100 + local.month


def _contribution(row):
    call, line, seat, org_type, submitted, decided, state, requested, approved, *sums = row
    key = (call, line, seat or NO_MUNICIPALITY, org_type or "", _month(submitted), _month(decided), state)
    paid, recovered, repaid, participants = sums
    return Contribution(key, (1, requested, approved or ZERO, paid, recovered, repaid, participants))


def snapshot(application_id):
    """What the application contributes now (None if it does not exist)."""
    row = _contribution_rows(Application.objects.filter(pk=application_id)).first()
    return None if row is None else _contribution(row)


def _entry_contribution(entry):
    return Contribution(
        tuple(getattr(entry, name) for name in KEY_FIELDS), tuple(getattr(entry, name) for name in MEASURES)
    )


def update(application_id):
    """Brings the cells up to date with the application's contribution now.

    The difference to what the application was last counted with
    (``ReportEntry``; none for a new application) goes into the cells.
    Call inside the transaction that changed the application.
    """
    entry = ReportEntry.objects.filter(pk=application_id).first()
    before = None if entry is None else _entry_contribution(entry)
    after = snapshot(application_id)
    if after == before:
        return
    cells = defaultdict(lambda: [0] * len(MEASURES))
    for contribution, sign in ((before, -1), (after, 1)):
        if contribution is not None:
            cell = cells[contribution.key]
            for i, value in enumerate(contribution.measures):
                cell[i] += sign * value
    states = defaultdict(int)
    # Cells in key order: two transactions moving applications between the
    # same two cells in opposite directions lock them in the same order.
    for key in sorted(cells):
        values = cells[key]
        states[(key[0], key[-1])] += values[0]
        if any(values):
            _add_cell(key, values)
    for (call_id, state) in sorted(states):
        if states[(call_id, state)]:
            _add_state_count(call_id, state, states[(call_id, state)])
    if after is None:
        ReportEntry.objects.filter(pk=application_id).delete()
    else:
        ReportEntry.objects.update_or_create(pk=application_id, defaults=_entry_fields(after))


def organisation_refresh(organisation_id):
    """Counts the organisation's applications with its current seat and type (after a profile change).

    One short transaction per application, each with only that
    application's row locked, as every other writer of its entry.
    """
    from funding.services.locks import lock_application

    for pk in Application.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True):
        with transaction.atomic():
            lock_application(pk, related=())
            update(pk)


def _entry_fields(contribution):
    return {**dict(zip(KEY_FIELDS, contribution.key)), **dict(zip(MEASURES, contribution.measures))}


def _upsert(table, keys, values, key_values, measure_values):
    columns = [*keys, *values]
    assignments = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in values)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {assignments}"
    )
    where = " AND ".join(f"{name} = %s" for name in keys)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key_values, *measure_values])
        # Every application counts 1 in exactly one cell: an empty cell has no sums left either.
        cursor.execute(f"DELETE FROM {table} WHERE {where} AND applications = 0", list(key_values))


def _add_cell(key, values):
    _upsert(ReportCell._meta.db_table, KEY_FIELDS, MEASURES, key, values)


def _add_state_count(call_id, state, count):
    _upsert(StateCount._meta.db_table, ("call_id", "state"), ("applications",), (call_id, state), (count,))


def _computed():
    """[(application id, Contribution)] of every application, computed from the applications."""
    rows = _contribution_rows(Application.objects.all(), "pk")
    return [(row[0], _contribution(row[1:])) for row in rows.iterator(chunk_size=5000)]


def _cells(contributions):
    cells = defaultdict(lambda: [0] * len(MEASURES))
    for contribution in contributions:
        cell = cells[contribution.key]
        for i, value in enumerate(contribution.measures):
            cell[i] += value
    return dict(cells)


def computed_cells():
    """{key: [measures]} computed from the applications."""
    return _cells(contribution for _pk, contribution in _computed())


def stored_cells():
    """{key: [measures]} as stored."""
    return {
        tuple(row[: len(KEY_FIELDS)]): list(row[len(KEY_FIELDS):])
        for row in ReportCell.objects.values_list(*KEY_FIELDS, *MEASURES)
    }


def stored_state_counts():
    return {(call_id, state): n for call_id, state, n in StateCount.objects.values_list("call_id", "state", "applications")}


def rebuild():
    """Replaces the three tables with figures computed from the applications; returns the number of cells."""
    with transaction.atomic():
        computed = _computed()
        cells = _cells(contribution for _pk, contribution in computed)
        for model in (ReportEntry, ReportCell, StateCount):
            model.objects.all().delete()
        ReportEntry.objects.bulk_create(
            (ReportEntry(application_id=pk, **_entry_fields(contribution)) for pk, contribution in computed),
            batch_size=5000,
        )
        ReportCell.objects.bulk_create(
            (ReportCell(**dict(zip(KEY_FIELDS, key)), **dict(zip(MEASURES, values))) for key, values in cells.items()),
            batch_size=5000,
        )
        counts = defaultdict(int)
        for key, values in cells.items():
            counts[(key[0], key[-1])] += values[0]
        StateCount.objects.bulk_create(
            StateCount(call_id=call_id, state=state, applications=n) for (call_id, state), n in counts.items()
        )
    return len(cells)
