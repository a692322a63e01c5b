"""Staff roles.

A role is held in one authority (``funding.models.StaffRole``): a person can
review in one authority and be nobody in another. The role names are the
German job titles the office uses; the Django groups of the same names are
kept for the admin only and grant nothing. A superuser holds every role in
every authority.
"""

REVIEWER = "Prüfung"
APPROVER = "Leitung"
FINANCE = "Kasse"
STAFF_ROLES = (REVIEWER, APPROVER, FINANCE)


def _held(user):
    """{authority id: frozenset of role names}, read once and cached on the user object for the request."""
    if not hasattr(user, "_staff_roles"):
        from funding.models import Authority, StaffRole

        held = {}
        if user.is_superuser:
            held = {pk: frozenset(STAFF_ROLES) for pk in Authority.objects.values_list("pk", flat=True)}
        else:
            for authority_id, role in StaffRole.objects.filter(user=user).values_list("authority_id", "role"):
                held.setdefault(authority_id, set()).add(role)
            held = {pk: frozenset(names) for pk, names in held.items()}
        user._staff_roles = held
    return user._staff_roles


def forget(user):
    """Drops the cached roles (after roles were given or taken in the same request or test)."""
    for name in ("_staff_roles",):
        user.__dict__.pop(name, None)


def _authority_id(authority):
    return getattr(authority, "pk", authority)


def role_names(user, authority=None):
    """The user's staff roles: in ``authority`` (an object or id), or in any authority."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset(STAFF_ROLES)
    held = _held(user)
    if authority is not None:
        return held.get(_authority_id(authority), frozenset())
    return frozenset().union(*held.values())


def authorities_of(user, role=None):
    """Ids of the authorities where the user holds ``role`` (any staff role when None)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(pk for pk, names in _held(user).items() if role is None or role in names)


def has_role(user, role, authority=None):
    return role in role_names(user, authority)


def is_reviewer(user, authority=None):
    return REVIEWER in role_names(user, authority)


def is_approver(user, authority=None):
    return APPROVER in role_names(user, authority)


def is_finance(user, authority=None):
    return FINANCE in role_names(user, authority)


def is_staff_member(user, authority=None):
    return bool(role_names(user, authority))
