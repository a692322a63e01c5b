"""Admin for reference data and configuration. The workflow state is
read-only here: it changes only through the workflow services."""

from django.contrib import admin

from funding import models


class FundingLineInline(admin.TabularInline):
    model = models.FundingLine
    extra = 0


class ScoreCriterionInline(admin.TabularInline):
    model = models.ScoreCriterion
    extra = 0


@admin.register(models.Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "city", "court_name"]


@admin.register(models.FundingProgramme)
class FundingProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "authority"]


@admin.register(models.FundingCall)
class FundingCallAdmin(admin.ModelAdmin):
    list_display = ["name", "reference_prefix", "opens_on", "closes_on", "budget"]
    inlines = [FundingLineInline, ScoreCriterionInline]


@admin.register(models.StandardReason)
class StandardReasonAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "order"]


class CostLineInline(admin.TabularInline):
    model = models.CostLine
    extra = 0


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["file_reference", "title", "organisation", "line", "state", "requested_amount", "approved_amount"]
    list_filter = ["state", "call", "line"]
    search_fields = ["file_reference", "title", "organisation__name"]
    readonly_fields = ["state", "file_reference", "approved_amount", "submitted_at", "decided_at", "declared_by", "declared_at"]
    raw_id_fields = ["organisation", "created_by", "assigned_reviewer"]
    inlines = [CostLineInline]


@admin.register(models.Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "sha256", "created_at"]
    readonly_fields = ["application", "kind", "file", "sha256", "size", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(models.BulkLetterJob)
class BulkLetterJobAdmin(admin.ModelAdmin):
    """Old bulk ZIPs can be deleted here; the letters stay with their applications."""

    list_display = ["created_at", "created_by", "description", "status", "done", "failed", "total"]
    readonly_fields = [field.name for field in models.BulkLetterJob._meta.fields]

    def has_add_permission(self, request):
        return False

from funding import admin_accounts  # noqa: E402,F401  (user accounts and second factors)
