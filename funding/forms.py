from django import forms
from django.utils.translation import gettext_lazy as _


class OTPTokenForm(forms.Form):
    invalid_message = _("Der Code ist nicht gültig. Bitte geben Sie den aktuellen Code aus Ihrer App ein.")

    token = forms.CharField(
        label=_("Sechsstelliger Code aus Ihrer Authenticator-App"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
