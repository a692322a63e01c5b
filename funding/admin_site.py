"""The Django admin, closed to sessions without a verified second factor."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from funding.middleware import needs_second_factor


class VerifiedAdminSite(admin.AdminSite):
    """Like the default site; with REQUIRE_STAFF_2FA on, only for verified sessions.

    The middleware already sends unverified staff to the second factor; the
    site checks again so that no other route (a middleware left out, a new
    exemption) opens the admin with the password alone.
    """

    def has_permission(self, request):
        return super().has_permission(request) and not needs_second_factor(request.user)


class MsoAdminConfig(AdminConfig):
    default_site = "funding.admin_site.VerifiedAdminSite"
