"""Template helpers of the exchange platform."""

from django import template
from django.utils import timezone

from exchange import selectors

register = template.Library()


@register.filter
def localdate(value):
    """The local calendar day of an aware datetime (for grouping by day)."""
    return timezone.localtime(value).date()


@register.filter
def webcal(path, request):
    """The absolute webcal:// address of a feed, which calendar apps subscribe to."""
    return f"webcal://{request.get_host()}{path}"


@register.inclusion_tag("exchange/_dashboard.html", takes_context=True)
def exchange_dashboard(context):
    """The box on the organisations' start page: open agreements, consultations, invitations."""
    request, memberships = context["request"], context.get("memberships")
    organisations = None if memberships is None else [membership.organisation for membership in memberships]
    return {"overview": selectors.member_overview(request.user, organisations), "request": request,
            "csrf_token": context.get("csrf_token")}
