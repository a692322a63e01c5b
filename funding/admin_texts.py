"""Admin for the configured letter texts: text block versions and ANBest versions.

A saved version is never changed (letters name the version they used): a
new wording is added as a new version, prefilled with the one in force.
Saving checks the text (``LetterText.clean``): known placeholders only, and
every letter that uses the block renders with sample data.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from funding import texts
from funding.models import AncillaryProvisions, LetterText


def block_choices():
    return sorted(((key, f"{spec.title} ({key})") for key, spec in texts.BLOCKS.items()), key=lambda c: c[1])


class LetterTextForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("Textbaustein"), choices=block_choices)

    class Meta:
        model = LetterText
        fields = ["key", "authority", "valid_from", "text", "note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16, "cols": 100})}


def placeholder_table(key):
    rows = texts.placeholder_help(key) if key in texts.BLOCKS else []
    if not rows:
        return _("Dieser Baustein hat keine Platzhalter.")
    return format_html(
        "<table><tbody>{}</tbody></table>",
        format_html_join("", "<tr><th><code>{{{}}}</code></th><td>{}</td></tr>", rows),
    )


class VersionAdmin(admin.ModelAdmin):
    """A saved version is never changed or deleted (letters name it); the author is recorded."""

    def has_change_permission(self, request, obj=None):
        # Versions are read-only once saved; the change page shows them.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(LetterText)
class LetterTextAdmin(VersionAdmin):
    form = LetterTextForm
    list_display = ["block_title", "key", "authority", "version", "valid_from", "note", "created_by", "created_at", "new_version"]
    list_filter = ["key", "authority"]
    search_fields = ["key", "text", "note"]
    list_select_related = ["created_by", "authority"]

    @admin.display(description=_("Baustein"))
    def block_title(self, obj):
        spec = texts.BLOCKS.get(obj.key)
        return spec.title if spec else obj.key

    @admin.display(description=_("Neue Fassung"))
    def new_version(self, obj):
        url = reverse("admin:funding_lettertext_add") + f"?key={obj.key}"
        return format_html('<a href="{}">{}</a>', url, _("anlegen"))

    @admin.display(description=_("Platzhalter"))
    def placeholders(self, obj):
        return placeholder_table(obj.key)

    @admin.display(description=_("Hinweis"))
    def block_help(self, obj):
        spec = texts.BLOCKS.get(obj.key)
        return spec.help if spec and spec.help else "–"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["key", "authority", "valid_from", "text", "note"]
        return ["key", "authority", "version", "valid_from", "text", "note", "created_by", "created_at", "block_help", "placeholders"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        key = request.GET.get("key", "")
        if obj is None and "text" in form.base_fields:
            form.base_fields["text"].help_text = format_html(
                "{}<br>{}", _("Absätze durch eine Leerzeile trennen; **fett**; Platzhalter in geschweiften Klammern."),
                placeholder_table(key) if key in texts.BLOCKS else _("Platzhalter: nach Wahl des Bausteins über „Neue Fassung anlegen“ in der Liste."),
            )
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        key = request.GET.get("key")
        if key in texts.BLOCKS:
            initial["text"] = texts.current_text(key, timezone.localdate())
        return initial



class ProvisionsForm(forms.ModelForm):
    class Meta:
        model = AncillaryProvisions
        fields = ["kind", "authority", "title", "version", "valid_from", "text", "is_demo"]
        widgets = {"text": forms.Textarea(attrs={"rows": 30, "cols": 100})}


@admin.register(AncillaryProvisions)
class AncillaryProvisionsAdmin(VersionAdmin):
    form = ProvisionsForm
    list_display = ["kind", "authority", "version", "valid_from", "is_demo", "created_by", "created_at"]
    list_filter = ["kind", "authority", "is_demo"]
    list_select_related = ["created_by", "authority"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*ProvisionsForm.Meta.fields, "created_by", "created_at"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kind = request.GET.get("kind")
        latest = AncillaryProvisions.objects.filter(kind=kind).order_by("-valid_from").first() if kind else None
        if latest is not None:
            initial.update(kind=kind, title=latest.title, text=latest.text, is_demo=False)
        return initial
