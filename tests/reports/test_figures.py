from decimal import Decimal

from django.http import QueryDict

from reports.figures import report_figures
from reports.filters import report_filter


def figures_for(query=""):
    report = report_filter(QueryDict(query))
    assert report.is_valid(), report.errors
    return report_figures(report)


def test_it_computes_the_known_totals_of_one_call(known):
    figures = figures_for(f"call={known.call.pk}")
    t = figures.totals
    assert (t.applications, t.funded, t.rejected) == (5, 3, 1)
    assert t.requested == Decimal("33000.00")
    assert t.approved == Decimal("20000.00")
    assert t.paid == Decimal("19000.00")
    assert t.recovered == Decimal("1500.00")
    assert t.net == Decimal("18500.00")
    assert t.participants == 150
    assert t.organisations == 3
    assert t.approval_rate == Decimal("75.0")
    assert figures.first_time_organisations == 2
    assert figures.median_days == Decimal("25.0")
    assert figures.p90_days == Decimal("37.0")
    assert figures.budget == Decimal("100000.00")
    assert figures.remaining == Decimal("80000.00")


def test_it_keeps_remaining_budgets_of_whole_lines_whatever_the_narrowing(known):
    for query in (f"call={known.call.pk}", f"line={known.start.pk}", "date_from=2024-03-01"):
        calls = {call.label: call for call in figures_for(query).calls}
        call = calls["Aufruf 2024"]
        assert call.remaining == Decimal("80000.00"), query
        start = next(line for line in call.lines if line.label == "Anschub")
        assert (start.budget, start.remaining) == (Decimal("20000.00"), Decimal("16000.00")), query
