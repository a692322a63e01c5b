"""Admin for user accounts and second factors.

Accounts that appear in records are deactivated instead of deleted. A lost
second factor is reset with a recorded action, never by editing devices.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from funding.models import SecondFactorReset, StaffRole
from funding.services.second_factor import second_factor_reset
from funding.services.users import user_appears_in_records, user_deactivate

User = get_user_model()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records are shown, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


class StaffRoleInline(admin.TabularInline):
    """The person's roles, each in one authority (the Django groups grant nothing)."""

    model = StaffRole
    extra = 1


@admin.register(User)
class AccountAdmin(UserAdmin):
    actions = ["deactivate", "reset_second_factor"]
    inlines = [StaffRoleInline]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and user_appears_in_records(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Konten deaktivieren (statt löschen)"), permissions=["change"])
    def deactivate(self, request, queryset):
        for user in queryset:
            user_deactivate(user=user, by=request.user)
        self.message_user(request, _("Die Konten sind deaktiviert."), messages.SUCCESS)

    def has_reset_second_factor_permission(self, request):
        return request.user.is_superuser or request.user.has_perm("funding.add_secondfactorreset")

    @admin.action(description=_("Zweiten Faktor zurücksetzen (verlorenes Gerät)"), permissions=["reset_second_factor"])
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_reset(user=user, by=request.user)
        self.message_user(
            request,
            _("Der zweite Faktor ist zurückgesetzt. Die Person richtet bei der nächsten Anmeldung eine neue App ein."),
            messages.SUCCESS,
        )


@admin.register(SecondFactorReset)
class SecondFactorResetAdmin(ReadOnlyAdmin):
    list_display = ["reset_at", "user", "reset_by"]
    list_select_related = ["user", "reset_by"]


for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(TOTPDevice, StaticDevice, WebAuthnCredential)
class DeviceAdmin(ReadOnlyAdmin):
    """Devices are only listed; a lost one is removed by resetting the user's second factor."""

    list_display = ["user", "name", "confirmed"]
    list_select_related = ["user"]
    exclude = ["key", "public_key"]
