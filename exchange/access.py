"""Who may see and change what on the exchange platform.

"KI staff" are the case workers of the integration centre: the groups
"Prüfung" and "Leitung" from ``funding.roles`` (and superusers). They
moderate events, plan meetings, run consultations, keep the partners and
see the networking picture. "Kasse" (finance) has no part in the exchange.

Every view that loads an object goes through a helper here. Whoever may
not see an object gets 404, exactly as if it did not exist; the public
sees published data only.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from applicants.models import Membership
from funding import roles
from funding.decorators import role_required

ki_staff_required = role_required(roles.is_reviewer, roles.is_approver)


def is_ki_staff(user):
    return roles.is_reviewer(user) or roles.is_approver(user)


def require_ki_staff(user):
    if not is_ki_staff(user):
        raise Http404


def member_organisation_ids(user):
    """Ids of the organisations the user belongs to (cached for the request)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_exchange_org_ids"):
        user._exchange_org_ids = frozenset(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
    return user._exchange_org_ids


def get_for_members(queryset, user, pk, *, field="organisation"):
    """An object whose ``field`` is one of the user's organisations, else 404."""
    return get_object_or_404(queryset.filter(**{f"{field}__in": member_organisation_ids(user)}), pk=pk)


def get_for_members_or_staff(queryset, user, pk, *, field="organisation"):
    if is_ki_staff(user):
        return get_object_or_404(queryset, pk=pk)
    return get_for_members(queryset, user, pk, field=field)
