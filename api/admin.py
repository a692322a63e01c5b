"""API tokens in the admin: created (shown once), narrowed by scope, revoked; never edited or deleted."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext

from api.models import ApiToken
from api.services import token_issue, token_problems, token_revoke


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["authority", "name", "scope", "acting_user"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            for field, message in token_problems(scope=data.get("scope"), acting_user=data.get("acting_user")).items():
                self.add_error(field, message)
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "authority", "scope", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["authority", "scope", "revoked_at"]
    actions = ["revoke"]
    readonly_fields = ["key_prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["authority", "name", "scope", "acting_user"]
        return ["authority", "name", "scope", "acting_user", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        # A token's owner and rights never change after it was shown: revoke it and issue a new one.
        return [] if obj is None else ["authority", "name", "scope", "acting_user", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        raw = token_issue(token=obj, created_by=request.user)
        messages.warning(
            request,
            _("Das Token lautet: %(token)s – es wird nur jetzt angezeigt. Bitte sicher übergeben.") % {"token": raw},
        )

    @admin.action(description=_("Ausgewählte Tokens widerrufen"))
    def revoke(self, request, queryset):
        count = sum(token_revoke(token=token) for token in queryset)
        self.message_user(request, ngettext("%(count)d Token widerrufen.", "%(count)d Tokens widerrufen.", count) % {
            "count": count})
