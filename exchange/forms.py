"""Forms of the exchange platform: they validate; the services act."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.fields import upload_field
from funding.inputs import DateInput
from applicants.models import Municipality, Organisation
from funding import tenancy
from funding.models import Authority
from exchange.models import (
    AgendaItem,
    Agreement,
    Answer,
    Consultation,
    Event,
    Language,
    Meeting,
    MeetingInvitation,
    OfferCategory,
    Partner,
    Profile,
)
from exchange.services.directory import CONSENT_TEXT, RELIGION_CONSENT_TEXT


class DateTimeInput(forms.DateTimeInput):
    """The phone's date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class LabelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def _checkboxes(queryset, label, help_text=""):
    return LabelChoiceField(queryset=queryset, label=label, help_text=help_text, required=False,
                            widget=forms.CheckboxSelectMultiple)


class ProfileForm(forms.ModelForm):
    offers = _checkboxes(OfferCategory.objects.filter(is_active=True), _("Angebote"))
    translation_languages = _checkboxes(
        Language.objects.all(), _("Übersetzung und Sprachmittlung in diese Sprachen"),
        _("Nur wenn Sie Übersetzung oder Sprachmittlung anbieten."),
    )
    languages = _checkboxes(Language.objects.all(), _("Sprachen, die bei Ihnen gesprochen werden"))
    religion_consent = forms.BooleanField(label=RELIGION_CONSENT_TEXT, required=False)
    website = forms.URLField(label=_("Internetseite"), required=False, assume_scheme="https")

    class Meta:
        model = Profile
        fields = [
            "display_name", "municipality", "description", "offers", "translation_languages", "languages",
            "meeting_place", "meeting_times", "website", "contact_enabled", "show_religion", "religion",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "display_name": _("So erscheint Ihr Verein im Verzeichnis."),
            "description": _("Wer Sie sind und was Sie machen, in wenigen Sätzen."),
            "meeting_times": _("Zum Beispiel: dienstags 17–19 Uhr"),
            "contact_enabled": _("Besucher können Ihnen schreiben. Ihre E-Mail-Adresse sehen sie nicht."),
            "show_religion": _("Freiwillig. Ohne Haken wird keine Religionszugehörigkeit gespeichert oder gezeigt."),
            "religion": _("Zum Beispiel: sunnitisch, alevitisch, orthodox."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].empty_label = None

    def clean(self):
        data = super().clean()
        if data.get("show_religion"):
            if not data.get("religion", "").strip():
                self.add_error("religion", _("Bitte tragen Sie die Religionszugehörigkeit ein oder nehmen Sie den Haken weg."))
            if not data.get("religion_consent") and not (self.instance.pk and self.instance.show_religion):
                self.add_error("religion_consent", _("Ohne diese ausdrückliche Einwilligung zeigen wir die Religionszugehörigkeit nicht."))
        offers = data.get("offers") or []
        if any(offer.asks_languages for offer in offers) and not data.get("translation_languages"):
            self.add_error("translation_languages", _("Bitte wählen Sie die Sprachen, in die Sie übersetzen."))
        return data


class PublishForm(forms.Form):
    consent = forms.BooleanField(label=CONSENT_TEXT, error_messages={
        "required": _("Ohne Ihre Einwilligung veröffentlichen wir nichts.")})


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=200)
    email = forms.EmailField(label=_("Ihre E-Mail-Adresse"), help_text=_("Damit der Verein Ihnen antworten kann."))
    message = forms.CharField(label=_("Ihre Nachricht"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6}))
    # A field people do not see and bots fill in.
    homepage = forms.CharField(label=_("Dieses Feld bitte leer lassen"), required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(_("Dieses Feld bitte leer lassen."))
        return ""


class EventForm(forms.ModelForm):
    languages = _checkboxes(Language.objects.all(), _("Sprachen"))

    class Meta:
        model = Event
        fields = ["title", "kind", "description", "starts_at", "ends_at", "place", "municipality", "languages",
                  "open_to_all"]
        widgets = {"starts_at": DateTimeInput, "ends_at": DateTimeInput,
                   "description": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        if starts and starts < timezone.now() and "starts_at" in self.changed_data:
            self.add_error("starts_at", _("Der Beginn liegt in der Vergangenheit."))
        return data


class ModerationForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Entscheidung"), coerce=lambda value: value == "1", widget=forms.RadioSelect,
        choices=[("1", _("Freigeben")), ("0", _("Nicht freigeben"))],
    )
    note = forms.CharField(label=_("Hinweis an den Verein"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AuthorityFormMixin:
    """A staff form of the exchange: the municipalities on offer are those of the staff member's authorities.

    A new entry gets its authority here when the person is KI staff in
    several (else the service takes the one). An existing entry keeps its
    own, and only its municipalities are offered.
    """

    def limit_to_authorities(self, user):
        from exchange.access import ki_authorities

        if self.instance.pk:
            authorities = Authority.objects.filter(pk=self.instance.authority_id)
        else:
            authorities = ki_authorities(user)
            several = len(authorities) > 1  # with one, the service takes it (``default_authority``)
            self.fields["authority"] = forms.ModelChoiceField(
                label=_("Behörde"), queryset=authorities, required=several, empty_label=None,
                widget=forms.Select if several else forms.HiddenInput)
        for name in ("municipality", "municipalities"):
            if name in self.fields:
                self.fields[name].queryset = self.fields[name].queryset & tenancy.municipalities(authorities)

    def check_municipalities(self, data):
        """With several authorities on offer: the municipalities chosen must be the chosen authority's."""
        authority = data.get("authority")
        if authority and any(m.authority_id not in (None, authority.pk) for m in data.get("municipalities") or ()):
            self.add_error("municipalities", _("Bitte wählen Sie nur Kommunen der gewählten Behörde."))


class MeetingForm(AuthorityFormMixin, forms.ModelForm):
    municipalities = forms.ModelMultipleChoiceField(
        queryset=Municipality.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Kommunen"), help_text=_("Nur wenn das Treffen nicht kreisweit ist."),
    )

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "description", "district_wide", "municipalities",
                  "invite_partners", "proposals_until"]
        widgets = {"starts_at": DateTimeInput, "ends_at": DateTimeInput, "proposals_until": DateTimeInput,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to_authorities(user)

    def clean(self):
        data = super().clean()
        self.check_municipalities(data)
        if not data.get("district_wide") and not data.get("municipalities"):
            self.add_error("municipalities", _("Bitte wählen Sie die Kommunen oder „Kreisweit“."))
        starts = data.get("starts_at")
        if starts and data.get("ends_at") and data["ends_at"] <= starts:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        if starts and data.get("proposals_until") and data["proposals_until"] > starts:
            self.add_error("proposals_until", _("Die Frist für Vorschläge muss vor dem Treffen liegen."))
        return data


class MeetingCreateForm(MeetingForm):
    repeat = forms.IntegerField(label=_("Anzahl der Treffen"), min_value=1, max_value=12, initial=1,
                                help_text=_("Mehr als 1 legt eine regelmäßige Reihe an."))
    interval_months = forms.IntegerField(label=_("Abstand in Monaten"), min_value=1, max_value=24, initial=6)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DocumentForm(forms.Form):
    file = upload_field()


class AnswerForm(forms.ModelForm):
    class Meta:
        model = MeetingInvitation
        fields = ["answer", "people", "interpreting", "accessibility", "childcare", "needs_note"]
        widgets = {"answer": forms.RadioSelect, "people": forms.NumberInput(attrs={"inputmode": "numeric"})}
        labels = {"answer": _("Kommen Sie?"), "people": _("Mit wie vielen Personen?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True
        self.fields["answer"].choices = Answer.choices
        self.fields["interpreting"].label_from_instance = lambda language: language.label
        self.fields["interpreting"].empty_label = _("keine")

    def clean(self):
        data = super().clean()
        if data.get("answer") in (Answer.YES, Answer.MAYBE) and not data.get("people"):
            self.add_error("people", _("Bitte geben Sie an, mit wie vielen Personen Sie kommen."))
        if (data.get("people") or 0) > 50:
            self.add_error("people", _("Bitte melden Sie höchstens 50 Personen an."))
        return data


class CheckInForm(forms.Form):
    people = forms.IntegerField(label=_("Personen"), min_value=1, max_value=50, initial=1,
                                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class WalkInForm(CheckInForm):
    name = forms.CharField(label=_("Name oder Organisation"), max_length=200)

    field_order = ["name", "people"]


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Protokoll"), widget=forms.Textarea(attrs={"rows": 14}), max_length=50000,
                              help_text=_("Verlauf und Ergebnisse. Vereinbarungen tragen Sie unten einzeln ein."))


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["text", "responsible", "responsible_text", "due_on"]
        widgets = {"due_on": DateInput}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = meeting.invitations.filter(organisation__isnull=False).values("organisation")
        self.fields["responsible"].queryset = Organisation.objects.filter(pk__in=invited).order_by("name")
        self.fields["responsible"].empty_label = _("keine (siehe „Verantwortlich (sonst)“)")

    def clean(self):
        data = super().clean()
        if not data.get("responsible") and not data.get("responsible_text", "").strip():
            self.add_error("responsible", _("Bitte sagen Sie, wer die Vereinbarung übernimmt."))
        return data


class ConsultationForm(AuthorityFormMixin, forms.ModelForm):
    questions = forms.CharField(
        label=_("Fragen"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eine Frage pro Zeile."),
    )

    class Meta:
        model = Consultation
        fields = ["title", "text", "deadline"]
        widgets = {"deadline": DateTimeInput, "text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to_authorities(user)
        if self.instance.pk:
            self.initial["questions"] = "\n".join(self.instance.questions.values_list("text", flat=True))

    def clean_questions(self):
        lines = [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]
        if any(len(line) > 500 for line in lines):
            raise forms.ValidationError(_("Eine Frage darf höchstens 500 Zeichen lang sein."))
        return lines


class StatementForm(forms.Form):
    text = forms.CharField(label=_("Ihre Stellungnahme"), required=False, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
            )

    def answers(self):
        return {str(q.pk): self.cleaned_data.get(f"q{q.pk}", "") for q in self.questions}


class SummaryForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["summary", "outcome"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8}), "outcome": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].required = True


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=_("Internetseite"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = ["municipality", "name", "kind", "offer", "contact_name", "email", "phone", "website", "is_public"]
        widgets = {"offer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        from exchange.access import ki_authorities

        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = (
            self.fields["municipality"].queryset & tenancy.municipalities(ki_authorities(user)))
