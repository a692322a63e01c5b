from django.contrib import admin

from applicants import models


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "official_key"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "org_type", "is_verified"]
    list_filter = ["org_type", "municipality", "is_verified"]
    search_fields = ["name"]
    inlines = [MembershipInline]
