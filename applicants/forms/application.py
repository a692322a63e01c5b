"""The steps of the application form."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from applicants.fields import head_count, long_text, upload_field
from funding.inputs import AmountField, DateField
from funding.models import Application, Attachment, CostLine
from funding.models.applications import MAX_COST_LINES

MAX_ROWS = MAX_COST_LINES
ZERO = Decimal("0.00")


class ApplicationCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Für welchen Verein stellen Sie den Antrag?"), queryset=None, empty_label=None
    )
    title = forms.CharField(
        label=_("Titel des Projekts"),
        max_length=200,
        help_text=_("Ein kurzer Name, z. B. „Sprachcafé für Neuzugewanderte“. Sie können ihn später ändern."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
            self.fields["organisation"].widget = forms.HiddenInput()


class ProjectForm(forms.ModelForm):
    summary = long_text(_("Kurzbeschreibung"), _("Worum geht es? Zwei bis drei Sätze reichen."))
    goals = long_text(_("Ziele"), _("Was soll sich durch das Projekt verbessern? Für wen?"))
    target_group = long_text(_("Zielgruppe"), _("Wen wollen Sie erreichen? Zum Beispiel: neu zugewanderte Familien in Rheine."), rows=3)
    activities = long_text(_("Geplante Maßnahmen"), _("Was machen Sie genau, wie oft und wo? Zum Beispiel: jeden Dienstag ein Sprachcafé."))
    expected_participants = head_count(
        _("Erwartete Teilnehmende"), _("Wie viele Menschen nehmen ungefähr teil? Eine Schätzung genügt.")
    )
    start_date = DateField(label=_("Projektbeginn"), required=False, help_text=_("Frühestens am Tag des Einreichens."))
    end_date = DateField(label=_("Projektende"), required=False, help_text=_("Der letzte Tag des Projekts."))
    early_start_reason = long_text(
        _("Begründung für den vorzeitigen Beginn"),
        _("Nur nötig, wenn Sie vor der Bewilligung anfangen müssen: Warum kann das Projekt nicht warten?"),
        rows=3,
    )

    class Meta:
        model = Application
        fields = [
            "title", "summary", "goals", "target_group", "activities", "expected_participants", "municipality",
            "start_date", "end_date", "early_start_requested", "early_start_reason",
        ]
        help_texts = {
            "title": _("Ein kurzer, verständlicher Name für Ihr Projekt."),
            "municipality": _("In welcher Stadt oder Gemeinde findet das Projekt hauptsächlich statt?"),
            "early_start_requested": _("Nur ankreuzen, wenn Sie vor der Bewilligung mit dem Projekt beginnen müssen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].empty_label = _("– bitte wählen –")

    def clean_expected_participants(self):
        return self.cleaned_data["expected_participants"] or 0


class RowForm(forms.Form):
    """A row of a table the applicant fills in; a completely empty row is ignored."""

    required_messages = {}

    def clean(self):
        cleaned = super().clean()
        if self.is_blank():
            return cleaned
        for name, message in self.required_messages.items():
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        if cleaned.get("amount") is not None and cleaned["amount"] <= 0 and "amount" not in self.errors:
            self.add_error("amount", _("Bitte geben Sie einen Betrag größer als 0 € ein."))
        return cleaned

    def is_blank(self):
        return not any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields if name != "DELETE")


class CostRowForm(RowForm):
    """One line of the cost plan."""

    category = forms.ChoiceField(
        label=_("Kategorie"), choices=[("", _("– bitte wählen –")), *CostLine.Category.choices], required=False
    )
    description = forms.CharField(label=_("Beschreibung"), max_length=300, required=False)
    amount = AmountField(label=_("Betrag in Euro"), required=False, group="kosten")
    required_messages = {
        "category": _("Bitte wählen Sie eine Kategorie."),
        "description": _("Bitte beschreiben Sie kurz, wofür das Geld ist."),
        "amount": _("Bitte geben Sie einen Betrag ein."),
    }


class BaseRowFormSet(forms.BaseFormSet):
    """Rows that are blank or marked for removal are left out of ``rows()``."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("Bitte erfassen Sie höchstens %(num)d Zeilen."),
        "missing_management_form": _("Das Formular ist unvollständig angekommen. Bitte laden Sie die Seite neu."),
    }

    def rows(self):
        return [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()
        ]

    def _should_delete_form(self, form):
        return super()._should_delete_form(form) or form.is_blank()


def row_formset(form_class):
    return forms.formset_factory(
        form_class,
        formset=BaseRowFormSet,
        extra=0,
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS * 2,
    )


CostFormSet = row_formset(CostRowForm)


def _amount(label, help_text):
    return AmountField(label=label, help_text=help_text, required=False, group="finanzierung")


class FinancingForm(forms.ModelForm):
    """The financing plan; an empty amount means 0 €."""

    own_funds = _amount(_("Eigenmittel"), _("Geld, das Ihr Verein selbst beisteuert, z. B. aus Beiträgen oder Spenden."))
    volunteer_work = _amount(
        _("Eigenleistung (ehrenamtliche Arbeit)"),
        _("Der Wert der unbezahlten Arbeit Ihrer Ehrenamtlichen. Sie zählt zum Eigenanteil, aber nur zu einem kleinen Teil."),
    )
    third_party_funds = _amount(_("Drittmittel"), _("Geld von anderen, z. B. von Stiftungen oder Firmen."))
    other_public_funds = _amount(_("Andere öffentliche Mittel"), _("Geld von Stadt, Land oder Bund für dieses Projekt."))
    requested_amount = _amount(_("Beantragte Zuwendung"), _("So viel Geld beantragen Sie bei uns."))

    class Meta:
        model = Application
        fields = ["own_funds", "volunteer_work", "third_party_funds", "other_public_funds", "requested_amount"]

    def clean(self):
        cleaned = super().clean()
        for name in self.Meta.fields:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = ZERO
        return cleaned


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art der Anlage"),
        choices=[(k, label) for k, label in Attachment.Kind.choices if k != Attachment.Kind.PROOF],
        initial=Attachment.Kind.QUOTE,
        help_text=_("Zum Beispiel ein Angebot für Honorare oder Miete."),
    )
    file = upload_field()


class DeclarationForm(forms.Form):
    """The declarations of the representative, made when submitting."""

    declared_truthful = forms.BooleanField(
        label=_("Ich versichere, dass alle Angaben in diesem Antrag vollständig und richtig sind.")
    )
    declared_not_started = forms.BooleanField(
        label=_("Das Projekt hat noch nicht begonnen (außer ein vorzeitiger Beginn ist beantragt).")
    )
    declared_no_double_funding = forms.BooleanField(
        label=_("Für dieses Projekt gibt es keine weitere Förderung, außer der im Finanzierungsplan genannten.")
    )
    declared_data_consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass die Daten für die Bearbeitung des Antrags gespeichert und verarbeitet werden.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Bitte bestätigen Sie diese Erklärung.")


class DeclarationConfirmationForm(DeclarationForm):
    """The declarations, confirmed afterwards by the representative of an application filed with the KI's help."""

    name = forms.CharField(
        label=_("Ihr Name"), max_length=200,
        help_text=_("Vor- und Nachname der vertretungsberechtigten Person, die die Erklärungen abgibt."),
    )
    field_order = ["name"]
