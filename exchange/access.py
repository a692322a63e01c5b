"""Who may see and change what on the exchange platform.

"KI staff" are the case workers of the integration centre: the groups
"Prüfung" and "Leitung" from ``funding.roles`` (and superusers). They
moderate events, plan meetings, run consultations, keep the partners and
see the networking picture. "Kasse" (finance) has no part in the exchange.
Staff work on the entries of the authorities where they hold one of these
roles (``ki_scoped``): meetings and consultations name their authority,
events and partners belong to their municipality's.

Every view that loads an object goes through a helper here. Whoever may
not see an object gets 404, exactly as if it did not exist; the public
sees published data only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from applicants.models import Membership
from funding import roles, tenancy
from funding.decorators import role_required
from funding.models import Authority

KI_ROLES = (roles.REVIEWER, roles.APPROVER)
ki_staff_required = role_required(roles.is_reviewer, roles.is_approver)


def is_ki_staff(user):
    return roles.is_reviewer(user) or roles.is_approver(user)


def ki_scoped(queryset, user):
    """The rows of ``queryset`` in the authorities where ``user`` is KI staff; others are not found."""
    return tenancy.for_roles(queryset, user, KI_ROLES)


def ki_authorities(user):
    """The authorities where ``user`` is KI staff, in a stable order (the first is the default for new entries)."""
    return ki_scoped(Authority.objects.order_by("pk"), user)


def default_authority(user):
    """The authority a new meeting or consultation of ``user`` belongs to when none was chosen."""
    authority = ki_authorities(user).first()
    if authority is None:
        raise PermissionDenied
    return authority


def get_for_ki_staff(queryset, user, pk):
    return get_object_or_404(ki_scoped(queryset, user), pk=pk)


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
        return get_object_or_404(ki_scoped(queryset, user) | queryset.filter(
            **{f"{field}__in": member_organisation_ids(user)}), pk=pk)
    return get_for_members(queryset, user, pk, field=field)
