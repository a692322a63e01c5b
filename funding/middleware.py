"""Two-factor enforcement for staff roles."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from funding import roles

# Pages a staff member may reach before completing the second factor.
_EXEMPT_URL_NAMES = ("otp_verify", "otp_setup", "logout", "healthz")


class StaffTwoFactorMiddleware:
    """Sends staff members who have not passed 2FA to the verification page.

    Active only when REQUIRE_STAFF_2FA is on (the production default).
    Applicants are not affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_second_factor(request):
            return redirect(f"{reverse('otp_verify')}?next={request.path}")
        return self.get_response(request)

    def _needs_second_factor(self, request):
        if not settings.REQUIRE_STAFF_2FA:
            return False
        user = request.user
        if not user.is_authenticated or not (roles.is_staff_member(user) or user.is_staff):
            return False
        if user.is_verified():
            return False
        exempt = {reverse(name) for name in _EXEMPT_URL_NAMES}
        return request.path not in exempt and not request.path.startswith(settings.STATIC_URL)
