from django.conf import settings

from funding import languages, roles


def staff_roles(request):
    user = request.user
    staff = roles.is_staff_member(user)
    return {
        "site_operator": settings.SITE_OPERATOR,
        "is_staff_member": staff,
        "offered_languages": languages.offered_languages(request, staff=staff),
        "text_direction": "rtl" if languages.is_rtl() else "ltr",
        "is_reviewer": roles.is_reviewer(user),
        "is_approver": roles.is_approver(user),
        "is_finance": roles.is_finance(user),
    }
