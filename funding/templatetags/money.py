"""Template filters for amounts, counts and percentages, in the reader's notation.

The only template-tag library that formats numbers; every filter hands the
work to ``funding.amounts``. German pages read "1.234,56 €" and "80 %",
English ones "€1,234.56" and "80%"; letters are rendered in German.
"""

from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from funding.amounts import (
    format_count,
    format_money,
    format_number,
    format_percent,
    format_plain,
    format_ratio,
    format_sum,
)

register = template.Library()


def _blank(value):
    return value is None or value == ""


@register.filter
def euro(value):
    """Decimal("1234.5") -> "1.234,50 €"; empty for None."""
    return "" if _blank(value) else format_money(value)


@register.filter
def percent(value):
    """Decimal("80.00") -> "80 %", Decimal("6.27") -> "6,27 %"."""
    if _blank(value):
        return ""
    return format_percent(value if isinstance(value, (Decimal, int)) else Decimal(str(value)))


@register.filter
def ratio_percent(value):
    """Decimal("0.25") -> "+25,0 %"; a signed share shown as percent."""
    return "" if value is None else format_ratio(value)


@register.filter
def count(value):
    """12345 -> "12.345"."""
    return "" if _blank(value) else format_count(value)


@register.filter
def number(value):
    """Decimal("12.5") -> "12,5"; "–" for None (no data)."""
    return "–" if value is None else format_number(Decimal(value))


@register.filter
def plain(value):
    """Decimal("80.00") -> "80", Decimal("1.50") -> "1,5": a rate or weight without trailing zeros."""
    return "" if _blank(value) else format_plain(Decimal(value))


@register.filter
def report_value(value, kind):
    """Formats a report figure by its kind (see reports.figures): money, count, percent, days."""
    if value is None:
        return "–"
    if kind == "money":
        return format_sum(value)
    if kind == "count":
        return format_count(value)
    return format_number(Decimal(value))


@register.filter
def report_cells(values):
    """[(value, kind)] -> the row's ``<td class="num">`` cells, formatted as ``report_value`` (one node per row)."""
    return mark_safe("".join(f'<td class="num">{escape(report_value(value, kind))}</td>' for value, kind in values))


@register.filter
def count_cells(pairs):
    """[(label, count)] -> the row's ``<td class="num">`` cells of the counts (one node per row)."""
    return mark_safe("".join(f'<td class="num">{escape(count(value))}</td>' for _label, value in pairs))
