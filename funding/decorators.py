from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from funding import roles


def role_required(*checks):
    """Login required, then one of the role checks; others get 404."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(check(request.user) for check in checks):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


staff_required = role_required(roles.is_staff_member)
reviewer_required = role_required(roles.is_reviewer)
approver_required = role_required(roles.is_approver)
finance_required = role_required(roles.is_finance)
# Reviewers and approvers: the proof-of-use audit and bulk letters.
case_worker_required = role_required(roles.is_reviewer, roles.is_approver)
