"""The money after approval in the reports: settled, paid, final payments, recovered, repaid.

``kept_flow`` reads the figures the workflow keeps per (call, line, seat)
in ``FlowCell`` (``funding.summary_flow``): one grouped query over at most
a few hundred cells, whatever the number of applications, for every
filter but a period. ``money_flow`` aggregates the same figures live from
the selection's proofs of use, payments, drawdowns, hearings, recoveries
and repayments (a period of receipt, ``report_figures(live=True)``, and
the tests that compare both). Both return one ``Flow`` per funding line;
``flow_table`` adds them up. The reconciliation it shows:

    settled grants = paid to the settled files + final payments still open
                     − recovered from them − refunds still in the hearing

so "Abweichung" is 0 unless a figure was changed past the services. The
final grant of the selection counts the settled grant where the proof of
use was audited, else the approved (or amended) amount less recoveries.
Hearings count with their intended refund while the file is settled and
the hearing on a refund is open (an Anhörung on interest for late use is
not part of the grant); interest claimed is that of decided claims.
"""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.utils.translation import gettext_lazy as _

from funding.models import Drawdown, FlowCell, Hearing, Payment, Recovery, Repayment
from funding.summary_flow import MEASURES
from funding.workflow import FUNDED_STATES

ZERO = Decimal("0.00")
SETTLED = Q(proof__settled_amount__isnull=False)


@dataclass
class Flow:
    """The money after approval of one group of applications."""

    funded: int = 0  # funded applications (a line is listed when it has any)
    approved: Decimal = ZERO  # approved (after amendments) of funded applications
    settled_files: int = 0
    approved_settled: Decimal = ZERO  # what the settled files had been approved
    settled: Decimal = ZERO  # Festgesetzte Zuwendung after the audit of the proof of use
    paid: Decimal = ZERO  # every payment
    paid_settled: Decimal = ZERO  # payments to the settled files
    final_payments: Decimal = ZERO  # booked Schlusszahlungen (part of paid)
    final_payments_open: Decimal = ZERO  # released Schlusszahlungen not yet booked
    in_hearing: Decimal = ZERO  # intended refunds of settled files whose hearing is still open
    recovered: Decimal = ZERO  # claimed in Rückforderungsbescheide (principal)
    recovered_settled: Decimal = ZERO
    repaid: Decimal = ZERO  # principal part of the booked repayments
    interest_claimed: Decimal = ZERO  # interest of the Rückforderungsbescheide up to their due date
    interest_received: Decimal = ZERO  # interest part of the booked repayments

    def add(self, other):
        for spec in fields(self):
            setattr(self, spec.name, getattr(self, spec.name) + getattr(other, spec.name))

    @property
    def outstanding(self):
        """Recovered principal not yet repaid."""
        return self.recovered - self.repaid

    @property
    def final_grant(self):
        """Settled grant where settled, otherwise approved less recovered."""
        unsettled = (self.approved - self.approved_settled) - (self.recovered - self.recovered_settled)
        return self.settled + unsettled

    @property
    def kept(self):
        """What stayed with the recipients: paid less repaid principal."""
        return self.paid - self.repaid

    @property
    def difference(self):
        """Settled grants against what the money of the settled files adds up to (0 when consistent)."""
        return self.settled - (self.paid_settled + self.final_payments_open - self.recovered_settled - self.in_hearing)

    def values(self):
        """[(value, kind)] in the order of COLUMNS."""
        return [(getattr(self, name), kind) for name, _label, kind in COLUMNS]


# (attribute, label, kind of value) in the order of the table and the XLSX block.
COLUMNS = (
    ("approved", _("Bewilligt"), "money"),
    ("settled_files", _("Festgesetzte Vorhaben"), "count"),
    ("settled", _("Festgesetzt"), "money"),
    ("paid", _("Ausgezahlt"), "money"),
    ("final_payments", _("davon Schlusszahlungen"), "money"),
    ("final_payments_open", _("Schlusszahlungen offen"), "money"),
    ("recovered", _("Zurückgefordert"), "money"),
    ("repaid", _("Zurückgezahlt"), "money"),
    ("outstanding", _("Rückforderungen offen"), "money"),
    ("interest_claimed", _("Zinsen festgesetzt"), "money"),
    ("interest_received", _("Zinsen eingegangen"), "money"),
    ("final_grant", _("Endgültige Zuwendung"), "money"),
    ("difference", _("Abweichung"), "money"),
)


def _grouped(queryset, line, *keys, **sums):
    return queryset.values_list(line, *keys).annotate(**sums).order_by()


def _add(flows, line, **values):
    flow = flows.setdefault(line, Flow())
    for name, value in values.items():
        setattr(flow, name, getattr(flow, name) + (value or 0))


_KEPT = [name for name in MEASURES if name != "applications"]


def flow_sums(cells):
    """(line id, sums …) of ``FlowCell`` rows: the query of ``kept_flow``."""
    return cells.values_list("line_id").annotate(*(Sum(name) for name in _KEPT)).order_by()


def flows_of(rows):
    """{line id: Flow} of the rows of ``flow_sums``."""
    return {line: Flow(**dict(zip(_KEPT, values))) for line, *values in rows}


def kept_flow(cells):
    """{line id: Flow} of the selection's ``FlowCell`` rows (``reports.cells.flow_cells``), one query."""
    return flows_of(flow_sums(cells))


def money_flow(applications):
    """{line id: Flow} of the selection, aggregated live (six grouped queries)."""
    flows = {}
    funded = applications.filter(state__in=FUNDED_STATES)
    rows = _grouped(funded, "line", funded=Count("pk"), n=Count("pk", filter=SETTLED), approved=Sum("approved_amount"),
                    approved_settled=Sum("approved_amount", filter=SETTLED), settled=Sum("proof__settled_amount"))
    for line, count, n, approved, approved_settled, settled in rows:
        _add(flows, line, funded=count, settled_files=n, approved=approved, approved_settled=approved_settled,
             settled=settled)
    mine = {"application__in": applications}
    settled_flag = "unsettled"
    flag = {settled_flag: ExpressionWrapper(Q(application__proof__settled_amount__isnull=True), BooleanField())}
    payments = Payment.objects.filter(**mine).annotate(**flag)
    for line, unsettled, kind, amount in _grouped(payments, "application__line", settled_flag, "drawdown__kind", amount=Sum("amount")):
        _add(flows, line, paid=amount, paid_settled=ZERO if unsettled else amount,
             final_payments=amount if kind == Drawdown.Kind.FINAL else ZERO)
    open_final = Drawdown.objects.filter(**mine, kind=Drawdown.Kind.FINAL, status=Drawdown.Status.RELEASED)
    for line, amount in _grouped(open_final, "application__line", amount=Sum("amount")):
        _add(flows, line, final_payments_open=amount)
    hearings = Hearing.objects.filter(**mine, kind=Hearing.Kind.REFUND, recovery__isnull=True,
                                      application__proof__settled_amount__isnull=False)
    for line, amount in _grouped(hearings, "application__line", amount=Sum("intended_refund")):
        _add(flows, line, in_hearing=amount)
    recoveries = Recovery.objects.filter(**mine).annotate(**flag)
    decided = Q(status=Recovery.Status.CLAIMED)  # not a proposed or dismissed interest claim
    for line, unsettled, amount, interest in _grouped(
        recoveries, "application__line", settled_flag, amount=Sum("amount"),
        interest=Sum("interest_amount", filter=decided)
    ):
        _add(flows, line, recovered=amount, recovered_settled=ZERO if unsettled else amount, interest_claimed=interest)
    repayments = Repayment.objects.filter(**mine)
    for line, principal, interest in _grouped(
        repayments, "application__line", principal=Sum("principal_part"), interest=Sum("interest_part")
    ):
        _add(flows, line, repaid=principal, interest_received=interest)
    return flows


@dataclass
class FlowTable:
    """Rows (label, Flow) by funding line and their total, as the templates and the XLSX show them."""

    rows: list
    total: Flow

    @property
    def columns(self):
        return [label for _name, label, _kind in COLUMNS]

    def printed_parts(self, first=6):
        """The table for a landscape page in two parts (the first ``first`` figures, then the rest).

        Fourteen columns side by side leave about 16 mm each, too narrow for
        "Schlusszahlungen" or "1.234.567,89 €" without breaking inside words;
        each part repeats the funding line, so every row reads on its own.
        """
        parts = []
        for start, end in ((0, first), (first, len(COLUMNS))):
            parts.append({
                "columns": self.columns[start:end],
                "rows": [(label, flow.values()[start:end]) for label, flow in self.rows],
                "total": self.total.values()[start:end],
            })
        return parts


def flow_table(flows, lines):
    """The FlowTable of ``flows`` ({line id: Flow}): the funding lines with funded applications, named with their call.

    ``lines``: the funding lines of the calls in scope (with their call), in the order of the report.
    """
    lines = [line for line in lines if line.pk in flows and flows[line.pk].funded]
    several_calls = len({line.call_id for line in lines}) > 1
    rows = [(f"{line.name} ({line.call})" if several_calls else line.name, flows[line.pk]) for line in lines]
    total = Flow()
    for _label, flow in rows:
        total.add(flow)
    return FlowTable(rows, total)
