from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from applicants import models
from applicants.services.organisations import organisation_set_verified


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "official_key"]


@admin.register(models.RegisterCourt)
class RegisterCourtAdmin(admin.ModelAdmin):
    list_display = ["name", "authority", "order"]
    list_filter = ["authority"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "org_type", "is_verified"]
    list_filter = ["org_type", "municipality", "is_verified"]
    search_fields = ["name"]
    inlines = [MembershipInline]
    actions = ["mark_verified"]
    # Bank details change in the portal and are confirmed by staff (four eyes).
    readonly_fields = ["account_holder", "iban", "bic", "is_verified", "verified_at", "verified_by"]

    @admin.action(description=_("Als geprüft markieren"))
    def mark_verified(self, request, queryset):
        for organisation in queryset:
            organisation_set_verified(organisation=organisation, user=request.user, verified=True)
