"""Keeps ``StateCount``, ``ReportCell``, ``OrganisationFigure``, ``OrganisationTally`` and ``FlowCell`` current,
and rebuilds them.

Every write that changes what an application contributes to the figures
(its state, amounts, payments, recoveries, repayments, proof of use) calls
``update`` inside its transaction (``funding.services.transitions``, draft
creation and edits, repayments booked without a transition). The money
after approval is kept the same way (``funding.summary_flow``). ``update`` compares the application's
contribution now with the one it was last counted with (``ReportEntry``)
and adds the difference to the cells with an upsert (``INSERT … ON
CONFLICT DO UPDATE``), so two transactions that touch the same cell both
count; emptied cells are removed. One application counts in a few cells of
every grain (``funding.models.summary``): per seat and over all seats,
per line, per call over all its lines and per authority over all its calls
(what the dashboard reads without a line or call filter). An
organisation's funded applications per line, call, authority and in all are counted
the same way; the earliest decision date of them only ever moves earlier
in the workflow (a funded application stays funded), so it is kept with
``LEAST``; when an application leaves the funded ones past that rule, the
date is computed again from the applications. The application row is locked by then,
so its entry has one writer at a time. How many organisations are funded
per scope, and how many of them for the first time there, is kept from the
difference an application made to its organisation's rows
(``OrganisationTally``), with the organisation's row locked.
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
from django.db.models import IntegerField, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from funding import summary_flow
from funding.models import (
    Application,
    FlowCell,
    OrganisationFigure,
    OrganisationTally,
    Payment,
    ProofOfUse,
    Recovery,
    Repayment,
    ReportCell,
    ReportEntry,
    StateCount,
)
from funding.models.summary import (
    ALL_LINES,
    ALL_MUNICIPALITIES,
    GRAIN_DAYS,
    GRAIN_DECIDED,
    GRAIN_SEAT,
    GRAIN_STATE,
    GRAIN_SUBMITTED,
    GRAIN_TYPE,
    NO_MONTH,
    NO_MUNICIPALITY,
    authority_key,
)
from funding.workflow import FUNDED_STATES, SUBMITTED_STATES, State

ZERO = Decimal("0.00")
# What one application is counted with (ReportEntry's columns).
KEY_FIELDS = ("call_id", "line_id", "municipality_id", "org_type", "submitted_month", "decided_month", "state")
EXTRA_FIELDS = ("organisation_id", "funded_at", "processing_days", "authority_id")
MEASURES = ("applications", "requested", "approved", "paid", "recovered", "repaid", "participants")
# A report cell's key.
CELL_FIELDS = ("grain", "municipality_id", "call_id", "line_id", "org_type", "state", "bucket")
FUNDED_STATE_SET = frozenset(FUNDED_STATES)
SUBMITTED_STATE_SET = frozenset(SUBMITTED_STATES)
SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Contribution:
    key: tuple  # values of KEY_FIELDS
    measures: tuple  # values of MEASURES
    extra: tuple = (0, None, None, 0)  # values of EXTRA_FIELDS


COLUMNS = (
    "call_id", "line_id", "organisation__municipality_id", "organisation__org_type", "submitted_at", "decided_at",
    "state", "requested_amount", "approved_amount", "organisation_id", "call__programme__authority_id",
    "paid_sum", "recovered_sum", "repaid_sum", "participants_sum", *summary_flow.COLUMNS,
)


def _contribution_rows(applications, *leading):
    proof = ProofOfUse.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
    return applications.annotate(
        paid_sum=summary_flow.sum_of(Payment, "amount"),
        recovered_sum=summary_flow.sum_of(Recovery, "amount"),
        repaid_sum=summary_flow.sum_of(Repayment, "principal_part"),
        participants_sum=Coalesce(Subquery(proof.values("participants_reached")[:1]), 0, output_field=IntegerField()),
        **summary_flow.annotations(),
    ).values_list(*leading, *COLUMNS).order_by()


def _month(moment):
    if moment is None:
        return NO_MONTH
    local = timezone.localtime(moment)
    return local.year * 100 + local.month


def processing_days(submitted, decided):
    """Whole days from receipt to decision (the bucket of the percentiles), None without both."""
    if submitted is None or decided is None:
        return None
    return int((decided - submitted).total_seconds() // SECONDS_PER_DAY)


def _contribution(row):
    """(Contribution, FlowContribution or None) of one row of ``_contribution_rows``."""
    call, line, seat, org_type, submitted, decided, state, requested, approved, organisation, authority, *sums = row
    key = (call, line, seat or NO_MUNICIPALITY, org_type or "", _month(submitted), _month(decided), state)
    paid, recovered, repaid, participants, *flow_columns = sums
    funded_at = decided if state in FUNDED_STATE_SET else None
    flow = summary_flow.contribution((call, line, key[2]), state, approved, paid, recovered, repaid, flow_columns)
    return Contribution(key, (1, requested, approved or ZERO, paid, recovered, repaid, participants),
                        (organisation, funded_at, processing_days(submitted, decided), authority)), flow


def outcome(state):
    """The state that stands for the state's outcome in the coarser cells: funded, rejected, submitted, neither."""
    if state in FUNDED_STATE_SET:
        return State.APPROVED.value
    if state == State.REJECTED:
        return State.REJECTED.value
    return State.SUBMITTED.value if state in SUBMITTED_STATE_SET else State.DRAFT.value


def cells_of(contribution):
    """[(cell key, measures)]: the cells of every grain the application counts in.

    The state cells per line; the others per line, per call over all its
    lines and per authority over all its calls.
    """
    call, line, seat, org_type, submitted, decided, state = contribution.key
    measures, days, authority = contribution.measures, contribution.extra[2], contribution.extra[3]
    count = (1,) + (0,) * (len(MEASURES) - 1)
    result = [((GRAIN_STATE, municipality, call, line, "", state, 0), measures)
              for municipality in (ALL_MUNICIPALITIES, seat)]
    for scope in ((call, line), (call, ALL_LINES), (authority_key(authority), ALL_LINES)):
        for municipality in (ALL_MUNICIPALITIES, seat):
            for grain, bucket in ((GRAIN_SUBMITTED, submitted), (GRAIN_DECIDED, decided)):
                if bucket != NO_MONTH:
                    result.append(((grain, municipality, *scope, "", "", bucket), count))
            if days is not None:
                result.append(((GRAIN_DAYS, municipality, *scope, "", "", days), count))
        result.append(((GRAIN_TYPE, ALL_MUNICIPALITIES, *scope, org_type, state, 0), measures))
        result.append(((GRAIN_TYPE, seat, *scope, org_type, outcome(state), 0), measures))
        result.append(((GRAIN_SEAT, seat, *scope, "", outcome(state), 0), measures))
    return result


def snapshot(application_id):
    """(Contribution, FlowContribution) of the application now ((None, None) if it does not exist)."""
    row = _contribution_rows(Application.objects.filter(pk=application_id)).first()
    return (None, None) if row is None else _contribution(row)


def _entry_contribution(entry):
    return Contribution(
        tuple(getattr(entry, name) for name in KEY_FIELDS),
        tuple(getattr(entry, name) for name in MEASURES),
        tuple(getattr(entry, name) for name in EXTRA_FIELDS),
    )


def _add(cells, contributions, sign=1):
    for contribution in contributions:
        for key, measures in cells_of(contribution):
            cell = cells[key]
            for i, value in enumerate(measures):
                cell[i] += sign * value


def update(application_id):
    """Brings the figures up to date with the application's contribution now.

    The difference to what the application was last counted with
    (``ReportEntry``; none for a new application) goes into the cells.
    Call inside the transaction that changed the application.
    """
    entry = ReportEntry.objects.filter(pk=application_id).first()
    before = None if entry is None else _entry_contribution(entry)
    after, flow = snapshot(application_id)
    _update_flow(application_id, flow)
    if after == before:
        return
    cells = defaultdict(lambda: [0] * len(MEASURES))
    _add(cells, [before] if before else [], -1)
    _add(cells, [after] if after else [])
    # Cells in key order: two transactions moving applications between the
    # same two cells in opposite directions lock them in the same order.
    changed = sorted((key, values) for key, values in cells.items() if any(values))
    if changed:
        _upsert(ReportCell._meta.db_table, CELL_FIELDS, MEASURES, changed)
    states = defaultdict(int)
    for contribution, sign in ((before, -1), (after, 1)):
        if contribution is not None:
            states[(contribution.key[0], contribution.key[-1])] += sign
    counts = sorted((key, (n,)) for key, n in states.items() if n)
    if counts:
        _upsert(StateCount._meta.db_table, ("call_id", "state"), ("applications",), counts)
    _update_organisation_figures(before, after)
    if after is None:
        ReportEntry.objects.filter(pk=application_id).delete()
    else:
        ReportEntry.objects.update_or_create(pk=application_id, defaults=_entry_fields(after))


def _update_flow(application_id, after):
    """Adds the difference of the application's money after approval to its flow cells."""
    before = summary_flow.entry(application_id)
    if after == before:
        return
    changed = summary_flow.changes(before, after)
    if changed:
        _upsert(FlowCell._meta.db_table, summary_flow.KEY_FIELDS, summary_flow.MEASURES, changed)
    summary_flow.save_entry(application_id, after)


def _funding(contribution):
    """(organisation, call, line, authority, decision date) if the application is funded, else None."""
    if contribution is None or contribution.key[-1] not in FUNDED_STATE_SET:
        return None
    organisation, funded_at, _days, authority = contribution.extra
    return organisation, contribution.key[0], contribution.key[1], authority, funded_at


def _scopes(organisation, call, line, authority):
    """The organisation's figures the application counts in: its line, call, authority and all."""
    return [(organisation, call, line), (organisation, call, 0), (organisation, authority_key(authority), 0),
            (organisation, 0, 0)]


def _update_organisation_figures(before, after):
    """Counts the application's funding in its organisation's rows per line, call and in all, and the
    organisations per scope (``OrganisationTally``) by the difference it made to them.

    The organisations' rows are locked first (their ``applicants_organisation``
    rows, in id order): two applications of one organisation decided at once
    each compare the rows before and after their own change, never the rows
    the other is about to change.
    """
    old, new = _funding(before), _funding(after)
    if old == new:
        return
    organisations = sorted({funding[0] for funding in (old, new) if funding is not None})
    _lock_organisations(organisations)
    tallies_before = [_tally_of(_figures_of(organisation)) for organisation in organisations]
    _change_organisation_figures(old, new)
    changes = defaultdict(lambda: [0, 0])
    for organisation, tally in zip(organisations, tallies_before):
        for sign, counted in ((-1, tally), (1, _tally_of(_figures_of(organisation)))):
            for scope, first_time in counted.items():
                changes[scope][0] += sign
                changes[scope][1] += sign * first_time
    changed = sorted((scope, values) for scope, values in changes.items() if any(values))
    if changed:
        _upsert(OrganisationTally._meta.db_table, ("call_id", "line_id"), ("funded", "first_time"), changed,
                emptied="funded")


def _lock_organisations(organisations):
    from applicants.models import Organisation

    list(Organisation.objects.select_for_update(no_key=True).filter(pk__in=organisations).order_by("pk")
         .values_list("pk", flat=True))


def _figures_of(organisation):
    """[(call, line, funded, first funded)] of the organisation's rows."""
    return list(OrganisationFigure.objects.filter(organisation_id=organisation).values_list(
        "call_id", "line_id", "funded", "first_funded"))


def _tally_of(figures):
    """{(call, line): 1 if it is the organisation's first grant ever there, else 0} over its scopes with funded
    applications: what the organisation counts in ``OrganisationTally``. A scope without a decision date counts
    no first grant (as the dashboard's comparison of the dates, where NULL equals nothing)."""
    ever = next((first for call, line, _funded, first in figures if call == 0 and line == 0), None)
    return {(call, line): int(first is not None and first == ever)
            for call, line, funded, first in figures if funded > 0}


def _change_organisation_figures(old, new):
    """Moves the application's funding ``old`` to ``new`` ((organisation, call, line, authority, date) or None)
    in its organisations' rows."""
    changes = defaultdict(lambda: [0, None])  # scope: [funded, earliest new date]
    if new is not None:
        for scope in _scopes(*new[:4]):
            changes[scope] = [1, new[4]]
    if old is not None:
        for scope in _scopes(*old[:4]):
            changes[scope][0] -= 1
    table = OrganisationFigure._meta.db_table
    for (organisation, call, line), (delta, earliest) in sorted(changes.items()):
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (organisation_id, call_id, line_id, funded, first_funded) "
                f"VALUES (%s, %s, %s, %s, %s) ON CONFLICT (call_id, line_id, organisation_id) DO UPDATE SET "
                f"funded = {table}.funded + excluded.funded, "
                f"first_funded = CASE WHEN excluded.first_funded IS NULL THEN {table}.first_funded "
                f"WHEN {table}.first_funded IS NULL OR excluded.first_funded < {table}.first_funded "
                f"THEN excluded.first_funded ELSE {table}.first_funded END",
                # As the ORM stores it (SQLite: the text the recomputation below writes too, so they compare).
                [organisation, call, line, delta, connection.ops.adapt_datetimefield_value(earliest)],
            )
            cursor.execute(f"DELETE FROM {table} WHERE organisation_id = %s AND call_id = %s AND line_id = %s "
                           "AND funded <= 0", [organisation, call, line])
    if old is not None and old[4] is not None:  # left the funded ones or changed its date: the earliest anew
        for organisation, call, line in _scopes(*old[:4]):
            funded = Application.objects.filter(organisation_id=organisation, state__in=FUNDED_STATES,
                                                decided_at__isnull=False)
            if call < 0:
                funded = funded.filter(call__programme__authority_id=-call)
            elif call:
                funded = funded.filter(call_id=call)
            if line:
                funded = funded.filter(line_id=line)
            OrganisationFigure.objects.filter(organisation_id=organisation, call_id=call, line_id=line).update(
                first_funded=funded.aggregate(first=Min("decided_at"))["first"])


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
    return {**dict(zip(KEY_FIELDS, contribution.key)), **dict(zip(MEASURES, contribution.measures)),
            **dict(zip(EXTRA_FIELDS, contribution.extra))}


def _upsert(table, keys, values, rows, emptied="applications"):
    """Adds [(key values, measure values)] to the rows of ``table`` in one statement; removes emptied ones (the
    column ``emptied`` at 0)."""
    columns = [*keys, *values]
    assignments = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in values)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([placeholders] * len(rows))} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {assignments}"
    )
    where = " OR ".join(["(" + " AND ".join(f"{name} = %s" for name in keys) + ")"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for key, measures in rows for value in (*key, *measures)])
        # Every application (organisation) counts 1 in each cell it is in: an empty cell has no sums left either.
        cursor.execute(f"DELETE FROM {table} WHERE {emptied} = 0 AND ({where})",
                       [value for key, _measures in rows for value in key])


def _computed_with_flows():
    """[(application id, Contribution, FlowContribution or None)] of every application, from the applications."""
    rows = _contribution_rows(Application.objects.all(), "pk")
    return [(row[0], *_contribution(row[1:])) for row in rows.iterator(chunk_size=5000)]


def _computed():
    """[(application id, Contribution)] of every application, computed from the applications."""
    return [(pk, contribution) for pk, contribution, _flow in _computed_with_flows()]


def computed_flow_cells():
    """{(call, line, seat): [measures]} of ``FlowCell`` computed from the applications."""
    return summary_flow.cells(flow for _pk, _contribution, flow in _computed_with_flows())


def _cells(contributions):
    cells = defaultdict(lambda: [0] * len(MEASURES))
    _add(cells, contributions)
    return dict(cells)


def _organisation_figures(contributions):
    figures = {}
    for contribution in contributions:
        funding = _funding(contribution)
        if funding is None:
            continue
        for scope in _scopes(*funding[:4]):
            funded, first = figures.get(scope, (0, None))
            earliest = funding[4] if first is None or (funding[4] is not None and funding[4] < first) else first
            figures[scope] = (funded + 1, earliest)
    return figures


def computed_cells():
    """{key: [measures]} computed from the applications."""
    return _cells(contribution for _pk, contribution in _computed())


def computed_organisation_figures():
    return _organisation_figures(contribution for _pk, contribution in _computed())


def organisation_tallies(figures):
    """{(call, line): (organisations, first-time ones)} of {(organisation, call, line): (funded, first funded)}."""
    by_organisation = defaultdict(list)
    for (organisation, call, line), (funded, first) in figures.items():
        by_organisation[organisation].append((call, line, funded, first))
    tallies = defaultdict(lambda: [0, 0])
    for rows in by_organisation.values():
        for scope, first_time in _tally_of(rows).items():
            tallies[scope][0] += 1
            tallies[scope][1] += first_time
    return {scope: tuple(values) for scope, values in tallies.items()}


def computed_organisation_tallies():
    return organisation_tallies(computed_organisation_figures())


def stored_organisation_tallies():
    rows = OrganisationTally.objects.values_list("call_id", "line_id", "funded", "first_time")
    return {(call, line): (funded, first_time) for call, line, funded, first_time in rows}


def stored_cells():
    """{key: [measures]} as stored."""
    return {
        tuple(row[: len(CELL_FIELDS)]): list(row[len(CELL_FIELDS):])
        for row in ReportCell.objects.values_list(*CELL_FIELDS, *MEASURES)
    }


def stored_organisation_figures():
    rows = OrganisationFigure.objects.values_list("organisation_id", "call_id", "line_id", "funded", "first_funded")
    return {(organisation, call, line): (funded, first) for organisation, call, line, funded, first in rows}


def stored_state_counts():
    return {(call_id, state): n for call_id, state, n in StateCount.objects.values_list("call_id", "state", "applications")}


def rebuild():
    """Replaces the kept figures with figures computed from the applications; returns the number of cells."""
    with transaction.atomic():
        with_flows = _computed_with_flows()
        flow_cells = summary_flow.replace([(pk, flow) for pk, _contribution, flow in with_flows])
        computed = [(pk, contribution) for pk, contribution, _flow in with_flows]
        contributions = [contribution for _pk, contribution in computed]
        cells = _cells(contributions)
        for model in (ReportEntry, ReportCell, StateCount, OrganisationFigure, OrganisationTally):
            model.objects.all().delete()
        ReportEntry.objects.bulk_create(
            (ReportEntry(application_id=pk, **_entry_fields(contribution)) for pk, contribution in computed),
            batch_size=5000,
        )
        ReportCell.objects.bulk_create(
            (ReportCell(**dict(zip(CELL_FIELDS, key)), **dict(zip(MEASURES, values))) for key, values in cells.items()),
            batch_size=5000,
        )
        figures = _organisation_figures(contributions)
        OrganisationFigure.objects.bulk_create(
            (OrganisationFigure(organisation_id=organisation, call_id=call, line_id=line, funded=funded,
                                first_funded=first)
             for (organisation, call, line), (funded, first) in figures.items()),
            batch_size=5000,
        )
        OrganisationTally.objects.bulk_create(
            OrganisationTally(call_id=call, line_id=line, funded=funded, first_time=first_time)
            for (call, line), (funded, first_time) in organisation_tallies(figures).items()
        )
        counts = defaultdict(int)
        for contribution in contributions:
            counts[(contribution.key[0], contribution.key[-1])] += 1
        StateCount.objects.bulk_create(
            StateCount(call_id=call_id, state=state, applications=n) for (call_id, state), n in counts.items()
        )
    return len(cells) + flow_cells
