"""What the proof-of-use audit finds, and the settlement it leads to.

Read by the audit page, the accepting service and the Prüfmitteilung, so all
three show the same figures:

- ``findings``: receipts dated outside the funding period, a receipt list
  whose total differs from the actual expenditure, plan lines exceeded by
  more than ANBest-P Nr. 1.2 allows (``funding.rules.OVERRUN_TOLERANCE``)
  and overruns not offset by savings elsewhere; each with its figures.
- ``recognised_default``: the eligible expenditure the auditor starts from:
  each line at most its plan plus the tolerance, the whole at most the plan,
  less receipts outside the funding period.
- ``audit_settlement``: the final grant (``funding.settlement``) against
  what was paid.
- ``late_use_proposal``: money not used within two months of its payout
  (ANBest-P Nr. 1.4), with the interest § 49a Abs. 4 VwVfG allows.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from funding import interest, prepared
from funding.amounts import format_money, format_plain
from funding.rules import OVERRUN_TOLERANCE, is_overrun
from funding.settlement import settlement_for

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str


def _day(value):
    return date_format(value, "d.m.Y")


def line_figures(application, proof):
    """(label, planned, actual) per line of the binding plan; lines outside the plan planned at 0 €."""
    actual_by_line, rows = {}, []
    extra = []
    for line in proof.lines.all():
        if line.cost_line_id:
            actual_by_line[line.cost_line_id] = actual_by_line.get(line.cost_line_id, ZERO) + line.actual_amount
        else:
            extra.append((line.description or line.get_category_display(), ZERO, line.actual_amount))
    for line in application.cost_lines.all():
        rows.append((line.description or line.get_category_display(), line.amount, actual_by_line.get(line.pk, ZERO)))
    return rows + extra


def outside_period(application, receipts):
    start, end = application.start_date, application.end_date
    return [r for r in receipts if (start and r.date < start) or (end and r.date > end)]


def findings(application, proof, receipts=None, lines=None):
    receipts = list(proof.receipts.all()) if receipts is None else receipts
    lines = line_figures(application, proof) if lines is None else lines
    found = []
    for receipt in outside_period(application, receipts):
        found.append(Finding("period", _(
            "Beleg vom %(day)s (%(payee)s, %(amount)s) liegt außerhalb des Bewilligungszeitraums %(start)s – %(end)s."
        ) % {"day": _day(receipt.date), "payee": receipt.payee, "amount": format_money(receipt.amount),
             "start": _day(application.start_date), "end": _day(application.end_date)}))
    actual_total = sum((actual for _label, _planned, actual in lines), ZERO)
    receipts_total = sum((receipt.amount for receipt in receipts), ZERO)
    if actual_total != receipts_total:
        found.append(Finding("totals", _(
            "Die Summe der Belege (%(receipts)s) weicht von den Ist-Ausgaben des zahlenmäßigen Nachweises (%(actual)s) um %(diff)s ab."
        ) % {"receipts": format_money(receipts_total), "actual": format_money(actual_total),
             "diff": format_money(abs(actual_total - receipts_total))}))
    for label, planned, actual in lines:
        if is_overrun(planned, actual):
            found.append(Finding("overrun", _(
                "„%(line)s“: Ist %(actual)s statt Plan %(planned)s, mehr als %(tolerance)s %% über dem Ansatz (ANBest-P Nr. 1.2)."
            ) % {"line": label, "actual": format_money(actual), "planned": format_money(planned),
                 "tolerance": format_plain(OVERRUN_TOLERANCE * 100)}))
    overrun = sum((max(actual - planned, ZERO) for _label, planned, actual in lines), ZERO)
    savings = sum((max(planned - actual, ZERO) for _label, planned, actual in lines), ZERO)
    if overrun > savings:
        found.append(Finding("offset", _(
            "Überschreitungen von %(overrun)s sind nur in Höhe von %(savings)s durch Einsparungen bei anderen Ansätzen ausgeglichen (ANBest-P Nr. 1.2)."
        ) % {"overrun": format_money(overrun), "savings": format_money(savings)}))
    return found


def recognised_default(application, proof, receipts=None, lines=None):
    """Eligible expenditure: lines capped at plan + 20 %, the whole at the plan, less receipts outside the period."""
    receipts = list(proof.receipts.all()) if receipts is None else receipts
    lines = line_figures(application, proof) if lines is None else lines
    capped = sum((min(actual, planned * (1 + OVERRUN_TOLERANCE)) for _l, planned, actual in lines), ZERO)
    planned_total = sum((planned for _l, planned, _a in lines), ZERO)
    outside = sum((receipt.amount for receipt in outside_period(application, receipts)), ZERO)
    return max(min(capped, planned_total) - outside, ZERO).quantize(Decimal("0.01"))


def other_income(proof):
    return (
        proof.own_funds_actual + proof.volunteer_work_actual + proof.third_party_funds_actual
        + proof.other_public_funds_actual
    )


def paid_total(application):
    return application.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def audit_settlement(application, proof, recognised=None, paid=None):
    """The Settlement of the proof: final grant by the line's financing type, against what was paid."""
    if recognised is None:
        recognised = recognised_default(application, proof)
    return settlement_for(
        financing_type=application.line.financing_type,
        approved=application.approved_amount or ZERO,
        planned_costs=application.total_costs(),
        expenditure=recognised,
        other_income=other_income(proof),
        paid=paid_total(application) if paid is None else paid,
    )


def grant_share(application):
    """The grant's part of each euro spent: approved grant / planned costs, at most 1."""
    costs = application.total_costs()
    if not costs:
        return Decimal(1)
    return min(Decimal(application.approved_amount or ZERO) / costs, Decimal(1))


def late_use_proposal(application, until=None, table=None, payments=None):
    """Per payment: money not shown as used within two months, and the interest proposed (§ 49a Abs. 4 VwVfG).

    Use is what the receipts show so far (the organisation keeps its
    Belegliste from the start of the project); ``until`` is the proof's
    submission or today. ``payments``: the application's payments, where the caller has loaded them.
    """
    payments = [(p.paid_on, p.amount) for p in (application.payments.all() if payments is None else payments)]
    proof = getattr(application, "proof", None) if _has_proof(application) else None
    receipts = _receipts(proof) if proof else []
    if until is None:
        submitted = getattr(proof, "submitted_at", None)
        until = timezone.localdate(submitted) if submitted else timezone.localdate()
    rows = interest.late_use(payments, receipts, grant_share(application), until, table)
    return rows, sum((row.interest for row in rows), ZERO)


def _receipts(proof):
    """(date, amount) of the proof's receipts; a query compiled once (``funding.prepared``) unless prefetched."""
    if "receipts" in getattr(proof, "_prefetched_objects_cache", {}):
        return [(r.date, r.amount) for r in proof.receipts.all()]
    from funding.models import Receipt

    return prepared.rows(("receipts",), lambda parent: Receipt.objects.filter(proof_id=parent).values_list("date", "amount"),
                         {"parent": proof.pk})


def _has_proof(application):
    from funding.models import ProofOfUse

    try:
        application.proof
    except ProofOfUse.DoesNotExist:
        return False
    return True
