"""The organisation profile, its members and its standing documents."""

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from applicants.fields import upload_field
from applicants.models import Membership, Organisation, OrganisationDocument, RegisterCourt
from funding.inputs import DateField

PROFILE_HELP = {
    "name": _("Der Name, wie er in der Satzung oder im Vereinsregister steht."),
    "legal_form": _("Die meisten Vereine sind „eingetragener Verein (e.V.)“. Das steht im Vereinsregister."),
    "register_court": _("Steht auf dem Vereinsregisterauszug, z. B. Amtsgericht Steinfurt."),
    "register_number": _("Steht auf dem Vereinsregisterauszug, z. B. VR 1234."),
    "is_charitable": _("Haken setzen, wenn das Finanzamt Ihren Verein als gemeinnützig anerkannt hat."),
    "charitable_notice_date": _("Das Datum oben auf dem Freistellungsbescheid des Finanzamts."),
    "charitable_valid_until": _("Der Bescheid gilt meist bis zum Ende des dritten Jahres nach dem Ausstellungsjahr."),
    "street": _("Die Adresse für Post an den Verein."),
    "postcode": _("Fünf Ziffern, z. B. 48431."),
    "city": _("Zum Beispiel Rheine."),
    "municipality": _("Die Stadt oder Gemeinde im Kreis, in der Ihr Verein seinen Sitz hat. Leer lassen, wenn der Sitz außerhalb des Kreises liegt."),
    "org_type": _("Was beschreibt Ihren Verein am besten?"),
    "offers": _("Was bietet Ihr Verein an? Sie können mehreres ankreuzen."),
    "member_count": _("Ungefähr, als ganze Zahl."),
    "migrant_share_percent": _("Wie viel Prozent Ihrer Mitglieder oder Ihres Vorstands haben eine Migrationsgeschichte? Zahl von 0 bis 100."),
    "independent": _("Haken setzen, wenn Ihr Verein nicht von einer Regierung oder Partei gesteuert wird."),
    "contact_name": _("Wer beantwortet Fragen zum Antrag?"),
    "email": _("Wir schicken Bescheide und Nachrichten auch an diese Adresse."),
    "phone": _("Freiwillig. Für Rückfragen."),
    "account_holder": _("Wie auf dem Kontoauszug, meist der Name des Vereins."),
    "iban": _("Auf dieses Konto zahlen wir die Zuwendung. Beginnt mit DE und hat 22 Stellen."),
    "bic": _("Freiwillig. Bei deutschen Konten nicht nötig."),
}


SECTIONS = [
    (_("Der Verein"), [
        "name", "legal_form", "register_court", "register_number", "org_type", "offers", "member_count",
        "migrant_share_percent", "independent",
    ]),
    (_("Gemeinnützigkeit"), ["is_charitable", "charitable_notice_date", "charitable_valid_until"]),
    (_("Adresse und Kontakt"), ["street", "postcode", "city", "municipality", "contact_name", "email", "phone"]),
    (_("Bankverbindung"), ["account_holder", "iban", "bic"]),
]


class SuggestionsInput(forms.TextInput):
    """A text input with suggestions (``<datalist>``): any other text is still accepted."""

    def __init__(self, attrs=None, suggestions=()):
        super().__init__(attrs)
        self.suggestions = list(suggestions)

    def render(self, name, value, attrs=None, renderer=None):
        if not self.suggestions:
            return super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id') or f'id_{name}'}_suggestions"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}"></option>', ((text,) for text in self.suggestions))
        return html + format_html('<datalist id="{}">{}</datalist>', list_id, options)


def register_court_suggestions(organisation):
    """The register courts configured for the organisation's authority (by its seat); before a seat is known, all."""
    courts = RegisterCourt.objects.all()
    municipality = organisation.municipality if organisation.pk and organisation.municipality_id else None
    if municipality is not None and municipality.authority_id:
        courts = courts.filter(authority_id=municipality.authority_id)
    names = courts.order_by("order", "name").values_list("name", flat=True)
    return list(dict.fromkeys(names))


class OrganisationForm(forms.ModelForm):
    offers = forms.MultipleChoiceField(
        label=_("Angebote"), choices=Organisation.Offer.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    charitable_notice_date = DateField(label=_("Datum des Freistellungsbescheids"), required=False)
    charitable_valid_until = DateField(label=_("Freistellungsbescheid gültig bis"), required=False)

    class Meta:
        model = Organisation
        fields = [name for _legend, names in SECTIONS for name in names]
        widgets = {
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "iban": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in PROFILE_HELP.items():
            self.fields[name].help_text = text
        self.fields["municipality"].empty_label = _("– bitte wählen –")
        court = self.fields["register_court"]
        court.widget = SuggestionsInput(court.widget.attrs, suggestions=register_court_suggestions(self.instance))

    def sections(self):
        """(legend, bound fields) per part of the profile, in page order."""
        return [(legend, [self[name] for name in names]) for legend, names in SECTIONS]

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not (value.isascii() and value.isdigit() and len(value) == 5):
            raise forms.ValidationError(_("Bitte geben Sie eine Postleitzahl mit fünf Ziffern ein."))
        return value

    def clean_iban(self):
        return "".join(self.cleaned_data["iban"].split()).upper()

    def clean(self):
        cleaned = super().clean()
        notice, until = cleaned.get("charitable_notice_date"), cleaned.get("charitable_valid_until")
        if notice and until and until < notice:
            self.add_error("charitable_valid_until", _("Dieses Datum liegt vor dem Datum des Bescheids."))
        if cleaned.get("is_charitable") and not until and "charitable_valid_until" not in self.errors:
            self.add_error("charitable_valid_until", _("Bitte geben Sie an, bis wann der Freistellungsbescheid gilt."))
        if until and "charitable_valid_until" in self.changed_data and "charitable_valid_until" not in self.errors:
            if expired(until):
                self.add_error("charitable_valid_until", EXPIRED)
        return cleaned


EXPIRED = _(
    "Dieses Datum ist schon vorbei: Der Freistellungsbescheid ist abgelaufen. Bitte tragen Sie das Datum "
    "Ihres neuen Bescheids ein. Einen neuen Bescheid bekommen Sie beim Finanzamt."
)


def expired(day):
    return day < timezone.localdate()


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art des Dokuments"),
        choices=OrganisationDocument.Kind.choices,
        help_text=_("Satzung, Vereinsregisterauszug oder Freistellungsbescheid des Finanzamts."),
    )
    file = upload_field()
    valid_until = DateField(
        label=_("Gültig bis"),
        required=False,
        help_text=_("Nur beim Freistellungsbescheid nötig: bis wann gilt er?"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == OrganisationDocument.Kind.TAX_EXEMPTION and not cleaned.get("valid_until"):
            if "valid_until" not in self.errors:
                self.add_error("valid_until", _("Bitte geben Sie an, bis wann der Freistellungsbescheid gilt."))
        if cleaned.get("kind") == OrganisationDocument.Kind.TAX_EXEMPTION and cleaned.get("valid_until"):
            if expired(cleaned["valid_until"]):
                self.add_error("valid_until", EXPIRED)
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse der Person"),
        help_text=_("Wir schicken eine Einladung mit einem Link an diese Adresse."),
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text=_("Mitglieder können Anträge vorbereiten. Vertretungsberechtigte können außerdem einreichen und Mitglieder verwalten."),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)
