"""Template filters for euro amounts and states."""

from django import template

from funding.amounts import format_eur

register = template.Library()


@register.filter
def euro(value):
    """1234.5 -> '1.234,50 €'; empty for None."""
    if value is None or value == "":
        return ""
    return format_eur(value)
