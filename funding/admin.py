"""Admin for reference data and configuration. The workflow state is
read-only here: it changes only through the workflow services."""

from django.contrib import admin
from django_fsm_log.models import StateLog
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from funding import models
from funding.admin_accounts import ReadOnlyAdmin


class FundingLineInline(TranslationStackedInline):  # names and descriptions per language
    model = models.FundingLine
    extra = 0


class ScoreCriterionInline(TranslationTabularInline):
    model = models.ScoreCriterion
    extra = 0


@admin.register(models.Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "city", "court_name"]


@admin.register(models.FundingProgramme)
class FundingProgrammeAdmin(TranslationAdmin):
    list_display = ["name", "authority"]


@admin.register(models.FundingCall)
class FundingCallAdmin(TranslationAdmin):
    list_display = ["name", "reference_prefix", "opens_on", "closes_on", "budget"]
    inlines = [FundingLineInline, ScoreCriterionInline]


@admin.register(models.StandardReason)
class StandardReasonAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "order"]


class CostLineInline(admin.TabularInline):
    model = models.CostLine
    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.is_draft


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    """After submission the file changes only through the workflow: every field is read-only here.

    Applications are never deleted in the admin; personal data goes through
    the retention service.
    """

    list_display = ["file_reference", "title", "organisation", "line", "state", "requested_amount", "approved_amount"]
    list_filter = ["state", "call", "line"]
    search_fields = ["file_reference", "title", "organisation__name"]
    readonly_fields = ["state", "file_reference", "approved_amount", "submitted_at", "decided_at", "declared_by", "declared_at"]
    raw_id_fields = ["organisation", "created_by", "assigned_reviewer"]
    inlines = [CostLineInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return [field.name for field in obj._meta.fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Letter)
class LetterAdmin(ReadOnlyAdmin):
    """Letters are stored once and never regenerated: no change, no deletion."""

    list_display = ["application", "kind", "sha256", "created_at"]
    list_select_related = ["application"]


@admin.register(models.Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "outcome", "amount", "decided_by", "decided_at"]
    list_select_related = ["application", "decided_by"]


@admin.register(models.Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["application", "amount", "paid_on", "reference", "recorded_by"]
    list_select_related = ["application", "recorded_by"]


@admin.register(models.Drawdown)
class DrawdownAdmin(ReadOnlyAdmin):
    list_display = ["application", "amount", "status", "requested_at"]
    list_select_related = ["application"]


@admin.register(models.Recovery)
class RecoveryAdmin(ReadOnlyAdmin):
    list_display = ["application", "amount", "interest_amount", "claimed_at", "repaid_on"]
    list_select_related = ["application"]


@admin.register(StateLog)
class StateLogAdmin(ReadOnlyAdmin):
    """The transition log (django-fsm-log): who moved which file when, and why."""

    list_display = ["timestamp", "content_type", "object_id", "transition", "state", "by"]
    list_filter = ["transition", "state"]
    list_select_related = ["content_type", "by"]


@admin.register(models.BulkLetterJob)
class BulkLetterJobAdmin(admin.ModelAdmin):
    """Old bulk ZIPs can be deleted here; the letters stay with their applications."""

    list_display = ["created_at", "created_by", "description", "status", "done", "failed", "total"]
    readonly_fields = [field.name for field in models.BulkLetterJob._meta.fields]

    def has_add_permission(self, request):
        return False

