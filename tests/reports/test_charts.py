import re
from decimal import Decimal

from funding.amounts import format_count
from funding.amounts import format_sum as format_money
from reports.charts import bar_chart, column_chart


def test_it_escapes_labels_and_titles():
    svg = bar_chart("c1", "Titel <b>", ["<script>alert(1)</script>"], [("Reihe & Co", [Decimal("1")])])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Titel &lt;b&gt;" in svg


def test_it_describes_the_chart_for_screen_readers():
    svg = bar_chart("budget", "Budget", ["A"], [("Budget", [Decimal("10")])])
    assert 'role="img"' in svg and 'aria-labelledby="budget-title budget-desc"' in svg
    assert '<title id="budget-title">Budget</title>' in svg


def test_it_draws_bars_in_proportion():
    svg = bar_chart("c", "T", ["A", "B"], [("S", [Decimal("100"), Decimal("25")])])
    widths = [float(w) for w in re.findall(r'<rect x="190" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] == 4 * widths[1]
    assert "100,00\u00a0€" in svg and "25,00\u00a0€" in svg


def test_it_draws_empty_data_without_dividing_by_zero():
    assert "<svg" in bar_chart("c", "T", [], [("S", [])])
    assert "<svg" in column_chart("m", "T", [], [("S", []), ("T", [])])
    assert "<svg" in bar_chart("z", "T", ["A"], [("S", [Decimal("0")])])


def test_it_shortens_long_labels_only_in_the_chart():
    label = "Sonderförderung für Migrantenselbstorganisationen 2017/2018"
    svg = bar_chart("c", "T", [label], [("S", [Decimal("1")])])
    assert label not in svg and "Sonderförderung für Migr…" in svg


def test_it_draws_one_column_per_month_and_series():
    svg = column_chart("m", "T", ["01/2024", "02/2024"], [("Eingänge", [3, 0]), ("Entscheidungen", [1, 2])])
    assert svg.count('<rect x="') == 2 + 4  # legend + columns
    assert format_count(12345) == "12.345" and format_money(Decimal("1")) == "1,00\u00a0€"
