"""Forms on the application page: messages, drawdowns, withdrawal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.inputs import AmountField


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Ihre Nachricht an das Integrationszentrum"),
        max_length=5000,
        help_text=_("Schreiben Sie einfach, wie Sie sprechen. Wir antworten hier und per E-Mail."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DrawdownForm(forms.Form):
    amount = AmountField(
        label=_("Betrag"),
        positive=True,
        help_text=_("Wie viel Geld brauchen Sie jetzt? Zum Beispiel 2.500,00."),
    )
    purpose = forms.CharField(
        label=_("Wofür geben Sie das Geld in den nächsten zwei Monaten aus?"),
        max_length=300,
        help_text=_("Zum Beispiel: „Honorare für März und April, Miete für den Saal am 12. Mai“."),
    )
    needed_confirmed = forms.BooleanField(
        label=_("Ich bestätige: Wir brauchen dieses Geld innerhalb von zwei Monaten nach der Auszahlung für fällige Zahlungen."),
        help_text=_("So verlangt es Nr. 1.4 der Nebenbestimmungen (ANBest-P). Geld, das länger liegen bleibt, kann Zinsen kosten."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie das Geld innerhalb von zwei Monaten brauchen.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Warum ziehen Sie den Antrag zurück?"),
        max_length=2000,
        required=False,
        help_text=_("Freiwillig. Das hilft uns, das Programm zu verbessern."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HearingAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Ihre Stellungnahme"),
        max_length=10000,
        help_text=_("Schreiben Sie, warum Sie das Geld behalten möchten oder was wir noch wissen sollten. Sie können in Ihrer Sprache schreiben."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
