"""Staff roles.

Roles are Django groups, so the office can assign them in the admin. The
group names are the German job titles the office uses.
"""

REVIEWER = "Prüfung"
APPROVER = "Leitung"
FINANCE = "Kasse"
STAFF_ROLES = (REVIEWER, APPROVER, FINANCE)


def role_names(user):
    """The user's staff roles, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names"):
        names = set(user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True))
        if user.is_superuser:
            names = set(STAFF_ROLES)
        user._role_names = frozenset(names)
    return user._role_names


def is_reviewer(user):
    return REVIEWER in role_names(user)


def is_approver(user):
    return APPROVER in role_names(user)


def is_finance(user):
    return FINANCE in role_names(user)


def is_staff_member(user):
    return bool(role_names(user))
