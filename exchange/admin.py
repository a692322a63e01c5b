from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from exchange import models


@admin.register(models.OfferCategory)
class OfferCategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "asks_languages", "is_active", "order"]
    list_editable = ["order", "is_active"]


@admin.register(models.Language)
class LanguageAdmin(TranslationAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]


class ConsentInline(admin.TabularInline):
    model = models.ConsentRecord
    extra = 0
    can_delete = False
    readonly_fields = ["action", "includes_religion", "user", "at", "text"]


@admin.register(models.Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "municipality", "published_at"]
    list_filter = ["municipality"]
    search_fields = ["display_name"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["published_at"]
    inlines = [ConsentInline]


@admin.register(models.Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "is_public"]
    list_filter = ["municipality", "kind"]


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "municipality", "starts_at", "status"]
    list_filter = ["status", "municipality"]
    search_fields = ["title"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["status"]


class AgendaInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0
    raw_id_fields = ["proposed_by"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "district_wide", "invited_at", "minutes_published_at"]
    readonly_fields = ["minutes_file", "minutes_sha256", "minutes_published_at", "invited_at"]
    inlines = [AgendaInline]


@admin.register(models.Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "deadline", "opened_at", "summary_published_at"]
