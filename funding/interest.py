"""Interest under § 49a VwVfG: on refunds (Abs. 3) and on money used late (Abs. 4).

Five percentage points above the base rate of § 247 BGB per year. The base
rate is a dated table (``BaseRate``, editable in the admin): it changes on
1 January and 1 July, so a period is split wherever the rate changes and
summed period by period. Day count: every calendar day from the start day
up to, but not including, the end day bears interest at the rate valid on
that day; the year has 365 days (as in leap years). The sum is rounded once,
to the cent, half up, at the end.

A half-year after the last row of the table is not known yet: those days
are computed with the last rate entered and marked ``provisional``, and the
pages and the letter say so (docs/operations.md: keep the table current).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

SURCHARGE_POINTS = Decimal("5.00")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
YEAR_DAYS = Decimal(365)


class MissingBaseRate(Exception):
    """No base rate is entered for a day before the first row of the table."""


def add_months(day, months):
    """The same day ``months`` later (the last day of a shorter month)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RateTable:
    """The base rates as (valid from, percent), oldest first."""

    rows: tuple

    @classmethod
    def current(cls):
        from funding import prepared
        from funding.models import BaseRate

        return cls(tuple(prepared.rows(
            ("base-rates",), lambda: BaseRate.objects.order_by("valid_from").values_list("valid_from", "rate_percent"), {})))

    @property
    def known_until(self):
        """The first day no entered rate covers: the end of the last row's half-year."""
        return add_months(self.rows[-1][0], 6) if self.rows else date.min

    def rate_on(self, day):
        found = None
        for valid_from, rate in self.rows:
            if valid_from > day:
                break
            found = rate
        if found is None:
            raise MissingBaseRate(day)
        return found

    def change_days(self, start, end):
        """Days in (start, end) where a new row begins, plus the end of what is known."""
        days = {valid_from for valid_from, _rate in self.rows if start < valid_from < end}
        if start < self.known_until < end:
            days.add(self.known_until)
        return days


@dataclass(frozen=True)
class Period:
    """Days [start, end) on one principal at one rate."""

    start: date
    end: date
    principal: Decimal
    base_rate: Decimal
    provisional: bool

    @property
    def last_day(self):
        return date.fromordinal(self.end.toordinal() - 1)

    @property
    def days(self):
        return (self.end - self.start).days

    @property
    def rate(self):
        return self.base_rate + SURCHARGE_POINTS

    @property
    def exact_interest(self):
        return self.principal * self.rate / Decimal(100) * Decimal(self.days) / YEAR_DAYS

    @property
    def interest(self):
        """This period's share, rounded for display; the total is rounded once from the exact sum."""
        return self.exact_interest.quantize(CENT, rounding=ROUND_HALF_UP)

    def as_dict(self):
        return {
            "start": self.start.isoformat(), "end": self.last_day.isoformat(), "days": self.days,
            "principal": str(self.principal), "base_rate": str(self.base_rate), "rate": str(self.rate),
            "interest": str(self.interest), "provisional": self.provisional,
        }


def periods(events, start, end, table):
    """The periods of [start, end) for a principal that changes by (day, delta) ``events``.

    The principal on a day is the sum of the deltas of events on or before
    it. A new period begins at every event and every change of the rate.
    """
    if end <= start:
        return []
    cuts = {start, end} | table.change_days(start, end) | {day for day, _delta in events if start < day < end}
    cuts = sorted(cuts)
    found = []
    for left, right in zip(cuts, cuts[1:]):
        principal = sum((delta for day, delta in events if day <= left), ZERO)
        if principal <= 0:
            continue
        provisional = left >= table.known_until
        rate = table.rate_on(min(left, date.fromordinal(table.known_until.toordinal() - 1)))
        previous = found[-1] if found else None
        if previous and previous.end == left and previous.principal == principal and previous.base_rate == rate and previous.provisional == provisional:
            found[-1] = Period(previous.start, right, principal, rate, provisional)
        else:
            found.append(Period(left, right, principal, rate, provisional))
    return found


def total(found):
    """The interest of ``found`` periods, rounded once to the cent."""
    return sum((period.exact_interest for period in found), Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


def tranche_events(tranches):
    """(start, amount) tranches as principal events."""
    return [(start, Decimal(amount)) for start, amount in tranches]


def refund_tranches(payments, refund, effective_date):
    """The refund split over the payments it comes from, each bearing interest from max(effective date, payout).

    The refund is taken from the latest payments first: the money paid out
    last is the money most likely unused, and it bears the least interest
    (in favour of the recipient where the law leaves it open).
    ``payments``: (paid_on, amount) pairs.
    """
    left, tranches = Decimal(refund), []
    for paid_on, amount in sorted(payments, key=lambda pair: pair[0], reverse=True):
        if left <= 0:
            break
        part = min(Decimal(amount), left)
        tranches.append((max(effective_date, paid_on), part))
        left -= part
    return sorted(tranches)


def refund_interest(payments, refund, effective_date, until, table=None):
    """(periods, interest) on ``refund`` from the effective date (per payment never before its payout) to ``until``."""
    table = table or RateTable.current()
    tranches = refund_tranches(payments, refund, effective_date)
    if not tranches:
        return [], ZERO
    found = periods(tranche_events(tranches), tranches[0][0], until, table)
    return found, total(found)


def daily_interest(principal, table, day):
    """Interest for one further day after ``day``, for the letter's sentence on late payment."""
    rate = table.rate_on(min(day, date.fromordinal(table.known_until.toordinal() - 1))) + SURCHARGE_POINTS
    return (Decimal(principal) * rate / Decimal(100) / YEAR_DAYS).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Balance:
    """What a recovery leaves owed on ``day`` after the repayments so far."""

    day: date
    principal: Decimal
    interest: Decimal
    periods: list

    @property
    def total(self):
        return self.principal + self.interest


def balance(tranches, repayments, day, table=None):
    """Principal and interest owed on ``day``; each repayment pays interest first, then principal (§ 367 BGB).

    ``tranches``: (start, amount) of the refund; ``repayments``: (received_on,
    amount). Interest accrued up to a repayment is the cumulative sum,
    rounded once; what was paid towards interest before is deducted.
    """
    table = table or RateTable.current()
    if not tranches:
        return Balance(day, ZERO, ZERO, [])
    events, start = tranche_events(tranches), min(start for start, _amount in tranches)
    interest_paid = principal_paid = ZERO
    for received_on, amount in sorted(repayments):
        part = split_repayment(events, start, received_on, interest_paid, Decimal(amount), table)
        interest_paid += part[0]
        principal_paid += part[1]
        events.append((received_on, -part[1]))
    found = periods(events, start, day, table)
    principal = sum((Decimal(amount) for _start, amount in tranches), ZERO) - principal_paid
    return Balance(day, principal, max(total(found) - interest_paid, ZERO), found)


def split_repayment(events, start, received_on, interest_paid, amount, table):
    """(interest part, principal part) of a repayment received on ``received_on``."""
    owed = max(total(periods(events, start, received_on, table)) - interest_paid, ZERO)
    to_interest = min(amount, owed)
    return to_interest, amount - to_interest


@dataclass
class LateUse:
    """One payment's money not used within two months of its payout (ANBest-P Nr. 1.4, § 49a Abs. 4 VwVfG)."""

    paid_on: date
    amount: Decimal
    late_amount: Decimal = ZERO
    pieces: list = field(default_factory=list)  # (amount, used_on or None)
    periods: list = field(default_factory=list)
    interest: Decimal = ZERO

    @property
    def flagged(self):
        return self.late_amount > 0


def late_use(payments, uses, share, until, table=None, months=2):
    """Per payment: grant money used later than ``months`` after its payout, and the interest proposed.

    ``payments``: (paid_on, amount); ``uses``: (day, expenditure) from the
    receipts, of which ``share`` (the grant's part of the costs) is grant
    money. The grant is used first in, first out; money spent before a
    payout counts as used on the day of the payout. Money not shown as used
    by ``until`` counts until then. Interest runs from the payout until the
    use (§ 49a Abs. 4: "für die Zeit bis zur zweckentsprechenden Verwendung").
    """
    table = table or RateTable.current()
    rows = [LateUse(paid_on, Decimal(amount)) for paid_on, amount in sorted(payments)]
    left = [row.amount for row in rows]
    index = 0
    for day, expenditure in sorted(uses):
        need = (Decimal(expenditure) * Decimal(share)).quantize(CENT, rounding=ROUND_HALF_UP)
        while need > 0 and index < len(rows):
            part = min(need, left[index])
            rows[index].pieces.append((part, max(day, rows[index].paid_on)))
            left[index] -= part
            need -= part
            if left[index] == 0:
                index += 1
    for row, rest in zip(rows, left):
        if rest > 0:
            row.pieces.append((rest, None))
        deadline = add_months(row.paid_on, months)
        events = []
        for amount, used_on in row.pieces:
            end = used_on or until
            if end > deadline:
                row.late_amount += amount
                events += [(row.paid_on, amount), (end, -amount)]
        if events:
            row.periods = periods(events, row.paid_on, max(day for day, _delta in events), table)
            row.interest = total(row.periods)
    return rows
