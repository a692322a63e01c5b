"""Two-factor enforcement for staff roles."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from funding import roles

# Pages a staff member may reach before completing the second factor. The
# set-up page itself refuses users who already have a device.
_EXEMPT_URL_NAMES = (
    "otp_verify",
    "otp_setup",
    "logout",
    "healthz",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
)


def needs_second_factor(user):
    """Staff roles, Django staff and superusers must pass the second factor."""
    if not settings.REQUIRE_STAFF_2FA or not user.is_authenticated:
        return False
    if not (roles.is_staff_member(user) or user.is_staff or user.is_superuser):
        return False
    return not user.is_verified()


class StaffTwoFactorMiddleware:
    """Sends staff members who have not passed 2FA to the verification page.

    Active only when REQUIRE_STAFF_2FA is on (the production default).
    Applicants are not affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request.user) and not self._exempt(request.path):
            return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _exempt(self, path):
        exempt = {reverse(name) for name in _EXEMPT_URL_NAMES}
        return path in exempt or path.startswith(settings.STATIC_URL)


class NotFoundPageMiddleware:
    """A 404 raised by a view (no such object, or not yours, or not your role) shows
    the app's own page in the reader's language, also with DEBUG on, never the
    debug page that lists the URL patterns."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        return None
