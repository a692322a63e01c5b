"""Interest under § 49a VwVfG against hand-computed cases, to the cent.

Rate = base rate (§ 247 BGB, the seeded table) + 5 points. Every day from
the first interest day up to, not including, the end day counts at the rate
of that day; year = 365 days; the sum of the periods is rounded once.
"""

from datetime import date
from decimal import Decimal

import pytest

from funding import interest
from funding.interest import RateTable, balance, periods, refund_interest, total, tranche_events
from funding.models import BaseRate

pytestmark = pytest.mark.django_db


def test_it_seeds_the_published_base_rates():
    rates = dict(BaseRate.objects.values_list("valid_from", "rate_percent"))
    assert rates[date(2016, 7, 1)] == Decimal("-0.88")
    assert all(rates[date(year, month, 1)] == Decimal("-0.88") for year in range(2017, 2023) for month in (1, 7))
    expected = {
        date(2023, 1, 1): "1.62", date(2023, 7, 1): "3.12", date(2024, 1, 1): "3.62", date(2024, 7, 1): "3.37",
        date(2025, 1, 1): "2.27", date(2025, 7, 1): "1.27", date(2026, 1, 1): "1.27",
    }
    assert {day: rates[day] for day in expected} == {day: Decimal(v) for day, v in expected.items()}
    assert date(2026, 7, 1) not in rates  # not verifiable when seeded: the authority enters it
    assert RateTable.current().known_until == date(2026, 7, 1)


def test_it_crosses_two_rate_changes():
    # 10.000,00 € from 15.05.2023 up to 15.02.2024:
    #   15.05.–30.06.2023  47 days × 6,62 % (1,62 + 5): 10000 × 0.0662 × 47/365 =  85.2438…
    #   01.07.–31.12.2023 184 days × 8,12 % (3,12 + 5): 10000 × 0.0812 × 184/365 = 409.3369…
    #   01.01.–14.02.2024  45 days × 8,62 % (3,62 + 5): 10000 × 0.0862 × 45/365 = 106.2739…
    #   sum 219312/365 = 600.8547… → 600,85 €
    found = periods([(date(2023, 5, 15), Decimal("10000.00"))], date(2023, 5, 15), date(2024, 2, 15), RateTable.current())
    assert [(p.start, p.last_day, p.days, p.rate) for p in found] == [
        (date(2023, 5, 15), date(2023, 6, 30), 47, Decimal("6.62")),
        (date(2023, 7, 1), date(2023, 12, 31), 184, Decimal("8.12")),
        (date(2024, 1, 1), date(2024, 2, 14), 45, Decimal("8.62")),
    ]
    assert total(found) == Decimal("600.85")


def test_it_crosses_three_rate_changes_and_rounds_once():
    # 1.234,56 € from 10.11.2023 up to 20.01.2025:
    #   10.11.–31.12.2023  52 days × 8,12 %: 1234.56 × 8.12 × 52 / 36500 = 14.2816… (14,28)
    #   01.01.–30.06.2024 182 days × 8,62 %: 1234.56 × 8.62 × 182 / 36500 = 53.0637… (53,06)
    #   01.07.–31.12.2024 184 days × 8,37 %: 1234.56 × 8.37 × 184 / 36500 = 52.0909… (52,09)
    #   01.01.–19.01.2025  19 days × 7,27 %: 1234.56 × 7.27 × 19 / 36500 =  4.6720… ( 4,67)
    #   exact sum 124.1084… → 124,11 € (rounding each period first would give 124,10 €)
    found = periods([(date(2023, 11, 10), Decimal("1234.56"))], date(2023, 11, 10), date(2025, 1, 20), RateTable.current())
    assert [p.days for p in found] == [52, 182, 184, 19]
    assert [p.interest for p in found] == [Decimal("14.28"), Decimal("53.06"), Decimal("52.09"), Decimal("4.67")]
    assert sum(p.interest for p in found) == Decimal("124.10")
    assert total(found) == Decimal("124.11")


def test_it_counts_each_payment_from_its_payout_and_takes_the_refund_from_the_latest():
    # Paid 3.000 € on 01.03.2023 and 2.000 € on 15.08.2023; refund 2.500 €, effective 01.02.2023, due 31.03.2024.
    # The refund comes first from the later payment: 2.000 € from 15.08.2023, 500 € from 01.03.2023
    # (never before the payout, although the revocation is effective from 01.02.2023).
    #   01.03.–30.06.2023   500 € × 6,62 % × 122 days = 403820/36500 = 11.0635…
    #   01.07.–14.08.2023   500 € × 8,12 % ×  45 days = 182700/36500 =  5.0054…
    #   15.08.–31.12.2023 2.500 € × 8,12 % × 139 days = 2821700/36500 = 77.3068…
    #   01.01.–30.03.2024 2.500 € × 8,62 % ×  90 days = 1939500/36500 = 53.1369…
    #   sum 5347720/36500 = 146.5128… → 146,51 €
    payments = [(date(2023, 3, 1), Decimal("3000.00")), (date(2023, 8, 15), Decimal("2000.00"))]
    found, amount = refund_interest(payments, Decimal("2500.00"), date(2023, 2, 1), date(2024, 3, 31))
    assert [(p.start, p.principal, p.days) for p in found] == [
        (date(2023, 3, 1), Decimal("500.00"), 122),
        (date(2023, 7, 1), Decimal("500.00"), 45),
        (date(2023, 8, 15), Decimal("2500.00"), 139),
        (date(2024, 1, 1), Decimal("2500.00"), 90),
    ]
    assert amount == Decimal("146.51")


def test_it_marks_days_after_the_last_entered_half_year_as_provisional():
    # 1.000 € from 01.06.2026 up to 01.08.2026; the rate from 01.07.2026 is not entered:
    #   01.06.–30.06.2026 30 days × 6,27 % = 188100/36500 = 5.1534…
    #   01.07.–31.07.2026 31 days × 6,27 % (last rate, provisional) = 194370/36500 = 5.3252…
    #   sum 382470/36500 = 10.4786… → 10,48 €
    found = periods([(date(2026, 6, 1), Decimal("1000"))], date(2026, 6, 1), date(2026, 8, 1), RateTable.current())
    assert [(p.days, p.provisional) for p in found] == [(30, False), (31, True)]
    assert total(found) == Decimal("10.48")


def test_it_uses_a_rate_entered_later_in_the_admin():
    BaseRate.objects.create(valid_from=date(2026, 7, 1), rate_percent=Decimal("2.00"))
    # 01.07.–31.07.2026 31 days × 7,00 % on 1.000 € = 217000/36500 = 5.9452… → 5,95 €
    found = periods([(date(2026, 7, 1), Decimal("1000"))], date(2026, 7, 1), date(2026, 8, 1), RateTable.current())
    assert [(p.rate, p.provisional) for p in found] == [(Decimal("7.00"), False)]
    assert total(found) == Decimal("5.95")


def test_it_applies_a_partial_repayment_to_interest_first():
    # 1.000 € from 01.01.2025 at 7,27 %. Repaid 500 € on 31.01.2025 after 30 days:
    #   interest 1000 × 7.27 × 30 / 36500 = 5.9753… → 5,98 €; the 500 € pay 5,98 € interest and 494,02 € principal.
    # On 02.03.2025 (30 more days on 505,98 €): cumulative exact interest 5.9753… + 3.0234… = 8.9987… → 9,00 €,
    #   less 5,98 € paid = 3,02 € interest; principal 505,98 €; owed 509,00 €.
    tranches = [(date(2025, 1, 1), Decimal("1000.00"))]
    owed = balance(tranches, [(date(2025, 1, 31), Decimal("500.00"))], date(2025, 3, 2))
    assert (owed.principal, owed.interest, owed.total) == (Decimal("505.98"), Decimal("3.02"), Decimal("509.00"))
    settled = balance(tranches, [(date(2025, 1, 31), Decimal("500.00")), (date(2025, 3, 2), Decimal("509.00"))], date(2025, 3, 2))
    assert settled.total == Decimal("0.00")


def test_it_proposes_interest_for_money_used_later_than_two_months():
    # 4.000 € paid on 01.02.2025, grant share 100 %. Receipts: 1.000 € on 15.03.2025 (in time),
    # 3.000 € on 16.05.2025 (after 01.04.2025, two months after the payout).
    # Interest on 3.000 € from 01.02. up to 16.05.2025, 104 days × 7,27 % = 3000 × 7.27 × 104 / 36500 = 62.1435… → 62,14 €
    rows = interest.late_use(
        [(date(2025, 2, 1), Decimal("4000.00"))],
        [(date(2025, 3, 15), Decimal("1000.00")), (date(2025, 5, 16), Decimal("3000.00"))],
        Decimal(1), date(2025, 12, 1), RateTable.current(),
    )
    (row,) = rows
    assert (row.late_amount, row.interest, row.flagged) == (Decimal("3000.00"), Decimal("62.14"), True)
    assert [p.days for p in row.periods] == [104]


def test_it_counts_unused_money_until_today_and_not_in_time_money_at_all():
    # 1.000 € paid 01.09.2025; 600 € used on 20.09.2025 (in time); 400 € not used by 01.12.2025.
    # 01.09.–30.11.2025, 91 days × 6,27 % on 400 € = 400 × 6.27 × 91 / 36500 = 6.2529… → 6,25 €
    (row,) = interest.late_use(
        [(date(2025, 9, 1), Decimal("1000.00"))], [(date(2025, 9, 20), Decimal("600.00"))], Decimal(1),
        date(2025, 12, 1), RateTable.current(),
    )
    assert (row.late_amount, row.interest) == (Decimal("400.00"), Decimal("6.25"))
    assert tranche_events([(date(2025, 1, 1), 5)]) == [(date(2025, 1, 1), Decimal(5))]
