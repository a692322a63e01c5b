"""What one application contributes to the money after approval (``FlowCell``, read by ``reports.flow``).

``funding.summary`` reads an application's contribution in the same query
as its report figures (``annotations`` adds the sums of its proof of use,
payments, Schlusszahlungen, hearings, recoveries and repayments), compares
it with the one it was last counted with (``FlowEntry``) and adds the
difference to the application's cell (call, line, seat) with the same
upsert as the report cells, in the transaction of every step that moves
money: transitions (approval, amendment, audit, release and booking of
drawdowns and payment runs, hearing, recovery, interest claims) and the
repayments booked without one. An application with nothing to count
(not funded, no money moved) has no entry and counts in no cell.

The definitions are those of ``reports.flow.money_flow``, which aggregates
the same figures live (tests compare both):

- approved, settled files, approved and settled amounts count only while
  the application is funded;
- a file is *settled* once the audit fixed its grant (``settled_amount``);
  what was paid to it, recovered from it and is still in a hearing on a
  refund counts in the ``…_settled`` and ``in_hearing`` figures;
- interest claimed: the interest of decided claims (every refund recovery,
  interest claims for late use once decided), not of proposals.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from funding.models import Drawdown, FlowCell, FlowEntry, Hearing, Payment, ProofOfUse, Recovery, Repayment
from funding.workflow import FUNDED_STATES

ZERO = Decimal("0.00")
KEY_FIELDS = ("call_id", "line_id", "municipality_id")
MEASURES = (
    "applications", "funded", "approved", "settled_files", "approved_settled", "settled", "paid", "paid_settled",
    "final_payments", "final_payments_open", "in_hearing", "recovered", "recovered_settled", "repaid",
    "interest_claimed", "interest_received",
)
FUNDED_STATE_SET = frozenset(FUNDED_STATES)
# The annotations ``funding.summary`` adds to its contribution rows, in this order.
COLUMNS = ("settled_sum", "final_paid_sum", "final_open_sum", "hearing_sum", "interest_claimed_sum",
           "interest_received_sum")


@dataclass(frozen=True)
class FlowContribution:
    key: tuple  # values of KEY_FIELDS
    measures: tuple  # values of MEASURES


def sum_of(model, column, **conditions):
    """The sum of ``column`` over the application's rows of ``model`` (0 without any), as a subquery."""
    rows = model.objects.filter(application=OuterRef("pk"), **conditions).order_by().values("application")
    return Coalesce(Subquery(rows.annotate(total=Sum(column)).values("total")[:1]), ZERO)


def annotations():
    """{name: expression} of COLUMNS for a queryset of applications."""
    settled = ProofOfUse.objects.filter(application=OuterRef("pk")).values("settled_amount")[:1]
    return {
        "settled_sum": Subquery(settled),  # None: not settled (or no proof of use)
        "final_paid_sum": sum_of(Payment, "amount", drawdown__kind=Drawdown.Kind.FINAL),
        "final_open_sum": sum_of(Drawdown, "amount", kind=Drawdown.Kind.FINAL, status=Drawdown.Status.RELEASED),
        "hearing_sum": sum_of(Hearing, "intended_refund", kind=Hearing.Kind.REFUND, recovery__isnull=True),
        "interest_claimed_sum": sum_of(Recovery, "interest_amount", status=Recovery.Status.CLAIMED),
        "interest_received_sum": sum_of(Repayment, "interest_part"),
    }


def contribution(key, state, approved, paid, recovered, repaid, columns):
    """The FlowContribution of one application (None when it has nothing to count).

    ``key``: (call, line, seat); ``columns``: the values of COLUMNS.
    """
    settled_amount, final_paid, final_open, hearing, interest_claimed, interest_received = columns
    funded, settled = state in FUNDED_STATE_SET, settled_amount is not None
    approved = (approved or ZERO) if funded else ZERO
    measures = (
        1, int(funded), approved, int(funded and settled), approved if settled else ZERO,
        settled_amount if funded and settled else ZERO, paid, paid if settled else ZERO, final_paid, final_open,
        hearing if settled else ZERO, recovered, recovered if settled else ZERO, repaid, interest_claimed,
        interest_received,
    )
    if not any(measures[1:]):
        return None
    return FlowContribution(key, measures)


def entry(application_id):
    """The contribution the application was last counted with (None: not counted)."""
    row = FlowEntry.objects.filter(pk=application_id).values_list(*KEY_FIELDS, *MEASURES).first()
    return None if row is None else FlowContribution(row[: len(KEY_FIELDS)], row[len(KEY_FIELDS):])


def changes(before, after):
    """[(cell key, measure differences)] from ``before`` to ``after``, in key order (the lock order)."""
    cells = {}
    for flow, sign in ((before, -1), (after, 1)):
        if flow is not None:
            cell = cells.setdefault(flow.key, [0] * len(MEASURES))
            for i, value in enumerate(flow.measures):
                cell[i] += sign * value
    return sorted((key, values) for key, values in cells.items() if any(values))


def save_entry(application_id, flow):
    if flow is None:
        FlowEntry.objects.filter(pk=application_id).delete()
    else:
        FlowEntry.objects.update_or_create(pk=application_id, defaults=_fields(flow))


def _fields(flow):
    return {**dict(zip(KEY_FIELDS, flow.key)), **dict(zip(MEASURES, flow.measures))}


def cells(flows):
    """{key: [measures]} of the contributions."""
    result = {}
    for flow in flows:
        if flow is None:
            continue
        cell = result.setdefault(flow.key, [0] * len(MEASURES))
        for i, value in enumerate(flow.measures):
            cell[i] += value
    return result


def stored_cells():
    """{key: [measures]} as stored."""
    rows = FlowCell.objects.values_list(*KEY_FIELDS, *MEASURES)
    return {tuple(row[: len(KEY_FIELDS)]): list(row[len(KEY_FIELDS):]) for row in rows}


def replace(computed):
    """Stores [(application id, FlowContribution or None)] as the entries and their cells."""
    FlowEntry.objects.all().delete()
    FlowCell.objects.all().delete()
    flows = [(pk, flow) for pk, flow in computed if flow is not None]
    FlowEntry.objects.bulk_create((FlowEntry(application_id=pk, **_fields(flow)) for pk, flow in flows),
                                  batch_size=5000)
    kept = cells(flow for _pk, flow in flows)
    FlowCell.objects.bulk_create(
        (FlowCell(**dict(zip(KEY_FIELDS, key)), **dict(zip(MEASURES, values))) for key, values in kept.items()),
        batch_size=5000,
    )
    return len(kept)
