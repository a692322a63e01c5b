"""Small template helpers for the applicant portal."""

import time

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def epoch_now():
    """Server time in seconds (float), for the page script's local copy."""
    return f"{time.time():.3f}"


@register.filter
def epoch(value):
    """A datetime as seconds since 1970 (float); "0" for None."""
    return f"{value.timestamp():.3f}" if value else "0"


@register.filter
def isolated(value):
    """``value`` in its own direction (``<bdi>``): a German name keeps its final period
    in an Arabic sentence instead of it jumping to the other end."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def applicant_state(application):
    """The state as the applicant reads it: plain words, no office shorthand."""
    from applicants.presentation import applicant_state_label

    return applicant_state_label(application)
