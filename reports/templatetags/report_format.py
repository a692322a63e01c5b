"""German number formats for report pages and the Förderbericht."""

from decimal import Decimal

from django import template

from reports.charts import format_count, format_money

register = template.Library()


@register.filter
def count(value):
    """12345 -> '12.345'."""
    if value is None or value == "":
        return ""
    return format_count(value)


@register.filter
def decimal_de(value):
    """Decimal('12.5') -> '12,5'; '–' for None (no data)."""
    if value is None:
        return "–"
    return f"{Decimal(value):,}".replace(",", "#").replace(".", ",").replace("#", ".")


@register.filter
def report_value(value, kind):
    """Formats a figure by its kind (see reports.figures): money, count, percent, days."""
    if value is None:
        return "–"
    if kind == "money":
        return format_money(value)
    if kind == "count":
        return format_count(value)
    return decimal_de(value)
