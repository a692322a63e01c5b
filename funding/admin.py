"""Admin for reference data and configuration. The workflow state is
read-only here: it changes only through the workflow services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from funding import models
from funding import admin_texts  # noqa: F401 - registers the letter text admins
from funding.admin_accounts import ReadOnlyAdmin


class FundingLineInline(TranslationStackedInline):  # names and descriptions per language
    model = models.FundingLine
    extra = 0


class ScoreCriterionInline(TranslationTabularInline):
    model = models.ScoreCriterion
    extra = 0


class RegisterCourtInline(admin.TabularInline):
    """The register courts the organisation form suggests for this authority's organisations."""

    from applicants.models import RegisterCourt as model

    extra = 1


@admin.register(models.Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "city", "court_name"]
    inlines = [RegisterCourtInline]


@admin.register(models.FundingProgramme)
class FundingProgrammeAdmin(TranslationAdmin):
    list_display = ["name", "authority"]


@admin.register(models.FundingCall)
class FundingCallAdmin(TranslationAdmin):
    list_display = ["name", "reference_prefix", "opens_on", "closes_on", "budget"]
    inlines = [FundingLineInline, ScoreCriterionInline]


@admin.register(models.StandardReason)
class StandardReasonAdmin(admin.ModelAdmin):
    list_display = ["title", "authority", "call", "order"]


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
    list_display = ["application", "kind", "amount", "status", "requested_at", "run"]
    list_select_related = ["application"]


@admin.register(models.Recovery)
class RecoveryAdmin(ReadOnlyAdmin):
    list_display = ["application", "legal_basis", "amount", "interest_amount", "due_date", "settled_on"]
    list_select_related = ["application"]


@admin.register(models.Hearing)
class HearingAdmin(ReadOnlyAdmin):
    list_display = ["application", "intended_refund", "deadline", "answer_received_on"]
    list_select_related = ["application"]


@admin.register(models.Repayment)
class RepaymentAdmin(ReadOnlyAdmin):
    list_display = ["application", "received_on", "amount", "interest_part", "principal_part", "recorded_by"]
    list_select_related = ["application", "recorded_by"]


@admin.register(models.PaymentRun)
class PaymentRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "execution_date", "status", "count", "total", "created_by", "booked_by"]


@admin.register(models.Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "status", "new_amount", "new_end_date", "requested_at", "decided_by"]
    list_select_related = ["application", "decided_by"]


@admin.register(models.BaseRate)
class BaseRateAdmin(admin.ModelAdmin):
    """The base rate of § 247 BGB by half-year; refunds bear interest at five points above it."""

    list_display = ["valid_from", "rate_percent", "source"]
    ordering = ["-valid_from"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": BASE_RATE_HELP}
        return super().changelist_view(request, extra_context)


BASE_RATE_HELP = _(
    "Basiszinssätze nach § 247 BGB. Die Deutsche Bundesbank gibt den Satz zum 1. Januar und 1. Juli bekannt; "
    "tragen Sie jeden neuen Satz mit diesem Datum ein. Der Satz ab 01.07.2026 konnte bei der Einrichtung nicht "
    "geprüft werden und fehlt: Bitte tragen Sie ihn ein. Zeiträume nach dem letzten eingetragenen Halbjahr "
    "rechnet das System vorläufig mit dem letzten Satz und kennzeichnet sie in Seiten und Bescheiden."
)


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

