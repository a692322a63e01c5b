"""The financing plan a decision makes binding, fitted to the funding line's financing type.

A Zuwendungsbescheid states the financing type of its funding line, and the
plan attached to it (Anlage 1, binding) must fit that type (VV Nr. 2 zu
§ 44 LHO NRW):

- Anteilfinanzierung: the grant is a fixed share of the eligible costs. The
  share is the one applied for (requested grant / costs); a lower grant
  lowers the eligible costs at the same share.
- Fehlbedarfsfinanzierung: the grant covers what the own and third-party
  funds leave open; a lower grant lowers the eligible costs by the same
  amount, the other funds stay.
- Vollfinanzierung: the grant covers the eligible costs less third-party and
  other public funds; no own share is required, so the approved plan shows
  none (own funds applied for are not part of the binding plan).
- Festbetragsfinanzierung: a fixed amount; the eligible costs stay, what the
  lower amount leaves open is the recipient's own share.

``approved_plan`` is pure arithmetic on Decimal, cent-exact, with rounding
differences on the recipient's side; the plan always balances.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from funding.amounts import format_money
from funding.models import FundingLine

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
FinancingType = FundingLine.FinancingType


@dataclass(frozen=True)
class PlanRow:
    label: str
    requested: Decimal
    approved: Decimal
    note: str = ""


@dataclass(frozen=True)
class ApprovedPlan:
    financing_type: str
    requested_costs: Decimal  # total costs applied for
    eligible_costs: Decimal  # zuwendungsfähige Ausgaben laut Bescheid
    grant_requested: Decimal
    grant: Decimal
    rows: tuple  # PlanRow of the other funds, in the order of the application form
    rate: Decimal | None  # share of the eligible costs in per cent (Anteilfinanzierung), else grant / costs

    @property
    def is_share(self):
        return self.financing_type == FinancingType.SHARE

    @property
    def reduced(self):
        return self.eligible_costs < self.requested_costs

    @property
    def cost_reduction(self):
        return self.requested_costs - self.eligible_costs

    @property
    def total(self):
        return sum((row.approved for row in self.rows), ZERO) + self.grant

    @property
    def total_requested(self):
        return sum((row.requested for row in self.rows), ZERO) + self.grant_requested


def _cents(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _scaled(amounts, factor, total):
    """``amounts`` times ``factor`` in cents, the last one absorbing the rounding so they sum to ``total``."""
    scaled = [_cents(amount * factor) for amount in amounts]
    if scaled:
        scaled[0] += total - sum(scaled, ZERO)  # own funds take the rounding cent
    return scaled


def approved_plan(application, grant, cost_lines=None):
    """The plan that becomes binding when ``grant`` is approved for ``application``."""
    lines = cost_lines if cost_lines is not None else list(application.cost_lines.all())
    costs = sum((line.amount for line in lines), ZERO)
    requested = application.requested_amount
    labels = (
        "Eigenmittel", "Eigenleistung (ehrenamtliche Arbeit)", "Drittmittel", "Andere öffentliche Mittel",
    )
    applied = [application.own_funds, application.volunteer_work, application.third_party_funds,
               application.other_public_funds]
    kind = application.line.financing_type
    notes = [""] * 4
    rate = None
    if kind == FinancingType.SHARE and requested and costs:
        eligible = costs if grant >= requested else _cents(grant * costs / requested)
        approved = _scaled(applied, eligible / costs, eligible - grant)
        rate = _cents(requested * 100 / costs)
    elif kind == FinancingType.FULL:
        approved = [ZERO, ZERO, applied[2], applied[3]]
        if applied[0] or applied[1]:
            notes[0] = notes[1] = "kein Eigenanteil verlangt"
        eligible = grant + applied[2] + applied[3]
    elif kind == FinancingType.FIXED:
        eligible = costs
        approved = list(applied)
        approved[0] += costs - grant - sum(applied, ZERO)
    else:  # Fehlbedarfsfinanzierung; also a share plan without costs
        approved = list(applied)
        eligible = grant + sum(applied, ZERO)
    if rate is None and eligible:
        rate = _cents(grant * 100 / eligible)
    rows = tuple(PlanRow(label, req, app, note) for label, req, app, note in zip(labels, applied, approved, notes))
    return ApprovedPlan(kind, costs, eligible, requested, grant, rows, rate)


def check_line_approvals(plan, cost_lines, approvals):
    """What is wrong with the approved cost lines of a partial approval, as messages; empty when they fit.

    ``approvals`` maps each cost line's pk to ``(approved amount, reason)``.
    Each line is approved at most at its requested amount, a reduced line
    names its reason, and the lines add up to the eligible costs of
    ``plan``, the plan of the approved grant fitted to the financing type.
    """
    errors, total = [], ZERO
    for line in cost_lines:
        name = {"line": f"„{line.description}“ ({line.get_category_display()})"}
        amount, reason = approvals.get(line.pk, (None, ""))
        if not isinstance(amount, Decimal) or amount < 0 or amount != amount.quantize(CENT):
            errors.append(_("Bitte geben Sie für die Kostenposition %(line)s den anerkannten Betrag in Euro und Cent an.") % name)
            continue
        total += amount
        if amount > line.amount:
            errors.append(_(
                "Die Kostenposition %(line)s kann höchstens mit dem beantragten Betrag von %(requested)s anerkannt "
                "werden, nicht mit %(amount)s."
            ) % {**name, "requested": format_money(line.amount), "amount": format_money(amount)})
        elif amount < line.amount and not (reason or "").strip():
            errors.append(_("Bitte begründen Sie die Kürzung der Kostenposition %(line)s; der Grund steht in Anlage 1.") % name)
    if not errors and total != plan.eligible_costs:
        errors.append(_(
            "Die anerkannten Kostenpositionen ergeben %(total)s. Bei %(type)s und einem bewilligten Betrag von "
            "%(grant)s betragen die zuwendungsfähigen Ausgaben %(eligible)s; bitte gleichen Sie die Beträge an."
        ) % {
            "total": format_money(total), "type": FinancingType(plan.financing_type).label,
            "grant": format_money(plan.grant), "eligible": format_money(plan.eligible_costs),
        })
    if any(row.approved < 0 for row in plan.rows) or plan.total != plan.eligible_costs:
        errors.append(_(
            "Der Finanzierungsplan geht mit diesem Betrag nicht auf; bitte prüfen Sie den bewilligten Betrag und die "
            "Finanzierung des Antrags."
        ))
    return errors
