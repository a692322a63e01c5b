"""Template filters for euro amounts and states."""

from decimal import Decimal

from django import template

from funding.amounts import format_eur

register = template.Library()


@register.filter
def euro(value):
    """1234.5 -> '1.234,50 €'; empty for None."""
    if value is None or value == "":
        return ""
    return format_eur(value)


@register.filter
def percent(value):
    """Decimal('80.00') -> '80 %', Decimal('6.27') -> '6,27 %' (German style)."""
    if value is None or value == "":
        return ""
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return f"{text.replace('.', ',')}\u00a0%"


@register.filter
def state_label(value):
    """'in_review' -> 'In Prüfung'."""
    from funding.workflow import State

    return dict(State.choices).get(value, value)


@register.filter
def ratio_percent(value):
    """Decimal('0.25') -> '+25,0 %'; a signed share shown as percent."""
    if value is None:
        return ""
    percent_value = (value * 100).quantize(Decimal("0.1"))
    sign = "+" if percent_value > 0 else ""
    return f"{sign}{percent_value}".replace(".", ",") + "\u00a0%"
