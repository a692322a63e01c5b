"""The proof of use: narrative report, actual figures, list of receipts."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.fields import head_count, long_text, upload_field
from applicants.forms.application import ZERO, RowForm, row_formset
from funding.inputs import AmountField, DateField
from funding.models import CostLine, ProofOfUse


class NarrativeForm(forms.ModelForm):
    """Sachbericht."""

    activities = long_text(_("Was wurde durchgeführt?"), _("Beschreiben Sie, was im Projekt stattgefunden hat, wann und wo."))
    results = long_text(_("Ergebnisse"), _("Was hat das Projekt bewirkt? Was hat gut geklappt?"))
    deviations = long_text(
        _("Abweichungen vom Plan"), _("Was lief anders als geplant, und warum? Leer lassen, wenn alles wie geplant lief.")
    )
    participants_reached = head_count(
        _("Erreichte Teilnehmende"), _("Wie viele Menschen haben teilgenommen? Eine gute Schätzung genügt.")
    )

    class Meta:
        model = ProofOfUse
        fields = ["activities", "participants_reached", "results", "deviations"]

    def clean_participants_reached(self):
        return self.cleaned_data["participants_reached"] or 0


INCOME_FIELDS = {
    "own_funds_actual": ("own_funds", _("Eigenmittel")),
    "volunteer_work_actual": ("volunteer_work", _("Eigenleistung")),
    "third_party_funds_actual": ("third_party_funds", _("Drittmittel")),
    "other_public_funds_actual": ("other_public_funds", _("Andere öffentliche Mittel")),
    "grant_actual": ("approved_amount", _("Zuwendung")),
}


class FiguresForm(forms.Form):
    """Actual expenditure per line of the cost plan, and actual income.

    One amount field per cost line (``line_<pk>``); an empty field means 0 €.
    """

    def __init__(self, *args, cost_lines, proof, actuals, **kwargs):
        super().__init__(*args, **kwargs)
        self.cost_lines = cost_lines
        for line in cost_lines:
            self.fields[f"line_{line.pk}"] = AmountField(
                label=f"{line.get_category_display()}: {line.description}",
                required=False,
                initial=actuals.get(line.pk),
                group="ausgaben",
                widget_attrs={"data-planned": str(line.amount), "data-warning": f"over_{line.pk}"},
            )
        for name, (_plan, label) in INCOME_FIELDS.items():
            self.fields[name] = AmountField(label=label, required=False, initial=getattr(proof, name), group="einnahmen")

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = ZERO
        return cleaned

    def line_values(self):
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.cost_lines if f"line_{line.pk}" in self.cleaned_data}

    def income_values(self):
        return {name: self.cleaned_data[name] for name in INCOME_FIELDS if name in self.cleaned_data}


class ReceiptRowForm(RowForm):
    """One row of the Belegliste: date, payee, purpose, amount."""

    date = DateField(label=_("Datum"), required=False)
    payee = forms.CharField(label=_("Empfänger"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Zweck"), max_length=300, required=False)
    category = forms.ChoiceField(
        label=_("Kategorie"), choices=[("", _("– keine –")), *CostLine.Category.choices], required=False
    )
    amount = AmountField(label=_("Betrag in Euro"), required=False, group="belege")
    required_messages = {
        "date": _("Bitte geben Sie das Datum des Belegs ein."),
        "payee": _("Bitte geben Sie an, wer das Geld bekommen hat."),
        "purpose": _("Bitte geben Sie an, wofür bezahlt wurde."),
        "amount": _("Bitte geben Sie einen Betrag ein."),
    }

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Dieses Datum liegt in der Zukunft. Bitte prüfen Sie den Beleg."))
        return day


ReceiptFormSet = row_formset(ReceiptRowForm)


class ProofAttachmentForm(forms.Form):
    file = upload_field(
        _("Beleg oder Anlage"), _("PDF, JPEG oder PNG, z. B. eine Rechnung, eine Teilnehmerliste oder Fotos.")
    )
