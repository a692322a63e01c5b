"""Form fields for what applicants type: euro amounts and dates.

Volunteers type amounts the German way ("1.234,56"), the plain way
("1234,56") or with a decimal point ("1234.56"); all mean the same.
Anything else is answered with a message at the field, never a 500.
"""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.amounts import MAX_AMOUNT, format_eur, parse_german_amount
from funding.models.applications import MAX_TEXT_LENGTH

# Nothing in this programme comes near a million euro; a larger figure is a
# typo (an extra zero, a pasted IBAN) and is refused instead of stored.
PLAUSIBLE_MAX = Decimal("1000000.00")
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
_DIGITS_ONLY = re.compile(r"[0-9.,]+")
_TOO_MANY_DECIMALS = re.compile(r"[0-9.]*,[0-9]{3,}")
_MAX_WHOLE_DIGITS = len(str(int(MAX_AMOUNT)))


def format_amount(value):
    """Decimal -> "1.234,56" as shown in an input (no euro sign)."""
    if value in (None, ""):
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal):
        return str(value)
    return format_eur(value).removesuffix("\u00a0€")


class AmountInput(forms.TextInput):
    """Text input that shows Decimals in German notation; numeric keypad on phones."""

    def __init__(self, attrs=None):
        base = {"inputmode": "decimal", "autocomplete": "off", "class": "amount", "data-amount": ""}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        return format_amount(value) or None


class GermanAmountField(forms.Field):
    widget = AmountInput
    default_error_messages = {
        "invalid": _("Bitte geben Sie einen Betrag in Euro ein, zum Beispiel 1.234,56 oder 250."),
        "negative": _("Der Betrag darf nicht negativ sein."),
        "decimals": _("Bitte geben Sie höchstens zwei Stellen nach dem Komma an (Cent)."),
        "too_large": _("Dieser Betrag ist zu hoch. Bitte prüfen Sie die Eingabe (höchstens %(max)s)."),
        "not_positive": _("Bitte geben Sie einen Betrag größer als 0 € ein."),
    }

    def __init__(self, *, max_value=PLAUSIBLE_MAX, positive=False, group="", widget_attrs=None, **kwargs):
        self.max_value, self.positive = max_value, positive
        super().__init__(**kwargs)
        if group:
            self.widget.attrs["data-group"] = group
        self.widget.attrs.update(widget_attrs or {})

    def to_python(self, value):
        if isinstance(value, Decimal):
            return value
        text = (value or "").strip()
        if not text:
            return None
        try:
            return parse_german_amount(text)
        except (ValueError, TypeError):
            raise forms.ValidationError(self._reason(text), code="invalid") from None

    def _reason(self, text):
        core = text.replace(" ", "").replace("\u00a0", "").strip("€")
        if core[:1] in ("-", "\u2212"):
            return self.error_messages["negative"]
        if _DIGITS_ONLY.fullmatch(core) and len(core.replace(".", "").split(",")[0]) > _MAX_WHOLE_DIGITS:
            return self.error_messages["too_large"] % {"max": format_eur(self.max_value)}
        if _TOO_MANY_DECIMALS.fullmatch(core):
            return self.error_messages["decimals"]
        return self.error_messages["invalid"]

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value > self.max_value:
            raise forms.ValidationError(
                self.error_messages["too_large"] % {"max": format_eur(self.max_value)}, code="too_large"
            )
        if self.positive and value <= 0:
            raise forms.ValidationError(self.error_messages["not_positive"], code="not_positive")

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (Decimal(initial) if initial not in (None, "") else None)
        except forms.ValidationError:
            return True


class DateInput(forms.DateInput):
    """The phone's date picker; ISO values, German typed dates also accepted."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class GermanDateField(forms.DateField):
    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Bitte geben Sie ein gültiges Datum ein, zum Beispiel 31.12.2027."),
    }


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
