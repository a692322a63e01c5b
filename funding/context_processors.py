from funding import roles


def staff_roles(request):
    user = request.user
    return {
        "is_staff_member": roles.is_staff_member(user),
        "is_reviewer": roles.is_reviewer(user),
        "is_approver": roles.is_approver(user),
        "is_finance": roles.is_finance(user),
    }
