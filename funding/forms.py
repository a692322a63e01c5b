from django import forms
from django.utils.translation import gettext_lazy as _


class OTPTokenForm(forms.Form):
    """The six-digit code that confirms a new authenticator app."""

    invalid_message = _("Der Code ist nicht gültig. Bitte geben Sie den aktuellen Code aus Ihrer App ein.")

    token = forms.CharField(
        label=_("Sechsstelliger Code aus Ihrer Authenticator-App"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class VerifyCodeForm(forms.Form):
    """At login: a code from the app, or one of the recovery codes."""

    invalid_message = _(
        "Der Code ist nicht gültig. Bitte geben Sie den aktuellen Code aus Ihrer App oder einen unbenutzten "
        "Wiederherstellungscode ein."
    )

    token = forms.CharField(
        label=_("Code aus Ihrer Authenticator-App oder Wiederherstellungscode"),
        max_length=32,
        help_text=_("Sechs Ziffern aus der App. Wenn Sie Ihr Telefon nicht haben: einer Ihrer Wiederherstellungscodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}),
    )
