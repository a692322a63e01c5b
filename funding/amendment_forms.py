"""The amendment request form, shared by the applicant portal and the staff workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.inputs import AmountField, DateField
from funding.models import CostLine

FINANCING_FIELDS = (
    ("own_funds", _("Eigenmittel (€)")),
    ("volunteer_work", _("Eigenleistung (€)")),
    ("third_party_funds", _("Drittmittel (€)")),
    ("other_public_funds", _("Andere öffentliche Mittel (€)")),
)


class AmendmentForm(forms.Form):
    """What should change and why; empty fields stay as they are."""

    reasons = forms.CharField(
        label=_("Warum soll sich etwas ändern?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zum Beispiel: Das Fest musste verschoben werden; die Raummiete ist gestiegen."),
    )
    new_start_date = DateField(label=_("Neuer Projektbeginn"), required=False)
    new_end_date = DateField(label=_("Neues Projektende"), required=False)
    new_amount = AmountField(label=_("Neue Zuwendung (€)"), required=False, positive=True)
    change_plan = forms.BooleanField(
        label=_("Den Ausgaben- und Finanzierungsplan ändern"), required=False,
        help_text=_("Nur nötig, wenn einzelne Ausgaben mehr als 20 % über dem Plan liegen oder neue dazukommen."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.lines = list(application.cost_lines.all())
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = AmountField(
                label=f"{line.get_category_display()}: {line.description}", required=False, initial=line.amount
            )
        self.fields["extra_description"] = forms.CharField(label=_("Neue Ausgabe: Beschreibung"), max_length=300, required=False)
        self.fields["extra_category"] = forms.ChoiceField(
            label=_("Neue Ausgabe: Kategorie"), choices=[("", "–"), *CostLine.Category.choices], required=False
        )
        self.fields["extra_amount"] = AmountField(label=_("Neue Ausgabe: Betrag (€)"), required=False)
        for name, label in FINANCING_FIELDS:
            self.fields[f"fin_{name}"] = AmountField(label=label, required=False, initial=getattr(application, name))

    def main_fields(self):
        return [self[name] for name in ("reasons", "new_start_date", "new_end_date", "new_amount", "change_plan")]

    def line_fields(self):
        return [self[f"line_{line.pk}"] for line in self.lines] + [self["extra_description"], self["extra_category"], self["extra_amount"]]

    def financing_fields(self):
        return [self[f"fin_{name}"] for name, _label in FINANCING_FIELDS]

    def clean(self):
        data = super().clean()
        if data.get("extra_amount") and not (data.get("extra_description") and data.get("extra_category")):
            self.add_error("extra_description", _("Bitte beschreiben Sie die neue Ausgabe und wählen Sie eine Kategorie."))
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {
            "reasons": data["reasons"], "new_start_date": data.get("new_start_date"),
            "new_end_date": data.get("new_end_date"), "new_amount": data.get("new_amount"),
        }
        if data.get("change_plan"):
            rows = [
                (line.category, line.description, data.get(f"line_{line.pk}") or 0, line) for line in self.lines
            ]
            if data.get("extra_amount"):
                rows.append((data["extra_category"], data["extra_description"], data["extra_amount"], None))
            kwargs["cost_lines"] = rows
            kwargs["financing"] = {
                name: data.get(f"fin_{name}") for name, _label in FINANCING_FIELDS if data.get(f"fin_{name}") is not None
            }
        return kwargs
