"""Form fields only the applicant portal uses: long texts, head counts, uploads.

Amounts and dates use the fields both portals share, in ``funding.inputs``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.models.applications import MAX_TEXT_LENGTH

MAX_TEXT = MAX_TEXT_LENGTH
TOO_LONG = _("Bitte fassen Sie sich kürzer: höchstens %(limit_value)d Zeichen (jetzt %(show_value)d).")


def long_text(label, help_text, rows=4):
    """An optional text area: drafts may leave it empty, the checks ask for it."""
    return forms.CharField(
        label=label, help_text=help_text, required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )


def head_count(label, help_text):
    """A number of people; empty means 0."""
    return forms.IntegerField(
        label=label, help_text=help_text, min_value=0, max_value=100000, required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def upload_field(label=_("Datei"), help_text=_("PDF, JPEG oder PNG. Sie können auch ein Foto mit dem Handy machen.")):
    from applicants.uploads import ACCEPT

    return forms.FileField(label=label, help_text=help_text, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
